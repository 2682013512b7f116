"""The `intervoo` command: the root options, `serve`, `config`, `doctor`, and every group."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

from intervoo import __version__
from intervoo.cli.common import LazyConsole, get_settings

if TYPE_CHECKING:
    from intervoo.config import Settings

# Plain Click help in every group: Rich's help formatting (Markdown, Pygments) took longer
# to import than the rest of `intervoo --help` together.
app = typer.Typer(
    rich_markup_mode=None,
    name="intervoo",
    help="Intervoo: a live interview copilot that answers in your own words.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
config_app = typer.Typer(
    rich_markup_mode=None, help="Show the configuration.", no_args_is_help=True
)
app.add_typer(config_app, name="config")

stdout = LazyConsole()
stderr = LazyConsole(stderr=True)


def _version(value: bool) -> None:
    if value:
        stdout.print(f"intervoo {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Intervoo: a live interview copilot that answers in your own words."""
    from intervoo.logs import LogSetupError, start_cli_logging

    try:
        start_cli_logging()  # every command's log lines have secrets masked
    except LogSetupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to bind (default: INTERVOO_HOST)."),
    port: int | None = typer.Option(None, help="Port to listen on (default: INTERVOO_PORT)."),
    workers: int = typer.Option(
        1,
        min=1,
        envvar="WEB_CONCURRENCY",
        help="Processes serving on this port (server mode with INTERVOO_REDIS_URL for more "
        "than one, so they share their limits).",
    ),
    graceful_timeout: int | None = typer.Option(
        None,
        min=0,
        help="Seconds open connections get to finish at shutdown (default: "
        "INTERVOO_SHUTDOWN_TIMEOUT_S).",
    ),
) -> None:
    """Run the Intervoo server (web UI, API and the live WebSocket)."""
    from intervoo.security import SecurityConfigError
    from intervoo.security.config import check_workers
    from intervoo.web.shell import StartupRefused

    settings = get_settings()
    if host:
        settings.host = host
    if port:
        settings.port = port
    graceful = settings.shutdown_timeout_s if graceful_timeout is None else graceful_timeout
    try:
        check_workers(settings, workers)
        if workers > 1:
            _serve_workers(settings, workers, graceful)
        else:
            _serve_one(settings, graceful)
    except (SecurityConfigError, StartupRefused) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _serve_one(settings: Settings, graceful_timeout: int) -> None:
    """One process: /healthz answers while the real app is imported and the database
    migrated in a thread (seconds); a refusal found there stops the server."""
    import uvicorn

    from intervoo.web.shell import StartingShell, StartupRefused

    refusals: list[str] = []
    server: uvicorn.Server | None = None

    def refuse(reason: str) -> None:
        refusals.append(reason)
        if server is not None:
            server.should_exit = True

    shell = StartingShell(__version__, lambda: _build_app(settings), refuse)
    typer.echo(f"Intervoo {__version__} on http://{settings.host}:{settings.port}")  # no Rich yet
    server = uvicorn.Server(uvicorn.Config(shell, **_uvicorn_options(settings, graceful_timeout)))
    server.run()
    if refusals:
        raise StartupRefused(refusals[0])


def _serve_workers(settings: Settings, workers: int, graceful_timeout: int) -> None:
    """Several processes, each building its app with the factory from the same environment
    (the host and port chosen here are uvicorn's, not the app's); checked here first."""
    import uvicorn

    _build_app(settings)
    typer.echo(f"Intervoo {__version__} on http://{settings.host}:{settings.port}")  # no Rich yet
    uvicorn.run(
        "intervoo.web.app:app_from_environment",
        factory=True,
        workers=workers,
        **_uvicorn_options(settings, graceful_timeout),
    )


def _uvicorn_options(settings: Settings, graceful_timeout: int) -> dict[str, Any]:
    # Forwarded headers are read by the security middleware, and only from
    # INTERVOO_TRUSTED_PROXIES; uvicorn's own reading would believe any local peer.
    return {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "proxy_headers": False,
        "timeout_graceful_shutdown": graceful_timeout,
    }


def _build_app(settings: Settings) -> Any:
    """The real app, checked like before serving: a bad setting or database role refuses
    with one line (INFO logging starts only after, so nothing else is printed)."""
    from intervoo.logs import configure_logging
    from intervoo.security import SecurityConfigError
    from intervoo.web.app import create_app
    from intervoo.web.shell import StartupRefused

    try:
        web_app = create_app(settings)
    except SecurityConfigError as exc:
        raise StartupRefused(str(exc)) from None
    _check_database(settings)
    configure_logging(settings.log_level)
    return web_app


def _check_database(settings: Settings) -> None:
    """Migrate and check the app's role before serving: a wrong role is one line, exit 2
    (inside uvicorn's startup it would be a traceback)."""
    from sqlalchemy.exc import SQLAlchemyError

    from intervoo.store import Database
    from intervoo.store.errors import StoreError
    from intervoo.web.shell import StartupRefused

    db = Database(settings)
    try:
        db.upgrade()
    except (StoreError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StartupRefused(reason) from None
    finally:
        db.dispose()


@config_app.command("show")
def config_show(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the effective settings, secrets masked."""
    from intervoo.config import public_view

    view = public_view(get_settings())
    if as_json:
        stdout.print_json(json.dumps(view))
        return
    from rich.table import Table

    table = Table("setting", "value", title="Intervoo settings")
    for name, value in view.items():
        table.add_row(name, value)
    stdout.print(table)


@app.command()
def doctor() -> None:
    """Check that everything Intervoo needs works; exit 1 if a check fails."""
    from intervoo.doctor import run_checks

    results = run_checks(get_settings())
    from rich.table import Table

    table = Table("check", "result", "detail", title="Intervoo doctor")
    for result in results:
        mark = "[green]ok[/green]" if result.ok else "[red]FAIL[/red]"
        table.add_row(result.name, mark, result.detail)
    stdout.print(table)
    if not all(r.ok for r in results):
        raise typer.Exit(1)


def _register_subcommands() -> None:
    """Attach each command group. Heavy imports stay inside the commands."""
    from intervoo.cli.data import data_app, db_app

    app.add_typer(db_app, name="db")
    app.add_typer(data_app, name="data")

    from intervoo.cli.resume import resume_app

    app.add_typer(resume_app, name="resume")

    from intervoo.cli.stories import stories_app

    app.add_typer(stories_app, name="stories")

    from intervoo.cli.llm import llm_app

    app.add_typer(llm_app, name="llm")

    from intervoo.cli.listen import listen
    from intervoo.cli.stt import stt_app

    app.command("listen")(listen)
    app.add_typer(stt_app, name="stt")

    from intervoo.cli.devices import devices

    app.command("devices")(devices)

    from intervoo.cli.browser_stt import browser_stt_app

    app.add_typer(browser_stt_app, name="browser-stt")

    from intervoo.cli.detect import detect

    app.command("detect")(detect)

    from intervoo.cli.demo import demo

    app.command("demo")(demo)

    from intervoo.cli.suggest import suggest

    app.command("suggest")(suggest)

    from intervoo.cli.practice import practice

    app.command("practice")(practice)

    from intervoo.cli.accounts import token, user_app

    app.add_typer(user_app, name="user")
    app.command("token")(token)

    from intervoo.cli.companies import company_app, target_app

    app.add_typer(company_app, name="company")
    app.add_typer(target_app, name="target")


_register_subcommands()


def main() -> None:
    app(prog_name="intervoo")
