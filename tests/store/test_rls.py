"""Tenant isolation enforced by PostgreSQL itself: queries that forget the user still can't leak."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from intervoo.config import Settings
from intervoo.store import Database, DatabaseConfigError, PracticeRepo
from intervoo.store.models import (
    ACCOUNT_TABLES,
    USER_TABLES,
    AuthSessionRow,
    Base,
    CredentialRow,
)
from intervoo.store.rls import APP_ROLE
from intervoo.store.types import utcnow
from tests.store.conftest import USER_A, USER_B
from tests.store.samples import fill_user
from tests.support.pg import PgDatabase

pytestmark = pytest.mark.postgres
ALL_TABLES = ("users", *USER_TABLES, *ACCOUNT_TABLES)
# Not FORCEd, so that its owner's login-lookup function can read it (migration 0003).
UNFORCED = ("credentials",)


def _owner_column(table: str) -> str:
    return "id" if table == "users" else "user_id"


@pytest.fixture
def filled(pg_db: Database) -> Database:
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        pg_db.ensure_user(user)
        with pg_db.session(user) as session:
            fill_user(session, user, tag)
            _fill_account(session, user, tag)
    return pg_db


def _fill_account(session: Session, user_id: str, tag: str) -> None:
    """Credentials and two sessions (one live, one expired) of `user_id`."""
    email = f"{tag.lower()}@example.com"
    session.add(CredentialRow(user_id=user_id, email=email, password_hash=f"hash-{tag}"))
    now = utcnow()
    for name, expires_at in (("live", now + timedelta(hours=1)), ("old", now - timedelta(hours=1))):
        session.add(AuthSessionRow(id=f"{name}-{tag}", user_id=user_id, expires_at=expires_at))


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


@pytest.mark.parametrize("table", (*USER_TABLES, *ACCOUNT_TABLES))
def test_insert_with_another_users_id_is_rejected(filled: Database, table: str) -> None:
    rows = Base.metadata.tables[table]
    with filled.session(USER_B) as session:
        # Unfiltered: RLS alone makes this one of B's rows.
        row = dict(session.execute(select(rows).limit(1)).mappings().one())
    row.update(user_id=USER_B)
    row.update({key: f"new-{key}" for key in ("id", "email") if key in row})
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
            {"tables": [t for t in ALL_TABLES if t not in UNFORCED]},
        ).scalar_one()
    assert tuple(role) == (False, False)
    assert owned == 0
    assert forced == len(ALL_TABLES) - len(UNFORCED)
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
        with pytest.raises(
            DatabaseConfigError, match="is a superuser and so escapes row-level security"
        ):
            db.upgrade()
    finally:
        db.dispose()


def test_migrations_need_the_admin_url(pg_database: PgDatabase, tmp_path: Path) -> None:
    db = Database(Settings(data_dir=tmp_path, database_url=pg_database.app_url))
    with pytest.raises(DatabaseConfigError, match="INTERVOO_DATABASE_ADMIN_URL"):
        db.upgrade()


def test_login_lookup_finds_one_exact_email_without_a_tenant(filled: Database) -> None:
    lookup = text("SELECT user_id, password_hash FROM intervoo_lookup_login(:email)")
    with filled.session(None) as session:
        found = {
            email: [tuple(row) for row in session.execute(lookup, {"email": email})]
            for email in ("a@example.com", "b@example.com", "A@example.com", "%", "")
        }
        # The app role still reads no credentials row directly.
        direct = session.execute(text("SELECT count(*) FROM credentials")).scalar_one()
    assert found == {
        "a@example.com": [(USER_A, "hash-A")],
        "b@example.com": [(USER_B, "hash-B")],
        "A@example.com": [],  # exact match only: the app normalizes emails first
        "%": [],
        "": [],
    }
    assert direct == 0


@pytest.mark.parametrize(
    "function", ["intervoo_lookup_login(text)", "intervoo_purge_expired_sessions()"]
)
def test_definer_functions_are_pinned_and_only_the_app_may_call_them(
    pg_db: Database, function: str
) -> None:
    query = text(
        "SELECT p.prosecdef, p.proconfig, "
        "has_function_privilege(:role, p.oid, 'EXECUTE'), "
        "EXISTS (SELECT 1 FROM aclexplode(p.proacl) AS a WHERE a.grantee = 0) "
        "FROM pg_proc AS p WHERE p.oid = CAST(:function AS regprocedure)"
    )
    with pg_db.session(None) as session:
        row = session.execute(query, {"role": APP_ROLE, "function": function}).one()
    definer, config, app_may_call, public_may_call = row
    assert definer and config == ["search_path=pg_catalog, pg_temp"]
    assert app_may_call and not public_may_call
    with pytest.raises(DBAPIError, match="must be owner"):
        with pg_db.session(None) as session:
            session.execute(text(f"ALTER FUNCTION {function} SECURITY INVOKER"))


def test_the_session_purge_removes_only_expired_rows_of_every_user(filled: Database) -> None:
    with filled.session(None) as session:
        purged = session.execute(text("SELECT intervoo_purge_expired_sessions()")).scalar_one()
    assert purged == 2
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        with filled.session(user) as session:
            left = session.execute(text("SELECT id FROM auth_sessions")).scalars().all()
        assert left == [f"live-{tag}"]
