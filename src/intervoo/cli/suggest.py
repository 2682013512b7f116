"""`intervoo suggest`: the live copilot for one typed question.

(`intervoo listen` runs it on speech, here or through a remote server: see `intervoo.live.listen`.)

Only typer is imported at module level so `intervoo --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from intervoo.cli.common import get_settings, open_database, ready_user
from intervoo.events import ErrorEvent, Event, SuggestionDelta, SuggestionDone

if TYPE_CHECKING:
    from intervoo.config import Settings
    from intervoo.copilot.context import CandidateContext

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

    if not question.strip():
        raise typer.BadParameter("the question is empty")
    settings = get_settings()
    ctx = _load_context(company, role, user)
    emit = _print_json if as_json else _print_text
    import asyncio  # loads with the command, not with --help

    asyncio.run(_suggest(settings, ctx, question, emit, offline=offline))


def _load_context(company: str | None, role: str | None, user: str | None) -> CandidateContext:
    from intervoo.copilot.context import load_candidate_context

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
    from intervoo.live.session import LiveSession, configured_llm
    from intervoo.llm.http import llm_http
    from intervoo.questions import QuestionDetector, classify

    async with llm_http(settings) as http:
        llm = None if offline else configured_llm(settings, http, emit)
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
