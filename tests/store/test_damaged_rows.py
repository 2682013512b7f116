"""A damaged row already in the database fails only what reads it, with a clear error.

Rows are damaged the way a hand edit or an old bug would: straight into the
table, past the repositories' checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, update

from intervoo.config import Settings
from intervoo.store import LOCAL_USER_ID, Database
from intervoo.store.models import (
    CompanyRow,
    PracticeAttemptRow,
    ResumeRow,
    SavedAnswerRow,
    StoryRow,
    TargetRow,
)
from intervoo.web.app import create_app
from tests.store.samples import fill_user
from tests.support.auth import authenticated_client

WS_URL = "ws://127.0.0.1/ws/live"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with authenticated_client(create_app(settings)) as test_client:
        test_client.get("/api/stories")  # the local user exists from here on
        yield test_client


def _damage(settings: Settings, table: Any, values: dict[str, Any]) -> None:
    db = Database(settings)
    try:
        with db.session(LOCAL_USER_ID) as session:
            session.execute(update(table).where(table.user_id == LOCAL_USER_ID).values(**values))
    finally:
        db.dispose()


def _fill(settings: Settings) -> None:
    db = Database(settings)
    try:
        with db.session(LOCAL_USER_ID) as session:
            fill_user(session, LOCAL_USER_ID, "Me")
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("table", "values", "route"),
    [
        (StoryRow, {"status": "bogus"}, "/api/stories"),
        (StoryRow, {"metrics": [{"value": "x"}]}, "/api/stories/export"),
        (ResumeRow, {"data": "garbage"}, "/api/resume"),
        (CompanyRow, {"profile": "x"}, "/api/companies"),
        (PracticeAttemptRow, {"scores": {"overall": "high"}}, "/api/practice/progress"),
        (TargetRow, {"requirements": [1]}, "/api/target"),
        (SavedAnswerRow, {"kind": "riddle"}, "/api/answers"),
    ],
)  # fmt: skip
def test_a_damaged_row_is_a_clear_409_naming_it(
    client: TestClient, settings: Settings, table: Any, values: dict[str, Any], route: str
) -> None:
    _fill(settings)
    assert client.get(route).status_code == 200
    _damage(settings, table, values)
    response = client.get(route)
    assert response.status_code == 409, response.text
    detail = response.json()["detail"]
    assert f"stored {table.__tablename__} row" in detail and "\n" not in detail


def test_a_damaged_story_can_still_be_deleted(client: TestClient, settings: Settings) -> None:
    _fill(settings)
    _damage(settings, StoryRow, {"competencies": ["telepathy"]})
    assert client.get("/api/stories").status_code == 409
    db = Database(settings)
    try:
        with db.session(LOCAL_USER_ID) as session:
            ids = session.scalars(StoryRow.__table__.select().with_only_columns(StoryRow.id))
            story_ids = list(ids)
    finally:
        db.dispose()
    for story_id in story_ids:
        assert client.delete(f"/api/stories/{story_id}").status_code == 204
    assert client.get("/api/stories").status_code == 200


def test_live_start_with_a_damaged_resume_sends_an_error_event(
    client: TestClient, settings: Settings
) -> None:
    _fill(settings)
    _damage(settings, ResumeRow, {"data": "garbage"})
    with client.websocket_connect(WS_URL) as socket:
        socket.send_json({"type": "start", "llm": "none"})
        event = socket.receive_json()
    assert event["type"] == "error" and "stored resumes row" in event["message"]


def test_an_unreadable_row_written_by_insert_is_reported_too(
    client: TestClient, settings: Settings
) -> None:
    db = Database(settings)
    row = {"id": "bad", "user_id": LOCAL_USER_ID, "question": "Why?", "answer": "Because."}
    try:
        with db.session(LOCAL_USER_ID) as session:
            session.execute(insert(SavedAnswerRow).values(**row, sources="not a list"))
    finally:
        db.dispose()
    response = client.get("/api/answers")
    assert response.status_code == 409 and "(bad)" in response.json()["detail"]
