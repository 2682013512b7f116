"""`intervoo demo`: see Intervoo work in seconds, with no resume, no interview, no setup.

By default the sample interview plays through the real pipeline here in the terminal;
`--web` serves the web UI with the sample candidate instead, and opens the live screen.
Either way the sample lives in a throwaway data dir: your own data is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intervoo.events import Event, TimingEvent, event_to_json

if TYPE_CHECKING:
    from intervoo.config import Settings


def demo(
    web: Annotated[bool, typer.Option("--web", help="Open the web UI instead.")] = False,
    port: Annotated[int, typer.Option(help="Port for --web.")] = 8766,
    fast: Annotated[
        bool, typer.Option("--fast", help="Play the audio as fast as it is transcribed.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print protocol events.")] = False,
) -> None:
    """Play a short sample interview through Intervoo and watch the suggestions appear."""
    import asyncio  # loads with the command, not with --help

    from intervoo.demo.play import play_demo, prepare_demo_data, temporary_data_dir

    with temporary_data_dir() as folder:
        typer.echo("Loading the sample candidate (Sam Okafor, interviewing at Amazon)…", err=True)
        settings = prepare_demo_data(Path(folder) / "data")
        if web:
            _serve_web(settings, port)
            return
        printer = _print_json if as_json else _text_printer(show_latency=not fast)
        asyncio.run(play_demo(settings, printer, realtime=not fast))


def _serve_web(settings: Settings, port: int) -> None:
    import threading
    import webbrowser

    import uvicorn

    from intervoo.web.app import create_app

    url = f"http://127.0.0.1:{port}/#/live?demo=1"
    typer.echo(f"Intervoo demo on {url} (Ctrl+C to stop; the sample data is deleted then)")
    opener = threading.Timer(1.5, webbrowser.open, args=(url,))
    opener.start()
    try:
        uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_config=None)
    finally:
        opener.cancel()


def _print_json(event: Event) -> None:
    typer.echo(event_to_json(event))


def _text_printer(*, show_latency: bool) -> Callable[[Event], None]:
    """What `intervoo listen` shows (questions, the suggestion as it streams, its sources) and,
    in real time, how fast the first word came. The sample's transcripts are its questions."""
    from intervoo.cli.listen_copilot import live_text

    show = live_text(lambda _transcript: None)

    def print_text(event: Event) -> None:
        if not isinstance(event, TimingEvent):
            show(event)
        elif show_latency and event.first_token is not None and event.speech_end is not None:
            latency = event.first_token - event.speech_end
            typer.echo(f"  first word {latency} ms after the question ended")

    return print_text
