"""What every command needs: the settings, and an open database whose errors are one line.

The settings' module (pydantic-settings) loads when a command runs, not when `--help` does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from intervoo.config import Settings
    from intervoo.store.database import Database


class LazyConsole:
    """A Rich console made on first use: `--help` and `--version` need no Rich (~0.1 s)."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr)
        return getattr(self._console, name)


def get_settings() -> Settings:
    """Load settings, or exit with one clear line per bad field."""
    from intervoo.config import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        for line in exc.lines:
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def open_database(settings: Settings | None = None) -> Iterator[Database]:
    """An open Database; storage and connection errors become one line and exit 1."""
    from sqlalchemy.exc import SQLAlchemyError

    from intervoo.store.database import Database
    from intervoo.store.errors import StoreError, storage_problem

    db = Database(settings or get_settings())
    try:
        yield db
    except (StoreError, SQLAlchemyError) as exc:
        problem = storage_problem(exc)  # a full disk, a lock held too long: say what to do
        reason = problem[1] if problem else str(getattr(exc, "orig", None) or exc).splitlines()[0]
        typer.echo(f"error: {reason}", err=True)
        raise typer.Exit(1) from None
    finally:
        db.dispose()


def ready_user(db: Database, user: str | None) -> str:
    """Make sure the schema is current, and say whose data the command is about."""
    from intervoo.config import Mode
    from intervoo.store import migrate
    from intervoo.store.errors import StoreError

    if db.is_postgresql:
        if db.revision() != migrate.head_revision():
            raise StoreError(
                "the database is not at the latest revision: run `intervoo db upgrade`"
            )
    else:
        db.upgrade()
    if user:
        return known_user(db, user)
    if db.settings.mode is Mode.SERVER:
        raise StoreError("server mode has many users: name one with --user")
    return db.ensure_local_user()


def known_user(db: Database, user: str) -> str:
    """The id of the account `user` names (an email or an id); StoreError when none does."""
    from intervoo.security.accounts import AccountError, find_login
    from intervoo.store.errors import StoreError
    from intervoo.store.models import UserRow

    if "@" in user:
        try:
            account = find_login(db, user)
        except AccountError as exc:
            raise StoreError(f"--user {user!r}: {exc}") from None
        if account is None:
            raise StoreError(f"--user {user!r}: no account has that email")
        return account.user_id
    with db.session(user) as session:
        if session.get(UserRow, user) is None:
            raise StoreError(f"--user {user!r}: no user has that id (or give the email)")
    return user
