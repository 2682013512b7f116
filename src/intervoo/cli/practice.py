"""`intervoo practice`: a mock interview in the terminal, typed answers, feedback after each.

`--answers FILE` (a JSON array of answer strings, used in order for the planned
questions, or of {"question", "answer"} objects to practice those questions) runs a
whole session without prompts, for scripts and tests; `--json` prints one JSON object
per answer and a final summary instead of tables. Only typer is imported at module level.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from intervoo.cli.common import get_settings

if TYPE_CHECKING:
    from intervoo.events import QuestionKind
    from intervoo.practice.feedback import Feedback
    from intervoo.practice.service import StartOptions
    from intervoo.store import Database


def read_answers(path: Path) -> tuple[list[str], list[tuple[str, QuestionKind | None]]]:
    """The scripted answers and, when given, their questions; a clear error for anything
    but a JSON array of strings or of {"question", "answer"[, "kind"]} objects."""
    from intervoo.events import QuestionKind

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"{path} is not JSON: {exc.msg} (line {exc.lineno})") from None
    if isinstance(data, list) and data and all(isinstance(a, str) for a in data):
        return data, []
    if isinstance(data, list) and data and all(_is_pair(item) for item in data):
        asked = [(item["question"], QuestionKind(item["kind"]) if "kind" in item else None)
                 for item in data]  # fmt: skip
        return [item["answer"] for item in data], asked
    raise typer.BadParameter(
        f"{path} must hold a non-empty JSON array of answer strings "
        'or of {"question": ..., "answer": ...} objects (with an optional "kind": '
        f"{', '.join(k.value for k in QuestionKind)})"
    )


def _is_pair(item: object) -> bool:
    from intervoo.events import QuestionKind

    return (
        isinstance(item, dict)
        and {"question", "answer"} <= set(item) <= {"question", "answer", "kind"}
        and all(isinstance(v, str) and v.strip() for v in item.values())
        and item.get("kind", "behavioral") in set(QuestionKind)
    )


def practice(
    answers: Annotated[
        Path | None, typer.Option("--answers", help="JSON array of answers, used in order.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
    length: Annotated[int, typer.Option(help="How many questions.", min=1, max=20)] = 6,
    repeats: Annotated[
        bool, typer.Option("--repeats", help="Allow questions from recent sessions.")
    ] = False,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Turn good answers into draft stories.")
    ] = True,
) -> None:
    """Practice for your active target: questions, your answers, honest feedback."""
    from intervoo.practice import service
    from intervoo.store import Database

    scripted, questions = read_answers(answers) if answers else (None, [])
    if scripted is not None:
        length = len(scripted)
    db = Database(get_settings())
    try:
        if db.settings.is_sqlite:
            db.upgrade()
        options = service.StartOptions(
            length=length, allow_repeats=repeats, auto_extract=extract, questions=tuple(questions)
        )
        summary = _run(db, db.ensure_local_user(), options, scripted, as_json)
    finally:
        db.dispose()
    if as_json:
        typer.echo(json.dumps({"type": "summary", **summary}))
    else:
        typer.echo(f"\nSession {summary['session_id']}: average {summary['average']}/100, "
                   f"{summary['stories']} draft stories.")  # fmt: skip


def _run(
    db: Database,
    user_id: str,
    options: StartOptions,
    scripted: list[str] | None,
    as_json: bool,
) -> dict[str, Any]:
    from intervoo.practice import service

    length = options.length
    try:
        with db.session(user_id) as session:
            draft = service.draft_plan(session, user_id, options)
            started = service.save_plan(session, user_id, draft)
    except service.PracticeError as exc:
        raise typer.BadParameter(str(exc)) from None
    scores, stories = [], 0
    for index in range(length):
        with db.session(user_id) as session:
            attempt = service.next_attempt(session, user_id, started.id)
            if attempt is None:
                break
            text = scripted[index] if scripted else _ask(attempt.question, index, length)
            answered = service.submit_answer(session, user_id, started.id, text)
        _show(attempt.question, answered.feedback, as_json, answered.attempt.id)
        scores.append(answered.feedback.overall)
        # After the feedback is shown: extraction never delays it.
        if answered.extract and service.extract_from_attempt(db, user_id, answered.attempt.id):
            stories += 1
    average = round(sum(scores) / len(scores)) if scores else 0
    return {"session_id": started.id, "answers": len(scores), "average": average,
            "stories": stories}  # fmt: skip


def _ask(question: str, index: int, length: int) -> str:
    from rich.console import Console
    from rich.prompt import Prompt

    Console().print(f"\n[bold]Question {index + 1}/{length}[/bold]: {question}")
    while True:
        text = Prompt.ask("[cyan]Your answer[/cyan]")
        if text.strip():
            return text
        Console().print("[yellow]Type an answer (or press Ctrl-C to stop).[/yellow]")


def _show(question: str, feedback: Feedback, as_json: bool, attempt_id: str) -> None:
    if as_json:
        payload = {"type": "feedback", "attempt_id": attempt_id, "question": question,
                   "feedback": feedback.model_dump(mode="json")}  # fmt: skip
        typer.echo(json.dumps(payload))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("score", "", "why", title=f"Feedback: {feedback.overall}/100")
    for score in feedback.scores:
        table.add_row(score.name, str(score.score), score.summary)
    console = Console()
    console.print(table)
    parts = " ".join(f"[{s.part.value}]" for s in feedback.sentences)
    console.print(f"STAR by sentence: {parts}\n{feedback.summary}")
