"""`intervoo browser-stt`: the files a browser needs to recognise speech on its own."""

from __future__ import annotations

import typer

from intervoo.cli.common import get_settings

browser_stt_app = typer.Typer(
    rich_markup_mode=None, help="Speech recognition in the browser.", no_args_is_help=True
)


@browser_stt_app.command("install")
def install() -> None:
    """Fetch the pinned onnxruntime-web with npm (sha256 checked) into the runtime dir, and
    write the browser's ONNX copy of the pinned Moonshine model beside it."""
    from intervoo.web.browser_runtime import RuntimeInstallError, install_model, install_runtime

    settings = get_settings()
    try:
        runtime = install_runtime(settings)
        typer.echo(f"installed the browser runtime in {runtime}")
        model = install_model(settings)
    except RuntimeInstallError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"prepared the browser's speech model in {model}")
    check()


@browser_stt_app.command("check")
def check() -> None:
    """Say whether a browser can get its recognizer from this install, or what is missing."""
    from intervoo.web.browser_stt import missing

    problems = missing(get_settings())
    for problem in problems:
        typer.echo(f"missing: {problem}", err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("ok: browsers can recognise speech on their own (Moonshine base-en)")
