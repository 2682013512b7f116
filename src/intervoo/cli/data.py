"""`intervoo db …` (migrations) and `intervoo data …` (export, delete, import).

SQLAlchemy and the store load inside the commands, so `intervoo --help` stays fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer

from intervoo.cli.common import LazyConsole, get_settings, open_database, ready_user

db_app = typer.Typer(
    rich_markup_mode=None, help="The database: migrations and their status.", no_args_is_help=True
)
data_app = typer.Typer(
    rich_markup_mode=None, help="Your data: export it, delete it, import it.", no_args_is_help=True
)
stdout = LazyConsole()

USER_OPTION = typer.Option(
    None, "--user", help="Whose data (server mode; a local install has one user)."
)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the latest revision (runs on every server start too)."""
    from intervoo.config import mask_url_password

    settings = get_settings()
    owner_only = bool(settings.database_admin_url) and not settings.database_url
    if owner_only:  # the README's first step: migrate PostgreSQL, not the local SQLite file
        settings = settings.model_copy(update={"database_url": settings.database_admin_url})
    with open_database(settings) as db:
        db.upgrade(verify=not owner_only)
        where = mask_url_password(settings.database_url) if db.is_postgresql else "SQLite"
        stdout.print(f"database at revision {db.revision()} (latest): {where}")
    if owner_only:
        stdout.print(
            "next: give intervoo_app a login (ALTER ROLE intervoo_app LOGIN PASSWORD ...) "
            "and set INTERVOO_DATABASE_URL to connect as it"
        )


@db_app.command("status")
def db_status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the database, its revision and the latest one."""
    from intervoo.config import mask_url_password
    from intervoo.store import migrate

    with open_database() as db:
        current, head = db.revision(), migrate.head_revision()
        view = {
            "database": mask_url_password(db.settings.effective_database_url),
            "backend": db.dialect,
            "revision": current,
            "latest": head,
            "up_to_date": current == head,
        }
    if as_json:
        stdout.print_json(json.dumps(view))
        return
    state = "up to date" if current == head else "behind: run `intervoo db upgrade`"
    stdout.print(f"{view['database']} ({db.dialect})")
    stdout.print(f"revision {current or '(empty)'}, latest {head}: {state}")


@data_app.command("export")
def data_export(file: Path, user: str | None = USER_OPTION) -> None:
    """Write everything you own to FILE (JSON, readable only by you)."""
    from intervoo.userdata.transfer import export_user_data

    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            data = export_user_data(session, user_id)
    _write_private(file, data)
    rows = sum(len(r) for r in data["tables"].values())
    stdout.print(f"exported {rows} rows to {file}")


@data_app.command("delete")
def data_delete(
    yes: bool = typer.Option(False, "--yes", help="Really delete: there is no undo."),
    user: str | None = USER_OPTION,
) -> None:
    """Delete everything you own (export it first if you want to keep it)."""
    if not yes:
        typer.echo("error: this deletes all your data for good; add --yes to confirm", err=True)
        raise typer.Exit(2)
    from intervoo.userdata.transfer import delete_user_data

    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            counts = delete_user_data(session, user_id)
    stdout.print(f"deleted {sum(counts.values())} rows")


@data_app.command("import")
def data_import(file: Path, user: str | None = USER_OPTION) -> None:
    """Restore an export into an account that has no data yet."""
    from intervoo.userdata.transfer import import_user_data

    data = _read_json(file)
    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            counts = import_user_data(session, user_id, data)
    stdout.print(f"imported {sum(counts.values())} rows from {file}")


def _write_private(file: Path, data: dict[str, Any]) -> None:
    """Write the export so that only its owner can read it (it is personal data)."""
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # The mode above applies only to a new file: an existing one keeps its own.
            os.chmod(file, 0o600)
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    except OSError as exc:
        typer.echo(f"error: cannot write {file}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None


def _read_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror}", err=True)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {file} is not JSON: {exc}", err=True)
    raise typer.Exit(1)
