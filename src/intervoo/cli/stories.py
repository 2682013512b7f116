"""`intervoo stories …`: the story library from the command line, every command with --json.

The store and the retrieval code load inside the commands, so `intervoo --help` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from intervoo.cli.common import LazyConsole, get_settings, open_database, ready_user

if TYPE_CHECKING:
    from intervoo.config import Settings
    from intervoo.store import Database
    from intervoo.stories.model import Story
    from intervoo.stories.repo import StoryRepo

stories_app = typer.Typer(
    rich_markup_mode=None, help="Your STAR stories: add, edit, import, match.", no_args_is_help=True
)
stdout = LazyConsole()

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
USER_OPTION = typer.Option(None, "--user", help="Whose stories (server mode only).")
IMPORT_FILE = typer.Argument(..., help="A JSON array of stories (what export writes).")
EXPORT_OUTPUT = typer.Option(None, "--output", "-o", help="Write here, not stdout.")
EXCLUDE_OPTION = typer.Option([], "--exclude", help="Ids already told (repeatable).")
STORY_IDS = typer.Argument(None, help="The stories to write questions for.", show_default=False)
QUESTION_OPTION = typer.Option(
    [], "--question", help="An interview question this story answers (repeatable)."
)


@contextmanager
def _repo(user: str | None) -> Iterator[tuple[StoryRepo, Any]]:
    """The user's StoryRepo inside one transaction (and the session, for other repos)."""
    from intervoo.stories.repo import StoryRepo

    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:
            yield StoryRepo(session, user_id), session


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _get(repo: StoryRepo, story_id: str) -> Story:
    story = repo.get(story_id)
    if story is None:
        raise _fail(f"no story with id {story_id}")
    return story


def escape(text: str) -> str:
    """Rich's markup escape, imported when a command prints (not for `--help`)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


@stories_app.command("list")
def list_stories(
    status: str | None = typer.Option(None, help="Only draft or approved stories."),
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """List your stories."""
    from intervoo.stories.library import story_summary
    from intervoo.stories.model import StoryStatus

    try:
        wanted = StoryStatus(status) if status else None
    except ValueError:
        raise _fail("--status must be draft or approved", 2) from None
    with _repo(user) as (repo, _):
        stories = repo.list(status=wanted)
    if as_json:
        _print_json([story_summary(s) for s in stories])
        return
    from rich.table import Table

    table = Table("id", "title", "status", "competencies", "used", title="Stories")
    for s in stories:
        competencies = ", ".join(c.value for c in s.competencies[:3])
        table.add_row(s.id[:8], s.title, s.status.value, competencies, str(s.times_used))
    stdout.print(table)


@stories_app.command("show")
def show(story_id: str, as_json: bool = JSON_OPTION, user: str | None = USER_OPTION) -> None:
    """Show one story in full."""
    with _repo(user) as (repo, _):
        story = _get(repo, story_id)
    if as_json:
        _print_json(story.model_dump(mode="json"))
        return
    stdout.print(
        f"[bold]{escape(story.title)}[/bold]  ({story.status.value}, {story.source.value})"
    )
    for label in ("situation", "task", "action", "result"):
        stdout.print(f"[dim]{label}:[/dim] {escape(getattr(story, label))}")
    stdout.print(f"[dim]competencies:[/dim] {', '.join(c.value for c in story.competencies)}")
    stdout.print(f"[dim]metrics:[/dim] {escape(', '.join(m.text for m in story.metrics))}")
    for question in story.questions:
        stdout.print(f"[dim]answers:[/dim] {escape(question)}")


@stories_app.command("add")
def add(
    title: str = typer.Option(..., help="A few words that name the story."),
    situation: str = typer.Option("", help="S: the context."),
    task: str = typer.Option("", help="T: what you had to do."),
    action: str = typer.Option("", help="A: what you did."),
    result: str = typer.Option("", help="R: what came of it, with numbers."),
    work_ref: str | None = typer.Option(None, help="The resume work entry id it comes from."),
    approved: bool = typer.Option(False, help="Mark it approved rather than draft."),
    question: list[str] = QUESTION_OPTION,
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Add a story; one that retells an existing story is merged into it."""
    from intervoo.stories.library import StoryInputError, add_story, story_from_input

    data: dict[str, Any] = {"title": title, "situation": situation, "task": task}
    data["action"] = action
    data |= {"result": result, "work_ref": work_ref, "status": "approved" if approved else "draft"}
    data["questions"] = question
    try:
        story = story_from_input(data)
        with _repo(user) as (repo, _):
            added = add_story(repo, story)
    except StoryInputError as exc:
        raise _fail(str(exc), 2) from None
    if as_json:
        _print_json(
            {"story": added.story.model_dump(mode="json"), "merged_into": added.merged_into}
        )
    elif added.merged_into:
        stdout.print(f"merged into existing story {added.merged_into}: {escape(added.story.title)}")
    else:
        stdout.print(f"added story {added.story.id}: {escape(added.story.title)}")


@stories_app.command("edit")
def edit(
    story_id: str,
    title: str | None = typer.Option(None),
    situation: str | None = typer.Option(None),
    task: str | None = typer.Option(None),
    action: str | None = typer.Option(None),
    result: str | None = typer.Option(None),
    status: str | None = typer.Option(None, help="draft or approved"),
    question: list[str] = QUESTION_OPTION,
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Change fields of a story (only the options you give); --question adds questions."""
    from intervoo.stories.library import StoryInputError, apply_edit

    given = {"title": title, "situation": situation, "task": task, "action": action}
    given |= {"result": result, "status": status}
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not changes and not question:
        raise _fail("nothing to change: give at least one option", 2)
    try:
        with _repo(user) as (repo, _):
            story = _get(repo, story_id)
            if question:
                changes["questions"] = [*story.questions, *question]
            story = repo.update(apply_edit(story, changes))
    except StoryInputError as exc:
        raise _fail(str(exc), 2) from None
    if as_json:
        _print_json(story.model_dump(mode="json"))
    else:
        stdout.print(f"updated story {story.id}: {escape(story.title)}")


@stories_app.command("rm")
def remove(story_id: str, as_json: bool = JSON_OPTION, user: str | None = USER_OPTION) -> None:
    """Delete a story."""
    with _repo(user) as (repo, _):
        deleted = repo.delete(story_id)
    if not deleted:
        raise _fail(f"no story with id {story_id}")
    if as_json:
        _print_json({"deleted": story_id})
    else:
        stdout.print(f"deleted story {story_id}")


@stories_app.command("import")
def import_file(
    file: Path = IMPORT_FILE,
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Import stories from a JSON file; retellings of existing stories are merged."""
    from intervoo.stories.library import StoryInputError, add_stories, parse_import

    try:
        stories = parse_import(file.read_bytes())
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror}") from None
    except StoryInputError as exc:
        raise _fail(f"{file}: {exc}", 2) from None
    with _repo(user) as (repo, _):
        summary = add_stories(repo, stories)
    if as_json:
        _print_json(summary)
    else:
        stdout.print(f"imported {summary['added']} new stories, merged {summary['merged']}")


@stories_app.command("export")
def export(
    output: Path | None = EXPORT_OUTPUT,
    as_json: bool = typer.Option(True, "--json", help="JSON (the only export format)."),
    user: str | None = USER_OPTION,
) -> None:
    """Export every story as a JSON array (what import reads)."""
    from intervoo.stories.library import export_stories

    with _repo(user) as (repo, _):
        data = export_stories(repo.list())
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"exported {len(data)} stories to {output}", err=True)


@stories_app.command("seed")
def seed(as_json: bool = JSON_OPTION, user: str | None = USER_OPTION) -> None:
    """Draft stories from your resume's highlights that have measurable results."""
    from intervoo.resume.repo import ResumeRepo
    from intervoo.stories.library import add_stories
    from intervoo.stories.seed import stories_from_resume

    with _repo(user) as (repo, session):
        stored = ResumeRepo(session, repo.user_id).get()
        if stored is None:
            raise _fail("no resume yet: import one first")
        summary = add_stories(repo, stories_from_resume(stored.resume))
    if as_json:
        _print_json(summary)
    else:
        stdout.print(f"seeded {summary['added']} draft stories ({summary['merged']} already there)")


@stories_app.command("match")
def match(
    question: str,
    top: int = typer.Option(3, min=1, max=20, help="How many to return."),
    exclude: list[str] = EXCLUDE_OPTION,
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """The stories that best answer a question (resume highlights when none fits)."""
    from intervoo.resume.repo import ResumeRepo
    from intervoo.stories.matching import match_or_fallback
    from intervoo.stories.vector_repo import StoryVectorRepo

    try:
        with _repo(user) as (repo, session):
            stored = ResumeRepo(session, repo.user_id).get()
            rows = match_or_fallback(
                repo.list(),
                question,
                resume=stored.resume if stored else None,
                top=top,
                exclude=exclude,
                vectors=StoryVectorRepo(session, repo.user_id),
            )
    except ValueError as exc:
        raise _fail(str(exc), 2) from None
    if as_json:
        _print_json(rows)
        return
    if not rows:
        stdout.print("no story or resume highlight fits this question")
        return
    from rich.table import Table

    table = Table("id", "title", "score", "why", title="Matches")
    for row in rows:
        table.add_row((row["id"] or "-")[:8], row["title"], f"{row['score']:.2f}", row["why"])
    stdout.print(table)


@stories_app.command("questions")
def questions(
    story_ids: list[str] = STORY_IDS,
    all_: bool = typer.Option(False, "--all", help="Every story still short of questions."),
    as_json: bool = JSON_OPTION,
    user: str | None = USER_OPTION,
) -> None:
    """Have the configured LLM write the interview questions each story answers."""
    import asyncio  # loads with the command, not with --help

    from intervoo.llm import LLMConfigError, LLMError
    from intervoo.stories.repo import StoryRepo

    if bool(story_ids) == all_:
        raise _fail("give story ids or --all (not both)", 2)
    settings = get_settings()
    written: list[Story] = []
    with open_database() as db:
        user_id = ready_user(db, user)
        with db.session(user_id) as session:  # unknown ids fail before any LLM call
            for story_id in story_ids or []:
                _get(StoryRepo(session, user_id), story_id)
        work = _write_questions(settings, db, user_id, story_ids or None, written, as_json)
        try:
            asyncio.run(work)
        except LLMConfigError as exc:
            raise _fail(exc.message, 2) from None
        except LLMError as exc:
            count = f"{len(written)} story" if len(written) == 1 else f"{len(written)} stories"
            saved = f" (the questions of {count} written before it are saved)" if written else ""
            raise _fail(f"{exc.message}{saved}") from None
    if as_json:
        _print_json([{"id": s.id, "title": s.title, "questions": s.questions} for s in written])
    elif not written:
        stdout.print("every story already has questions (name ids to write more)")


async def _write_questions(
    settings: Settings,
    db: Database,
    user_id: str,
    story_ids: list[str] | None,
    written: list[Story],
    as_json: bool,
) -> None:
    """Write questions story by story (ids: forced; None: those not done), printing each."""
    from intervoo.llm.http import llm_http
    from intervoo.llm.probe import require_client
    from intervoo.stories.question_writer import fill_questions

    async with llm_http(settings) as http:
        llm = require_client(settings, http)
        filled = fill_questions(llm, db, user_id, story_ids, force=story_ids is not None)
        async for story in filled:
            written.append(story)
            if not as_json:  # plain echo: LLM text is neither markup nor wrapped
                typer.echo(f"{story.title}  ({story.id})")
                for question in story.questions:
                    typer.echo(f"  - {question}")
