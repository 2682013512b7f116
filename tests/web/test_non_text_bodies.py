"""JSON bodies holding a lone surrogate or NUL are one clear 400 on every route, not a 500;
a real surrogate pair (an emoji) and an escaped backslash stay ordinary text."""

from __future__ import annotations

import httpx
import pytest

from intervoo.config import Settings
from intervoo.security.text import NOT_TEXT_MESSAGE, holds_non_text
from tests.live.server import auth_headers, running_server, seed_candidate

LONE = "\\ud800"
ROUTES: list[tuple[str, str, str]] = [
    ("POST", "/api/answers", '{"question": "Why us?", "answer": "x%sy"}'),
    ("PUT", "/api/target", '{"company": "stripe", "role": "Engineer %s"}'),
    ("POST", "/api/stories/match", '{"question": "Tell me %s"}'),
    ("POST", "/api/companies", '{"name": "Acme %s", "values": ["Speed"]}'),
    ("POST", "/api/stories", '{"title": "T %s", "situation": "s", "action": "a", "result": "r"}'),
    ("POST", "/api/practice/sessions", '{"length": 1, "seed": "%s"}'),
]


@pytest.mark.parametrize("bad", [LONE, "\\udc00", "\\u0000", "\\uD83D\\u0041"])
async def test_non_text_in_any_json_body_is_one_clear_400(settings: Settings, bad: str) -> None:
    seed_candidate(settings)
    async with running_server(settings) as base:
        async with httpx.AsyncClient(base_url=base, headers=auth_headers(settings)) as http:
            for method, path, template in ROUTES:
                body = (template % bad).encode()
                response = await http.request(
                    method, path, content=body, headers={"content-type": "application/json"}
                )
                assert response.status_code == 400, (path, response.status_code, response.text)
                assert response.json() == {"detail": NOT_TEXT_MESSAGE}


async def test_a_surrogate_pair_and_an_escaped_backslash_are_text(settings: Settings) -> None:
    seed_candidate(settings)
    body = b'{"question": "Why us? \\ud83d\\ude00", "answer": "C:\\\\ud800 is a path"}'
    async with running_server(settings) as base:
        async with httpx.AsyncClient(base_url=base, headers=auth_headers(settings)) as http:
            response = await http.post(
                "/api/answers", content=body, headers={"content-type": "application/json"}
            )
    assert response.status_code == 201, response.text
    assert response.json()["answer"] == "C:\\ud800 is a path"


def test_the_scan_reads_escapes_as_json_does() -> None:
    assert holds_non_text(rb'{"a": "\ud800"}') and holds_non_text(rb'["\u0000"]')
    assert holds_non_text(rb'["\\\ud800"]')  # an escaped backslash, then a lone surrogate
    assert not holds_non_text(rb'["\\ud800"]')  # a backslash, then the text "ud800"
    assert not holds_non_text(rb'["\uD83D\uDE00", "\u00e9"]')
