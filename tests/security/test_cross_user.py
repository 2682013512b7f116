"""Server mode on PostgreSQL: user A, through every API route, cannot read, change or
delete anything of user B's. The routes come from the OpenAPI schema, so a new
route is walked without anyone remembering to add it here."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.security.conftest import TwoUsers
from tests.security.crossuser import canonical, export, ids_in, leaks, seed

pytestmark = pytest.mark.postgres

# Routes that act on the caller's own sign-in, not on data (walking them would sign A out).
SKIPPED = {
    ("POST", "/api/auth/logout"),
    ("POST", "/api/auth/password"),
    ("POST", "/api/auth/login"),
}
A_RESUME = b"Ann Able\nann@example.com\n\nEXPERIENCE\nEngineer, Acme, 2020 - 2024\n- Built things\n"


def operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    ops = []
    for path, items in schema["paths"].items():
        for method, op in items.items():
            if (method.upper(), path) not in SKIPPED:
                ops.append((method.upper(), path, op))
    return ops


def body_for(op: dict[str, Any]) -> dict[str, Any]:
    """A plausible body from A: valid enough to reach the route's own logic."""
    content = (op.get("requestBody") or {}).get("content", {})
    if "multipart/form-data" in content:
        return {"files": {"file": ("a.txt", A_RESUME, "text/plain")}}
    if "application/json" in content:
        return {
            "json": {
                "title": "A was here",
                "text": "A was here",
                "question": "A?",
                "answer": "A",
                "name": "A Corp",
                "company": "A Corp",
                "role": "A",
            }
        }
    return {}


def fill(path: str, value: str) -> str:
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + value + path[end + 1 :]
    return path


def test_a_cannot_reach_b_through_any_route(two_users: TwoUsers) -> None:
    seed(two_users.b)
    before = export(two_users.b)
    b_ids = ids_in(before) - {two_users.b_id}
    assert len(b_ids) >= 8, sorted(b_ids)  # resume, stories, company, target, answer, practice
    walked = 0
    for method, path, op in operations(two_users.a):
        targets = sorted(b_ids) if "{" in path else [""]
        for b_id in targets:
            url = fill(path, b_id)
            response = two_users.a.request(method, url, **body_for(op))
            walked += 1
            assert response.status_code < 500, (method, url, response.text)
            # An error may echo the id A asked for; anything else of B's is a leak.
            shown = response.text.replace(b_id, "") if b_id else response.text
            assert not leaks(shown), (method, url, response.text[:300])
            if b_id:
                # B's object is not A's: never found, never changed.
                assert response.status_code in (400, 403, 404, 405, 409, 422), (method, url)
    assert walked > 100
    after = export(two_users.b)
    assert canonical(after) == canonical(before)
    assert leaks(two_users.b.get("/api/stories").text)  # B still sees B's own data


def test_nobody_signed_in_gets_nothing_from_any_route(two_users: TwoUsers) -> None:
    seed(two_users.b)
    b_ids = sorted(ids_in(export(two_users.b)))
    from tests.support.auth import extra_client

    with extra_client(two_users.app) as anonymous:
        for method, path, op in operations(anonymous):
            for b_id in b_ids[:3] if "{" in path else [""]:
                response = anonymous.request(method, fill(path, b_id), **body_for(op))
                if path in ("/healthz",):
                    continue
                assert response.status_code in (401, 403, 404, 405, 422), (method, path)
                assert not leaks(response.text.replace(b_id, "") if b_id else response.text)
