"""`/ws/live`: other web pages cannot open it; in server mode it takes no audio and
each account has a bounded number of live sessions."""

from __future__ import annotations

import pytest
import websockets
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import InvalidStatus

from intervoo.config import Settings
from intervoo.security.websocket import AUDIO_REFUSED, CLOSE_UNSUPPORTED
from intervoo.web.app import create_app
from tests.live.server import running_server
from tests.security.conftest import TwoUsers
from tests.support.auth import BASE_URL, auth_headers, extra_client

WS_URL = "ws://127.0.0.1/ws/live"  # TestClient would say Host: testserver
START = {"type": "start", "company": "Acme", "role": "Engineer", "llm": "none"}


async def test_foreign_origins_and_missing_tokens_cannot_open_the_live_socket(
    settings: Settings,
) -> None:
    async with running_server(settings) as base:
        url = base.replace("http://", "ws://") + "/ws/live"
        token = auth_headers(settings)
        refused = [
            {"origin": "http://evil.example", "additional_headers": token},  # type: ignore[dict-item]
            {"origin": "http://localhost:1", "additional_headers": token},  # type: ignore[dict-item]
            {"origin": base},  # our own page's origin, but no cookie or token
            {"additional_headers": {"Authorization": "Bearer " + "x" * 43}},
        ]
        for kwargs in refused:
            with pytest.raises(InvalidStatus) as refusal:
                async with websockets.connect(url, **kwargs):  # type: ignore[arg-type]
                    pass
            assert refusal.value.response.status_code == 403, kwargs
        async with websockets.connect(url, origin=base, additional_headers=token) as socket:  # type: ignore[arg-type]
            await socket.send('{"type":"start","company":"Acme","role":"Engineer","llm":"none"}')
            assert '"status"' in await socket.recv()


@pytest.mark.parametrize("host", ["evil.example", "rebind.evil.example:8765"])
def test_a_foreign_host_cannot_open_the_live_socket(settings: Settings, host: str) -> None:
    with TestClient(create_app(settings), base_url=BASE_URL) as client:
        headers = {**auth_headers(settings), "host": host}
        with (
            pytest.raises(WebSocketDisconnect),
            client.websocket_connect(WS_URL, headers=headers),
        ):
            pass


@pytest.mark.postgres
def test_server_mode_refuses_audio_frames(two_users: TwoUsers) -> None:
    with two_users.a.websocket_connect(WS_URL, headers={"origin": BASE_URL}) as socket:
        socket.send_json(START)
        assert socket.receive_json()["type"] == "status"
        socket.send_json(
            {
                "type": "transcript",
                "channel": "interviewer",
                "text": "Tell me about yourself.",
                "final": True,
            }
        )
        socket.send_bytes(b"\x00" + b"\x01\x00" * 1600)
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_text()
    assert closed.value.code == CLOSE_UNSUPPORTED
    assert closed.value.reason == AUDIO_REFUSED


@pytest.mark.postgres
def test_each_account_has_a_bounded_number_of_live_sessions(two_users: TwoUsers) -> None:
    origin = {"origin": BASE_URL}
    limit = two_users.app.state.security.limits.live_sessions.per_user
    with two_users.a.websocket_connect(WS_URL, headers=origin) as first:
        first.send_json(START)
        first.receive_json()
        with two_users.a.websocket_connect(WS_URL, headers=origin) as second:
            second.send_json(START)
            second.receive_json()
            assert limit == 2
            with (
                pytest.raises(WebSocketDisconnect),
                two_users.a.websocket_connect(WS_URL, headers=origin),
            ):
                pass
            # Another user is not affected by A's sessions.
            with two_users.b.websocket_connect(WS_URL, headers=origin) as other:
                other.send_json(START)
                assert other.receive_json()["type"] == "status"
    # Closed sessions free their places.
    with two_users.a.websocket_connect(WS_URL, headers=origin) as again:
        again.send_json(START)
        assert again.receive_json()["type"] == "status"


@pytest.mark.postgres
def test_server_mode_live_socket_needs_a_signed_in_user(two_users: TwoUsers) -> None:
    with extra_client(two_users.app) as anonymous:
        with (
            pytest.raises(WebSocketDisconnect),
            anonymous.websocket_connect(WS_URL, headers={"origin": BASE_URL}),
        ):
            pass
