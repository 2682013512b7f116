"""The Database: engines, migrations, and tenant-scoped sessions.

Every read and write of user data goes through `Database.session(user_id)`: one
transaction, with the tenant set on PostgreSQL so row-level security filters
every statement in it, even one that forgets its `WHERE user_id = …`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from intervoo.config import Settings, ensure_private_dir, mask_url_password
from intervoo.store import migrate
from intervoo.store.changes import StoryChanges, set_tenant, watch_story_writes
from intervoo.store.errors import DatabaseConfigError
from intervoo.store.models import UserRow
from intervoo.store.rls import APP_ROLE, TENANT_SETTING
from intervoo.store.types import utcnow

LOCAL_USER_ID = "local"
MAX_USER_ID_LENGTH = 64
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TenantSession:
    """A session inside one transaction, already scoped to `user_id`."""

    session: Session
    user_id: str


def driver_url(url: str) -> str:
    """Point PostgreSQL URLs at psycopg 3 (SQLAlchemy's default driver is psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_user_id(user_id: str) -> str:
    if not isinstance(user_id, str) or not user_id or len(user_id) > MAX_USER_ID_LENGTH:
        raise ValueError(f"a user id is a non-empty string of at most {MAX_USER_ID_LENGTH} chars")
    return user_id


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Several threads (and `intervoo data …` beside a running server) share the file.
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def _private_file(name: str | None) -> None:
    """The SQLite file readable by its owner only (SQLite gives its -wal/-shm the same mode)."""
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o600))
    if os.name == "posix" and os.stat(name).st_mode & 0o077:
        os.chmod(name, 0o600)  # made by an older version with the default 0644


class Database:
    """Owns the SQLAlchemy engines. Creating one does no I/O; engines open on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.url = driver_url(settings.effective_database_url)
        self.dialect = make_url(self.url).get_backend_name()
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.story_changes = StoryChanges()

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._create_engine(self.url)
            self._sessions = sessionmaker(self._engine, expire_on_commit=False)
            watch_story_writes(self._sessions, self.story_changes, postgresql=self.is_postgresql)
        return self._engine

    def _create_engine(self, url: str) -> Engine:
        if self.dialect == "sqlite":
            ensure_private_dir(self.settings.data_dir)
            _private_file(make_url(url).database)
            engine = create_engine(url)
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=self.settings.db_pool_size,
            max_overflow=self.settings.db_max_overflow,
        )

    def _admin_url(self) -> str:
        if not self.is_postgresql:
            return self.url
        if not self.settings.database_admin_url:
            raise DatabaseConfigError(
                "INTERVOO_DATABASE_ADMIN_URL is not set: migrations run as the schema owner, "
                f"while INTERVOO_DATABASE_URL connects as the unprivileged role {APP_ROLE}"
            )
        return driver_url(self.settings.database_admin_url)

    def upgrade(self, revision: str = "head", *, verify: bool = True) -> None:
        """Run the migrations (as the owner on PostgreSQL), then check the app's role
        (`verify=False`: only the owner's URL is known yet, there is no app role to check)."""
        if not self.is_postgresql:
            migrate.upgrade(self.engine, revision)
            return
        admin = create_engine(self._admin_url())
        try:
            migrate.upgrade(admin, revision)
        finally:
            admin.dispose()
        if verify:
            self.verify_isolation()

    @property
    def listen_url(self) -> str:
        """The app's PostgreSQL URL as libpq reads it (for LISTEN on a connection of its own)."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def verify_isolation(self) -> None:
        """Refuse an app connection whose role would bypass row-level security."""
        if not self.is_postgresql:
            return
        query = text(
            "SELECT current_user, rolsuper, rolbypassrls, "
            "(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            " WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm') "
            " AND n.nspname NOT IN ('pg_catalog', 'information_schema')) "
            "FROM pg_roles r WHERE rolname = current_user"
        )
        with self.engine.connect() as connection:
            role, superuser, bypassrls, owned = connection.execute(query).one()
        # An owner may switch RLS off or read tables without policies (credentials).
        why = (
            "is a superuser"
            if superuser
            else "has BYPASSRLS"
            if bypassrls
            else f"owns {owned} table(s)"
            if owned
            else ""
        )
        if why:
            shown = mask_url_password(self.settings.database_url)
            raise DatabaseConfigError(
                f"INTERVOO_DATABASE_URL ({shown}) connects as {role}, which {why} and so "
                f"escapes row-level security; connect as {APP_ROLE} (see the README, 'PostgreSQL')"
            )

    @contextmanager
    def session(self, user_id: str | None) -> Iterator[Session]:
        """One transaction scoped to `user_id` (None: no tenant, sees no user data).

        Committed when the block ends, rolled back if it raises.
        """
        if user_id is not None:
            check_user_id(user_id)
        self.engine  # noqa: B018 - opens the engine and session factory on first use
        assert self._sessions is not None
        with self._sessions() as session, session.begin():
            set_tenant(session, user_id)
            if self.is_postgresql and user_id is not None:
                session.execute(
                    text("SELECT set_config(:name, :value, true)"),
                    {"name": TENANT_SETTING, "value": user_id},
                )
            yield session

    def ensure_user(self, user_id: str, *, is_local: bool = False, **fields: Any) -> str:
        """Create the user row if it does not exist yet (safe when processes race)."""
        insert = pg_insert if self.is_postgresql else sqlite_insert
        values = {"id": user_id, "is_local": is_local, "created_at": utcnow(), **fields}
        with self.session(user_id) as session:
            session.execute(insert(UserRow).values(**values).on_conflict_do_nothing())
        return user_id

    def ensure_local_user(self) -> str:
        """The single local user's id, created on first start."""
        return self.ensure_user(LOCAL_USER_ID, is_local=True, display_name="Local user")

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
