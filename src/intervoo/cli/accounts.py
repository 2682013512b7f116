"""`intervoo user …` (server-mode accounts) and `intervoo token` (a local install's API token).

Heavy imports stay inside the commands, so `intervoo --help` stays fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from intervoo.cli.common import get_settings, open_database

if TYPE_CHECKING:
    from intervoo.store import Database

user_app = typer.Typer(
    rich_markup_mode=None, help="Accounts of a multi-user server.", no_args_is_help=True
)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@contextmanager
def _accounts_database() -> Iterator[Database]:
    """The migrated database of this install (PostgreSQL in server mode), disposed after;
    storage and connection errors are one line and exit 1."""

    with open_database() as db:
        db.upgrade()
        yield db


def _new_password_hash(from_stdin: bool) -> str:
    from intervoo.security.passwords import PasswordPolicyError, hash_password

    try:
        return hash_password(_password(from_stdin))
    except PasswordPolicyError as exc:
        raise _fail(str(exc)) from None


@user_app.command("add")
def add_user(
    email: str,
    password_stdin: bool = typer.Option(False, help="Read the password from stdin."),
) -> None:
    """Create an account (server mode)."""
    from intervoo.security.accounts import AccountError, create_account

    password_hash = _new_password_hash(password_stdin)
    with _accounts_database() as db:
        try:
            account = create_account(db, email, password_hash)
        except AccountError as exc:
            raise _fail(str(exc)) from None
    typer.echo(f"created account {account.email} (id {account.user_id})")


@user_app.command("passwd")
def change_password(
    email: str,
    password_stdin: bool = typer.Option(False, help="Read the new password from stdin."),
) -> None:
    """Set an account's password (server mode); every session of the account ends."""
    from intervoo.security.accounts import AccountError, find_login, set_password_hash

    with _accounts_database() as db:
        try:
            account = find_login(db, email)
            if account is None:
                raise AccountError("there is no account with that email")
            password_hash = _new_password_hash(password_stdin)
            ended = set_password_hash(db, account.user_id, password_hash, time.time())
        except AccountError as exc:
            raise _fail(str(exc)) from None
    typer.echo(f"password changed for {account.email}; {ended} session(s) signed out")


def token() -> None:
    """Print this install's API token (send it as `Authorization: Bearer …`)."""
    from intervoo.security.token import TokenFileError, load_or_create_token

    try:
        typer.echo(load_or_create_token(get_settings().data_dir))
    except TokenFileError as exc:
        raise _fail(str(exc)) from None
