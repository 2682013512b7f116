"""`intervoo stt`: fetch a larger speech model once, and check which model loads."""

from __future__ import annotations

import typer

from intervoo.cli.common import get_settings

stt_app = typer.Typer(rich_markup_mode=None, help="Speech-to-text models.", no_args_is_help=True)


@stt_app.command("download")
def download(
    size: str = typer.Argument(..., help="A faster-whisper size name, e.g. base.en or small.en."),
) -> None:
    """Download a Whisper model once (needs the internet); then set INTERVOO_STT_MODEL=SIZE."""
    from intervoo.stt.models import WHISPER_SIZES

    if size not in WHISPER_SIZES:
        known = ", ".join(sorted(WHISPER_SIZES))
        typer.echo(f"error: unknown size {size!r}: use one of {known}", err=True)
        raise typer.Exit(2)
    from intervoo.telemetry import allow_model_downloads

    allow_model_downloads()  # the one command that may reach the hub; before it is imported
    from faster_whisper import download_model

    try:
        path = download_model(size)
    except Exception as exc:  # the hub client raises many network error types
        typer.echo(f"error: could not download {size}: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"downloaded {size} to {path}\nuse it with: export INTERVOO_STT_MODEL={size}")


@stt_app.command("check")
def check() -> None:
    """Load the configured speech engine and model, and say which one it is."""
    from intervoo.stt import SttError, load_engine

    settings = get_settings()
    try:
        engine = load_engine(settings)
    except SttError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    try:
        model = getattr(engine, "model_ref", "bundled")
        typer.echo(f"ok: {engine.name} ({model})")
    finally:
        engine.close()
