"""Server mode: an open /ws/live stops answering once its session is signed out (logout or a
password change): the next frame gets an auth.signed_out error event and the socket closes."""

from __future__ import annotations

import time

import pytest
from starlette.websockets import WebSocketDisconnect

from intervoo.security.websocket import SESSION_RECHECK_S
from tests.security.conftest import PASSWORD_A, TwoUsers

pytestmark = pytest.mark.postgres
WS_URL = "ws://127.0.0.1/ws/live"
ASK = {"type": "ask", "text": "Why do you want this job?"}


def _signed_out_after(two_users: TwoUsers, end_session: str) -> list[dict[str, object]]:
    client = two_users.a
    with client.websocket_connect(WS_URL, headers={"Origin": "http://127.0.0.1"}) as socket:
        socket.send_json({"type": "start", "llm": "none"})
        assert socket.receive_json()["type"] == "status"
        if end_session == "logout":
            assert client.post("/api/auth/logout").status_code in (200, 204)
        else:
            body = {"current_password": PASSWORD_A, "new_password": "a brand new password 42"}
            assert client.post("/api/auth/password", json=body).status_code == 200
        time.sleep(SESSION_RECHECK_S + 0.1)
        socket.send_json(ASK)
        events = []
        with pytest.raises(WebSocketDisconnect):
            while True:
                events.append(socket.receive_json())
    return events


@pytest.mark.parametrize("end_session", ["logout", "password"])
def test_a_signed_out_session_gets_one_error_and_no_more_answers(
    two_users: TwoUsers, end_session: str
) -> None:
    events = _signed_out_after(two_users, end_session)
    assert [e["type"] for e in events if e["type"] == "suggestion.done"] == []
    errors = [e for e in events if e["type"] == "error"]
    assert [e["code"] for e in errors] == ["auth.signed_out"]
