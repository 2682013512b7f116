"""Revision 0003 moves passwords out of `users` and adds sessions: accounts and data survive it,
whether the migrations run as a superuser or, as in production, as a plain table owner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from intervoo.security.accounts import find_login, load_account
from intervoo.security.session_store import purge_expired_sessions
from intervoo.store import Database, migrate
from intervoo.store.database import driver_url
from intervoo.store.models import AuthSessionRow
from intervoo.store.rls import APP_ROLE
from intervoo.store.types import utcnow
from intervoo.stories.repo import StoryRepo
from tests.store.conftest import USER_A, USER_B
from tests.support.pg import APP_PASSWORD, SERVER_URL, PgDatabase, require_postgres

BEFORE = "0002"
# What revision 0002 stored: ids derived from the email, the hash on the user row.
ACCOUNTS = {USER_A: ("a@example.com", "$argon2id$hash-of-a"), USER_B: ("b@example.com", None)}


def _insert_accounts_at_0002(db: Database) -> None:
    for user_id, (email, password_hash) in ACCOUNTS.items():
        with db.session(user_id) as session:
            session.execute(
                text(
                    "INSERT INTO users (id, email, password_hash, is_local, created_at) "
                    "VALUES (:id, :email, :hash, false, :ts)"
                ),
                {"id": user_id, "email": email, "hash": password_hash, "ts": utcnow()},
            )
            session.execute(
                text(
                    "INSERT INTO stories (id, user_id, title, situation, task, action, result, "
                    "competencies, metrics, source, status, times_used, created_at, updated_at) "
                    "VALUES (:id, :user, 'kept', '', '', '', '', '[]', '[]', 'manual', "
                    "'approved', 0, :ts, :ts)"
                ),
                {"id": f"story-{user_id}", "user": user_id, "ts": utcnow()},
            )


def _check_accounts_survived(db: Database) -> None:
    found = find_login(db, "A@Example.com")
    assert found is not None
    assert (found.user_id, found.password_hash) == (USER_A, "$argon2id$hash-of-a")
    # B never had a password (an account being set up): it has no way to sign in.
    assert find_login(db, "b@example.com") is None
    account = load_account(db, USER_A)
    assert account is not None and account.email == "a@example.com"
    for user_id in ACCOUNTS:
        with db.session(user_id) as session:
            assert [s.id for s in StoryRepo(session, user_id).list()] == [f"story-{user_id}"]
            query = text("SELECT email FROM users WHERE id = :id")
            email = session.execute(query, {"id": user_id}).scalar_one()
        assert email == ACCOUNTS[user_id][0]


def _user_columns(url: str) -> set[str]:
    engine = create_engine(driver_url(url))
    try:
        return {column["name"] for column in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()


def test_a_database_at_0002_with_accounts_upgrades_without_loss(empty_db: Database) -> None:
    empty_db.upgrade(BEFORE)
    _insert_accounts_at_0002(empty_db)
    empty_db.upgrade()
    assert empty_db.revision() == "0011"
    _check_accounts_survived(empty_db)
    admin_url = empty_db.settings.database_admin_url or empty_db.url
    assert "password_hash" not in _user_columns(admin_url)


def test_a_downgrade_to_0002_puts_the_hashes_back(any_db: Database) -> None:
    any_db.ensure_user(USER_A, email="a@example.com")
    with any_db.session(USER_A) as session:
        session.execute(
            text(
                "INSERT INTO credentials (user_id, email, password_hash, updated_at) "
                "VALUES (:id, 'a@example.com', 'h-a', :ts)"
            ),
            {"id": USER_A, "ts": utcnow()},
        )
    engine = create_engine(driver_url(any_db.settings.database_admin_url or any_db.url))
    try:
        migrate.downgrade(engine, BEFORE)
        with engine.connect() as connection:
            hashes = connection.execute(text("SELECT id, password_hash FROM users")).all()
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    # On PostgreSQL the superuser test URL sees every row, so the check is exact.
    assert [tuple(row) for row in hashes] == [(USER_A, "h-a")]
    found = find_login(any_db, "a@example.com")
    assert found is not None and found.password_hash == "h-a"


def _url(database: str, user: str, password: str) -> str:
    url = make_url(SERVER_URL).set(database=database, username=user, password=password)
    return url.render_as_string(hide_password=False)


@contextmanager
def owner_database() -> Iterator[PgDatabase]:
    """A database owned by a plain login role (no superuser, no BYPASSRLS), as an operator
    would set one up; migrations then run under FORCEd row-level security like the app."""
    require_postgres()
    tag = uuid4().hex[:12]
    role, name, password = f"intervoo_owner_{tag}", f"intervoo_test_{tag}", "owner-test-only"
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        # The app role is cluster-wide and created by the first migration ever run; a plain
        # owner could not create it, so it is there already, as an operator would leave it.
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone():
            statement = "ALTER ROLE {} LOGIN PASSWORD {}"
        else:
            statement = "CREATE ROLE {} LOGIN PASSWORD {}"
        conn.execute(sql.SQL(statement).format(sql.Identifier(APP_ROLE), APP_PASSWORD))
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOBYPASSRLS").format(
                sql.Identifier(role), password
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(role)
            )
        )
    try:
        yield PgDatabase(
            name=name,
            admin_url=_url(name, role, password),
            app_url=_url(name, APP_ROLE, APP_PASSWORD),
        )
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_a_plain_owner_migrates_accounts_and_its_functions_work(tmp_path: Path) -> None:
    with owner_database() as pg:
        db = Database(pg.settings(tmp_path / "data"))
        try:
            db.upgrade(BEFORE)
            _insert_accounts_at_0002(db)
            db.upgrade()
            _check_accounts_survived(db)
            _check_purge_reaches_every_user(db)
        finally:
            db.dispose()


def _check_purge_reaches_every_user(db: Database) -> None:
    now = utcnow()
    for user_id in (USER_A, USER_B):
        with db.session(user_id) as session:
            for tag, expires in (("old", now.replace(year=now.year - 1)), ("live", now)):
                row_id = f"{tag}-{user_id}"[:64]
                expires_at = expires if tag == "old" else now.replace(year=now.year + 1)
                session.add(AuthSessionRow(id=row_id, user_id=user_id, expires_at=expires_at))
    assert purge_expired_sessions(db, now.timestamp()) == 2
    for user_id in (USER_A, USER_B):
        with db.session(user_id) as session:
            left = session.execute(text("SELECT id FROM auth_sessions")).scalars().all()
        assert left == [f"live-{user_id}"[:64]]
