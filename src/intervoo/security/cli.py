"""`intervoo user …` (server-mode accounts) and `intervoo token` (a local install's API token).

Heavy imports stay inside the commands, so `intervoo --help` stays fast.
"""

from __future__ import annotations

import sys

import typer

user_app = typer.Typer(help="Accounts of a multi-user server.", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@user_app.command("add")
def add_user(
    email: str,
    password_stdin: bool = typer.Option(False, help="Read the password from stdin."),
) -> None:
    """Create an account (server mode)."""
    from intervoo.cli import get_settings
    from intervoo.security.accounts import AccountError, AccountIds, create_account
    from intervoo.security.config import SecurityConfigError, SecuritySettings
    from intervoo.security.passwords import PasswordPolicyError, hash_password
    from intervoo.security.secrets import resolve_secret
    from intervoo.store import Database

    settings = get_settings()
    security = SecuritySettings()
    secret = resolve_secret("secret_key", security.secret_key)
    if secret is None:
        raise _fail("set INTERVOO_SECRET_KEY (the server's secret key) first")
    try:
        password_hash = hash_password(_password(password_stdin))
    except PasswordPolicyError as exc:
        raise _fail(str(exc)) from None
    db = Database(settings)
    try:
        db.upgrade()
        account = create_account(db, AccountIds(secret), email, password_hash)
    except (AccountError, SecurityConfigError) as exc:
        raise _fail(str(exc)) from None
    finally:
        db.dispose()
    typer.echo(f"created account {account.email} (id {account.user_id})")


def token() -> None:
    """Print this install's API token (send it as `Authorization: Bearer …`)."""
    from intervoo.cli import get_settings
    from intervoo.security.token import TokenFileError, load_or_create_token

    try:
        typer.echo(load_or_create_token(get_settings().data_dir))
    except TokenFileError as exc:
        raise _fail(str(exc)) from None
