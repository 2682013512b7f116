"""Tenant isolation enforced by PostgreSQL itself: queries that forget the user still can't leak."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from intervoo.config import Settings
from intervoo.store import Database, DatabaseConfigError, PracticeRepo
from intervoo.store.models import USER_TABLES, Base
from intervoo.store.rls import APP_ROLE
from tests.store.conftest import USER_A, USER_B
from tests.store.samples import fill_user
from tests.support.pg import PgDatabase

pytestmark = pytest.mark.postgres
ALL_TABLES = ("users", *USER_TABLES)


def _owner_column(table: str) -> str:
    return "id" if table == "users" else "user_id"


@pytest.fixture
def filled(pg_db: Database) -> Database:
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        pg_db.ensure_user(user)
        with pg_db.session(user) as session:
            fill_user(session, user, tag)
    return pg_db


@pytest.mark.parametrize("table", ALL_TABLES)
def test_unfiltered_select_returns_only_the_tenants_rows(filled: Database, table: str) -> None:
    with filled.session(USER_A) as session:
        owners = session.execute(text(f"SELECT {_owner_column(table)} FROM {table}")).scalars()
        seen = list(owners)
    assert seen, f"A has rows in {table}"
    assert set(seen) == {USER_A}


@pytest.mark.parametrize("table", ALL_TABLES)
def test_update_and_delete_of_another_users_rows_affect_nothing(
    filled: Database, table: str
) -> None:
    owner = _owner_column(table)
    with filled.session(USER_A) as session:
        updated = session.execute(
            text(f"UPDATE {table} SET {owner} = {owner} WHERE {owner} = :b"), {"b": USER_B}
        )
        deleted = session.execute(text(f"DELETE FROM {table} WHERE {owner} = :b"), {"b": USER_B})
        assert (updated.rowcount, deleted.rowcount) == (0, 0)  # type: ignore[attr-defined]
    with filled.session(USER_B) as session:
        count = session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    assert count > 0


def test_updating_a_row_to_another_owner_is_rejected(filled: Database) -> None:
    with pytest.raises(DBAPIError, match="row-level security"):
        with filled.session(USER_A) as session:
            session.execute(text("UPDATE stories SET user_id = :b"), {"b": USER_B})


@pytest.mark.parametrize("table", USER_TABLES)
def test_insert_with_another_users_id_is_rejected(filled: Database, table: str) -> None:
    rows = Base.metadata.tables[table]
    with filled.session(USER_B) as session:
        # Unfiltered: RLS alone makes this one of B's rows.
        row = dict(session.execute(select(rows).limit(1)).mappings().one())
    row.update(user_id=USER_B, id="f" * 32)
    with pytest.raises(DBAPIError, match="row-level security"):
        with filled.session(USER_A) as session:
            session.execute(insert(Base.metadata.tables[table]), [row])


def test_without_a_tenant_every_table_reads_empty(filled: Database) -> None:
    # First use a pooled connection as A: the tenant must not outlive its transaction.
    with filled.session(USER_A) as session:
        assert session.execute(text("SELECT count(*) FROM stories")).scalar_one() == 2
    with filled.session(None) as session:
        counts = {
            t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ALL_TABLES
        }
    assert counts == dict.fromkeys(ALL_TABLES, 0)


def test_an_attempt_cannot_be_filed_under_another_users_session(filled: Database) -> None:
    with filled.session(USER_A) as session:
        a_session_id = PracticeRepo(session, USER_A).list_sessions()[0].id
    attempts = Base.metadata.tables["practice_attempts"]
    row = {"id": "e" * 32, "user_id": USER_B, "session_id": a_session_id, "position": 9}
    row |= {"question": "Q?", "answer_text": "", "feedback": {}, "scores": {}}
    with pytest.raises(IntegrityError):
        with filled.session(USER_B) as session:
            session.execute(insert(attempts).values(created_at=text("now()")), [row])


def test_the_app_role_owns_nothing_and_cannot_switch_rls_off(pg_db: Database) -> None:
    with pg_db.session(USER_A) as session:
        role = session.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owned = session.execute(
            text("SELECT count(*) FROM pg_tables WHERE tableowner = :role"), {"role": APP_ROLE}
        ).scalar_one()
        forced = session.execute(
            text(
                "SELECT count(*) FROM pg_class WHERE relname = ANY(:tables) "
                "AND relrowsecurity AND relforcerowsecurity"
            ),
            {"tables": list(ALL_TABLES)},
        ).scalar_one()
    assert tuple(role) == (False, False)
    assert owned == 0
    assert forced == len(ALL_TABLES)
    with pytest.raises(DBAPIError, match="must be owner"):
        with pg_db.session(USER_A) as session:
            session.execute(text("ALTER TABLE stories DISABLE ROW LEVEL SECURITY"))


def test_an_app_url_that_bypasses_rls_is_refused(pg_database: PgDatabase, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url=pg_database.admin_url,
        database_admin_url=pg_database.admin_url,
    )
    db = Database(settings)
    try:
        with pytest.raises(DatabaseConfigError, match="bypasses row-level security"):
            db.upgrade()
    finally:
        db.dispose()


def test_migrations_need_the_admin_url(pg_database: PgDatabase, tmp_path: Path) -> None:
    db = Database(Settings(data_dir=tmp_path, database_url=pg_database.app_url))
    with pytest.raises(DatabaseConfigError, match="INTERVOO_DATABASE_ADMIN_URL"):
        db.upgrade()
