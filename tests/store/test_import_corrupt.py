"""Corrupt exports are refused whole, naming the bad record; the account keeps working.

Each case starts from a real export (every table filled through the repositories),
breaks one thing, and imports it through the API into an empty account.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from intervoo.config import Settings
from intervoo.store import Database
from intervoo.userdata.transfer import export_user_data
from intervoo.web.app import create_app
from tests.store.samples import fill_user
from tests.support.auth import authenticated_client

Export = dict[str, Any]
WS_URL = "ws://127.0.0.1/ws/live"
READ_ROUTES = ("/api/stories", "/api/answers", "/api/practice/progress", "/api/companies")


@pytest.fixture(scope="module")
def good_export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    db = Database(Settings(data_dir=tmp_path_factory.mktemp("source")))
    try:
        db.upgrade()
        db.ensure_user("source")
        with db.session("source") as session:
            fill_user(session, "source", "Src")
        with db.session("source") as session:
            return export_user_data(session, "source")
    finally:
        db.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as test_client:
        yield test_client


def _set(table: str, field: str, value: Any, row: int = 0) -> Callable[[Export], None]:
    def corrupt(export: Export) -> None:
        export["tables"][table][row][field] = value

    return corrupt


def _drop(table: str, field: str) -> Callable[[Export], None]:
    def corrupt(export: Export) -> None:
        del export["tables"][table][0][field]

    return corrupt


def _extra_resume(export: Export) -> None:
    export["tables"]["resumes"].append({**export["tables"]["resumes"][0], "id": "second"})


def _same_story_twice(export: Export) -> None:
    export["tables"]["stories"].append(dict(export["tables"]["stories"][0]))


CORRUPTIONS: dict[str, tuple[Callable[[Export], None], str]] = {
    "resume data is a string": (_set("resumes", "data", "garbage"), "tables.resumes[0]"),
    "resume doubts of numbers": (_set("resumes", "doubts", [1, 2]), "tables.resumes[0]"),
    "story status bogus": (_set("stories", "status", "bogus"), "status"),
    "story source bogus": (_set("stories", "source", "dream"), "source"),
    "story metrics bad": (_set("stories", "metrics", [{"value": "lots"}]), "metrics"),
    "story competencies bad": (_set("stories", "competencies", ["telepathy"]), "competencies"),
    "story with 1,000 questions": (
        _set("stories", "questions", [f"Question {i}?" for i in range(1000)]),
        "questions",
    ),
    "story title of wrong type": (_set("stories", "title", 42), "title"),
    "story title empty": (_set("stories", "title", "  "), "title"),
    "story without a title": (_drop("stories", "title"), "title"),
    "story date not a date": (_set("stories", "created_at", "yesterday"), "created_at"),
    "company profile not an object": (_set("companies", "profile", "x"), "tables.companies[0]"),
    "target requirements a list": (_set("targets", "requirements", [1]), "tables.targets[0]"),
    "attempt kind bogus": (_set("practice_attempts", "kind", "riddle"), "kind"),
    "attempt score not a number": (
        _set("practice_attempts", "scores", {"overall": "high"}),
        "scores",
    ),
    "attempt of a missing session": (_set("practice_attempts", "session_id", "nope"), "session"),
    "saved answer sources a string": (_set("saved_answers", "sources", "x"), "sources"),
    "two resumes": (_extra_resume, "more than one resume"),
    "a story twice": (_same_story_twice, "appears twice"),
}


def _assert_account_works(client: TestClient) -> None:
    for route in READ_ROUTES:
        response = client.get(route)
        assert response.status_code == 200, (route, response.text)
    assert client.get("/api/resume").status_code in (200, 404)
    with client.websocket_connect(WS_URL) as socket:
        socket.send_json({"type": "start", "llm": "none"})
        assert socket.receive_json()["type"] == "status"


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_corrupt_export_is_refused_whole_and_the_account_still_works(
    case: str, good_export: Export, client: TestClient
) -> None:
    corrupt, named = CORRUPTIONS[case]
    export = copy.deepcopy(good_export)
    corrupt(export)
    response = client.post("/api/data/import", json=export)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert named in detail and "\n" not in detail
    exported = client.get("/api/data/export").json()["tables"]
    assert not any(exported.values()), "a refused import wrote something"
    _assert_account_works(client)
    # The good export still imports: nothing of the refused one was left behind.
    assert client.post("/api/data/import", json=good_export).status_code == 201
    _assert_account_works(client)


@pytest.mark.postgres
def test_values_postgresql_would_refuse_are_named_on_both_databases(
    any_db: Database, good_export: Export
) -> None:
    from intervoo.store import ExportFormatError
    from intervoo.userdata.transfer import import_user_data

    any_db.ensure_user("target")
    for field, value, named in [
        ("id", "x" * 65, "at most 64"),
        ("title", "nul\x00inside", "NUL"),
    ]:
        export = copy.deepcopy(good_export)
        export["tables"]["stories"][0][field] = value
        with pytest.raises(ExportFormatError, match=named), any_db.session("target") as session:
            import_user_data(session, "target", export)
