"""Export, delete, import: people can take their data and leave, and come back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from intervoo.store import Database, ExportFormatError, ImportConflictError
from intervoo.userdata.transfer import (
    count_user_data,
    delete_user_data,
    export_user_data,
    import_user_data,
)
from tests.store.conftest import USER_A, USER_B
from tests.store.samples import fill_user


def _export(db: Database, user_id: str) -> dict[str, Any]:
    with db.session(user_id) as session:
        # Through JSON text, as the file and the API carry it.
        data: dict[str, Any] = json.loads(json.dumps(export_user_data(session, user_id)))
    return data


@pytest.fixture
def filled(two_users: Database) -> Database:
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        with two_users.session(user) as session:
            fill_user(session, user, tag)
    return two_users


def test_export_delete_import_gives_the_same_data(filled: Database) -> None:
    before = _export(filled, USER_A)
    assert all(before["tables"].values()), "every table has rows to carry"
    with filled.session(USER_A) as session:
        deleted = delete_user_data(session, USER_A)
    assert deleted == {name: len(rows) for name, rows in before["tables"].items()}
    with filled.session(USER_A) as session:
        assert not any(count_user_data(session, USER_A).values())
    with filled.session(USER_A) as session:
        imported = import_user_data(session, USER_A, before)
    assert imported == deleted
    after = _export(filled, USER_A)
    assert after["tables"] == before["tables"]
    assert after["user"] == before["user"]


def test_delete_leaves_other_users_alone(filled: Database) -> None:
    b_before = _export(filled, USER_B)
    with filled.session(USER_A) as session:
        delete_user_data(session, USER_A)
    assert _export(filled, USER_B)["tables"] == b_before["tables"]


def test_export_holds_no_other_user_and_no_password_hash(filled: Database) -> None:
    text = json.dumps(_export(filled, USER_A))
    assert USER_B not in text and "B saved" not in text
    assert "password" not in text and USER_A not in text


def test_import_into_an_account_with_data_is_refused(filled: Database) -> None:
    data = _export(filled, USER_A)
    with pytest.raises(ImportConflictError, match="already has data"):
        with filled.session(USER_A) as session:
            import_user_data(session, USER_A, data)


def test_import_of_rows_another_account_still_holds_is_a_conflict(filled: Database) -> None:
    data = _export(filled, USER_A)
    with filled.session(USER_B) as session:
        delete_user_data(session, USER_B)
    with pytest.raises(ImportConflictError, match="collide"):
        with filled.session(USER_B) as session:
            import_user_data(session, USER_B, data)


def _valid() -> dict[str, Any]:
    return {"format": "intervoo-export", "version": 1, "tables": {}}


def _with_story(**fields: Any) -> dict[str, Any]:
    story = {"id": "s1", "title": "t", "situation": "", "task": "", "action": "", "result": ""}
    story |= {"competencies": [], "metrics": [], "source": "manual", "status": "draft"}
    story |= {"times_used": 0, "created_at": "2024-01-01T00:00:00+00:00"}
    story |= {"updated_at": "2024-01-01T00:00:00+00:00", **fields}
    return {**_valid(), "tables": {"stories": [story]}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not an Intervoo export"),
        ({"format": "other"}, "not an Intervoo export"),
        ({**_valid(), "version": 99}, "version 99"),
        ({**_valid(), "tables": []}, 'no "tables"'),
        ({**_valid(), "tables": {"passwords": []}}, "unknown tables"),
        ({**_valid(), "tables": {"stories": {}}}, "list of objects"),
        (_with_story(secret="x"), "unknown fields secret"),
        (_with_story(title=None), "stories.title must not be null"),
        (_with_story(times_used="3"), "stories.times_used must be an integer"),
        (_with_story(times_used=True), "stories.times_used must be an integer"),
        (_with_story(created_at="yesterday"), "ISO date-time"),
        (_with_story(created_at="2024-01-01T00:00:00"), "time zone"),
    ],
)
def test_bad_import_files_are_refused_with_a_reason(
    sqlite_db: Database, data: Any, message: str
) -> None:
    user = sqlite_db.ensure_local_user()
    with pytest.raises(ExportFormatError, match=message):
        with sqlite_db.session(user) as session:
            import_user_data(session, user, data)


def test_a_row_missing_a_required_field_is_refused(sqlite_db: Database) -> None:
    data = _with_story()
    del data["tables"]["stories"][0]["title"]
    user = sqlite_db.ensure_local_user()
    with pytest.raises(ExportFormatError, match="lacks 'title'"):
        with sqlite_db.session(user) as session:
            import_user_data(session, user, data)
