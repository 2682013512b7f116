"""/api/stories against a real app and a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.resume.repo import ResumeRepo
from intervoo.resume.schema import ParsedResume, Resume, WorkEntry
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as test_client:
        yield test_client


def _story(title: str, result: str) -> dict[str, str]:
    return {"title": title, "situation": "s", "task": "t", "action": "I did it.", "result": result}


def test_crud(client: TestClient) -> None:
    created = client.post("/api/stories", json=_story("Cut the AWS bill", "Saved $250k a year."))
    assert created.status_code == 201, created.text
    story_id = created.json()["story"]["id"]
    assert [s["id"] for s in client.get("/api/stories").json()] == [story_id]
    assert client.get(f"/api/stories/{story_id}").json()["title"] == "Cut the AWS bill"
    patched = client.patch(f"/api/stories/{story_id}", json={"status": "approved"})
    assert patched.json()["status"] == "approved"
    assert client.get("/api/stories", params={"status": "draft"}).json() == []
    assert client.delete(f"/api/stories/{story_id}").status_code == 204
    assert client.get(f"/api/stories/{story_id}").status_code == 404


def test_a_retelling_is_merged_not_stored_twice(client: TestClient) -> None:
    first = client.post("/api/stories", json=_story("Cut the AWS bill", "Saved $250k a year."))
    again = client.post(
        "/api/stories", json=_story("AWS bill cut down", "We saved $250k a year on AWS.")
    )
    assert again.status_code == 200
    assert again.json()["merged_into"] == first.json()["story"]["id"]
    assert len(client.get("/api/stories").json()) == 1


def test_export_import_and_match(client: TestClient) -> None:
    stories = [
        _story("Cut the AWS bill", "Saved $250k a year on cloud costs."),
        _story("Mentored two interns", "Both got return offers."),
    ]
    assert client.post("/api/stories/import", json=stories).json() == {"added": 2, "merged": 0}
    assert len(client.get("/api/stories/export").json()) == 2
    rows = client.post("/api/stories/match", json={"question": "How did you save money?"}).json()
    assert rows[0]["title"] == "Cut the AWS bill"
    assert set(rows[0]) >= {"id", "title", "score", "why"}


def test_seed_and_highlight_fallback(client: TestClient) -> None:
    resume = Resume(
        work=[WorkEntry(id="w1", name="Acme", highlights=["Grew signups 3x in 6 months"])]
    )
    db = client.app.state.db  # type: ignore[attr-defined]
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        ResumeRepo(session, user_id).save(ParsedResume(resume=resume, source_format="json"))
    # No story yet: the closest resume highlight answers, and says so.
    rows = client.post("/api/stories/match", json={"question": "How did you grow signups?"}).json()
    assert [(r["id"], r["kind"], r["work_id"], r["title"]) for r in rows] == [
        (None, "highlight", "w1", "Grew signups 3x in 6 months")
    ]
    assert "no story fits" in rows[0]["why"]
    assert client.post("/api/stories/seed").json() == {"added": 1, "merged": 0}
    assert client.post("/api/stories/seed").json() == {"added": 0, "merged": 1}
    rows = client.post("/api/stories/match", json={"question": "How did you grow signups?"}).json()
    assert rows[0]["kind"] == "story" and rows[0]["title"] == "Grew signups 3x in 6 months"


def test_bad_requests(client: TestClient) -> None:
    missing = client.post("/api/stories", json={"title": "only a title"})
    assert missing.status_code == 422 and "missing field" in missing.json()["detail"]
    assert client.post("/api/stories/import", json={"not": "a list"}).status_code == 422
    assert client.post("/api/stories/match", json={"question": ""}).status_code == 422
    blank = client.post("/api/stories/match", json={"question": "   "})
    assert blank.status_code == 422 and "empty" in blank.json()["detail"]
    assert client.patch("/api/stories/nope", json={"title": "x"}).status_code == 404
    assert client.post("/api/stories/seed").status_code == 409
