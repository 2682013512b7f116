"""The copilot half of `intervoo listen`: on this machine, or as the edge client of a remote
server (`--connect URL`, see `intervoo.live.edge`). Either way the audio is transcribed here;
locally the transcripts run through the same LiveSession as `/ws/live`, remotely only the
transcripts are sent. Both print the one event stream of the live protocol."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from intervoo.cli.common import get_settings, open_database, ready_user
from intervoo.events import (
    DebriefEvent,
    ErrorEvent,
    Event,
    QuestionEvent,
    StatusEvent,
    SuggestionDelta,
    SuggestionDone,
    TranscriptEvent,
)

if TYPE_CHECKING:
    from intervoo.live.listen import Emit, Frames
    from intervoo.stt import SttEngine

Main = Callable[["SttEngine"], Coroutine[Any, Any, None]]

# The options `intervoo listen` adds for the copilot, declared here so the command stays short.
ConnectOption = Annotated[
    str | None,
    typer.Option(
        "--connect",
        help="A remote server's live socket (wss://host/ws/live): send it only the text.",
    ),
]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="INTERVOO_TOKEN",
        help="The server's token for --connect (default: this install's, for localhost).",
    ),
]
CompanyOption = Annotated[str | None, typer.Option(help="The company you interview with.")]
RoleOption = Annotated[str | None, typer.Option(help="The role you interview for.")]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Use the offline composer even if an LLM is set.")
]


@dataclass(frozen=True)
class CopilotOptions:
    company: str | None = None
    role: str | None = None
    offline: bool = False
    connect: str | None = None
    token: str | None = None
    debrief: bool = False


def listen_command(
    frames: Frames,
    load_engine: Callable[[], SttEngine],
    emit: Emit,
    options: CopilotOptions,
    *,
    vocabulary: tuple[str, ...] = (),
    clock: Callable[[], int] | None = None,
) -> None:
    """Run the copilot over `frames` until they end. Whatever can fail early (URL, token,
    database) fails before the speech model loads, with one clear line."""
    if options.connect:
        _run_edge(frames, load_engine, emit, options, vocabulary, clock)
        return
    from intervoo.copilot.context import load_candidate_context
    from intervoo.live.listen import run_live
    from intervoo.live.usage import StoryUsage

    settings = get_settings()
    with open_database() as db:
        user_id = ready_user(db, None)
        ctx = load_candidate_context(db, user_id, company=options.company, role=options.role)
        usage = StoryUsage(db, user_id, on_error=emit)
        at_stop = None
        if options.debrief:
            from intervoo.debrief.run import SessionDebrief

            at_stop = SessionDebrief(ctx)
        main = functools.partial(
            run_live,
            frames,
            emit=emit,
            ctx=ctx,
            llm_settings=None if options.offline else settings,
            usage=usage,
            vocabulary=vocabulary,
            clock=clock,
            at_stop=at_stop,
        )
        _run(load_engine, main)


def _run_edge(
    frames: Frames,
    load_engine: Callable[[], SttEngine],
    emit: Emit,
    options: CopilotOptions,
    vocabulary: tuple[str, ...],
    clock: Callable[[], int] | None,
) -> None:
    from intervoo.live.edge import EdgeError, edge_headers, run_edge

    url = options.connect or ""
    try:
        data_dir = None if options.token else get_settings().data_dir
        headers = edge_headers(url, options.token, data_dir)
    except EdgeError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    start: dict[str, Any] = {
        k: v for k, v in (("company", options.company), ("role", options.role)) if v
    }
    if options.offline:
        start["llm"] = "none"  # the server then answers with its offline composer
    if options.debrief:
        start["debrief"] = True
    main = functools.partial(
        run_edge,
        url,
        frames,
        emit=emit,
        start=start,
        headers=headers,
        vocabulary=vocabulary,
        clock=clock,
    )
    try:
        _run(load_engine, main)
    except EdgeError as error:
        emit(ErrorEvent(error.code, str(error)))
        raise typer.Exit(1) from None


def _run(load_engine: Callable[[], SttEngine], main: Main) -> None:
    import asyncio  # loads with the command, not with --help

    engine = load_engine()
    try:
        asyncio.run(main(engine))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        engine.close()


def live_text(transcripts: Emit) -> Emit:
    """A reader's view of the stream: `transcripts` prints the transcripts; questions and
    answers follow them as they come."""

    def emit(event: Event) -> None:
        if isinstance(event, TranscriptEvent):
            transcripts(event)
        elif isinstance(event, QuestionEvent):
            if not event.speculative:
                typer.echo(f"\n? {event.text}  [{event.kind.value}]")
        elif isinstance(event, SuggestionDelta):
            typer.echo(event.text, nl=False)
        elif isinstance(event, SuggestionDone):
            if event.sources:
                typer.echo(f"sources: {'; '.join(event.sources)}", err=True)
            if event.note:
                typer.echo(f"note: {event.note}", err=True)
        elif isinstance(event, ErrorEvent):
            typer.echo(f"error: {event.message}", err=True)
        elif isinstance(event, DebriefEvent):
            from intervoo.cli.listen_debrief import print_debrief

            print_debrief(event.debrief)
        elif isinstance(event, StatusEvent) and event.state in ("behind", "caught_up"):
            typer.echo(f"note: {event.detail.get('message', event.state)}", err=True)

    return emit
