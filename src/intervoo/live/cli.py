"""`intervoo suggest` (one typed question) and `intervoo live connect` (the edge client).

Only typer is imported at module level so `intervoo --help` stays fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intervoo.events import Channel, ErrorEvent, Event, SuggestionDelta, SuggestionDone

if TYPE_CHECKING:
    from intervoo.config import Settings
    from intervoo.copilot.context import CandidateContext

live_app = typer.Typer(help="Live sessions from the command line.", no_args_is_help=True)

_PRINTED_AS_JSON = frozenset({"question", "suggestion.delta", "suggestion.done", "error"})


def suggest(
    question: Annotated[str, typer.Argument(help="The interview question, as asked.")],
    company: Annotated[str | None, typer.Option(help="The company you interview with.")] = None,
    role: Annotated[str | None, typer.Option(help="The role you interview for.")] = None,
    user: Annotated[
        str | None, typer.Option("--user", help="Whose stories (server mode; local: you).")
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Use the offline composer even if an LLM is set.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print protocol events as JSON lines.")
    ] = False,
) -> None:
    """Suggest an answer to one question from your resume, stories and the company's values."""
    from intervoo.cli import get_settings

    if not question.strip():
        raise typer.BadParameter("the question is empty")
    settings = get_settings()
    ctx = _load_context(company, role, user)
    emit = _print_json if as_json else _print_text
    asyncio.run(_suggest(settings, ctx, question, emit, offline=offline))


def _load_context(company: str | None, role: str | None, user: str | None) -> CandidateContext:
    from intervoo.copilot.context import load_candidate_context
    from intervoo.store.cli import open_database, ready_user

    with open_database() as db:
        return load_candidate_context(db, ready_user(db, user), company=company, role=role)


async def _suggest(
    settings: Settings,
    ctx: CandidateContext,
    question: str,
    emit: Callable[[Event], None],
    *,
    offline: bool,
) -> None:
    import httpx

    from intervoo.live.session import LiveSession
    from intervoo.llm import LLMError, create_client
    from intervoo.questions import QuestionDetector, classify

    async with httpx.AsyncClient() as http:
        llm = None
        if not offline:
            try:
                llm = create_client(settings, http)
            except LLMError as error:
                typer.echo(f"warning: {error.message}; using the offline composer", err=True)
        session = LiveSession(
            ctx, emit=emit, detector=QuestionDetector(), classify=classify, llm=llm
        )
        try:
            session.ask(question)
            await session.finish()
        finally:
            await session.aclose()


def _print_json(event: Event) -> None:
    from intervoo.events import event_to_json

    if event.type in _PRINTED_AS_JSON:
        typer.echo(event_to_json(event))


def _print_text(event: Event) -> None:
    if isinstance(event, SuggestionDelta):
        typer.echo(event.text, nl=False)
    elif isinstance(event, SuggestionDone):
        if event.sources:
            typer.echo(f"\nsources: {'; '.join(event.sources)}", err=True)
        if event.note:
            typer.echo(f"note: {event.note}", err=True)
    elif isinstance(event, ErrorEvent):
        typer.echo(f"error: {event.message}", err=True)


@live_app.command("connect")
def connect(
    url: Annotated[str, typer.Argument(help="The server's live socket, e.g. wss://host/ws/live")],
    audio: Annotated[Path | None, typer.Option("--audio", help="A WAV file to play.")] = None,
    mic: Annotated[bool, typer.Option("--mic", help="Listen to the microphone.")] = False,
    company: Annotated[str | None, typer.Option(help="The company you interview with.")] = None,
    role: Annotated[str | None, typer.Option(help="The role you interview for.")] = None,
    channel: Annotated[
        Channel, typer.Option(help="The channel of mono audio and of the microphone.")
    ] = Channel.INTERVIEWER,
    as_json: Annotated[bool, typer.Option("--json", help="Print protocol events.")] = False,
) -> None:
    """Transcribe on this machine and send only the text to a remote Intervoo server."""
    from intervoo.live.edge import run_edge_command

    if (audio is None) == (not mic):
        raise typer.BadParameter("give exactly one of --audio FILE.wav or --mic")
    emit = _print_json if as_json else _print_live_text
    run_edge_command(url, audio, channel, company, role, emit)


def _print_live_text(event: Event) -> None:
    from intervoo.events import QuestionEvent

    if isinstance(event, QuestionEvent) and not event.speculative:
        typer.echo(f"\n? {event.text}  [{event.kind.value}]")
    else:
        _print_text(event)
