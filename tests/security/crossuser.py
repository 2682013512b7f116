"""Shared by the cross-user tests: B's data (marked with a sentinel word), and B's ids.

Every text B saves carries SENTINEL, so any response to A that contains it is
B's data leaking; the ids come from B's own export, so every table is covered.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

SENTINEL = "zebrafish"
RESUME_TEXT = f"""Bea Zebrafish
bea@{SENTINEL}.example

EXPERIENCE
Staff Engineer, {SENTINEL.title()} Systems, 2019 - 2024
- Cut {SENTINEL} deploy time from 40 minutes to 6 minutes for 30 teams
- Led the {SENTINEL} outage response that brought p99 latency down by 45%

EDUCATION
BSc Computer Science, {SENTINEL.title()} University, 2015
"""


def seed(client: TestClient) -> None:
    """Fill every kind of user data through the API, as the signed-in user."""
    files = {"file": ("resume.txt", RESUME_TEXT.encode(), "text/plain")}
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", "/api/resume", {"files": files}),
        ("POST", "/api/stories/seed", {}),
        ("POST", "/api/stories", {"json": _story()}),
        (
            "POST",
            "/api/companies",
            {"json": {"name": f"{SENTINEL.title()} Labs", "interview_format": f"{SENTINEL} loop"}},
        ),
        (
            "PUT",
            "/api/target",
            {
                "json": {
                    "company": f"{SENTINEL.title()} Labs",
                    "role": f"{SENTINEL} engineer",
                    "job_description": f"Build {SENTINEL} pipelines",
                }
            },
        ),
        (
            "POST",
            "/api/answers",
            {"json": {"question": f"Why {SENTINEL}?", "answer": f"Because {SENTINEL} matters"}},
        ),
    ]
    for method, path, kwargs in steps:
        response = client.request(method, path, **kwargs)
        assert response.status_code < 300, (path, response.status_code, response.text)
    _practice(client)


def _story() -> dict[str, Any]:
    return {
        "title": f"The {SENTINEL} migration",
        "situation": f"{SENTINEL} was slow",
        "task": "fix it",
        "action": f"rewrote the {SENTINEL} queue",
        "result": "cut latency by 45%",
    }


def _practice(client: TestClient) -> None:
    started = client.post("/api/practice/sessions", json={"length": 2})
    assert started.status_code < 300, started.text
    session_id = started.json()["session_id"]
    assert session_id, started.json()
    client.get(f"/api/practice/sessions/{session_id}/next")
    answer = {"text": f"At {SENTINEL} I led the outage response and cut p99 latency by 45%."}
    answered = client.post(f"/api/practice/sessions/{session_id}/answers", json=answer)
    assert answered.status_code < 300, answered.text


def export(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/data/export")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    data.pop("exported_at", None)
    return data


def ids_in(data: Any) -> set[str]:
    """Every id-like value in an export: keys named id, *_id, slug."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and (key in ("id", "slug") or key.endswith("_id")):
                found.add(value)
            else:
                found |= ids_in(value)
    elif isinstance(data, list):
        for item in data:
            found |= ids_in(item)
    return found


def leaks(text: str) -> bool:
    return SENTINEL in text.lower()


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True)
