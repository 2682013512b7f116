"""The interview questions a story answers, written by the configured LLM.

Retrieval matches an asked question against each story's questions; with questions
an LLM wrote, top-1 accuracy on an unseen profession rose from 0.40 to 0.84. The
writing happens off the hot path: when a story is added, imported or edited (web, in
the background), or on demand (`intervoo stories questions`, the API).

A story with at least WRITTEN_QUESTIONS questions counts as done and is not sent
again unless the caller forces it: one LLM reply gives that many, and a story whose
user already wrote that many by hand has enough to be found.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING

from intervoo.llm.errors import LLMError
from intervoo.llm.messages import Message
from intervoo.stories.merge import union_questions
from intervoo.stories.model import MAX_QUESTION_CHARS, Story, clean_questions

if TYPE_CHECKING:
    from intervoo.config import Settings
    from intervoo.llm import LLMClient
    from intervoo.store import Database

log = logging.getLogger(__name__)

WRITTEN_QUESTIONS = 8
# Eight questions take ~250 tokens; the rest is room for a preamble the model adds anyway.
MAX_REPLY_TOKENS = 600
_MIN_WORDS = 3

# The instruction text the retrieval accuracy was measured with: change it only with a
# new measurement.
QUESTION_PROMPT = """\
Below is one of a job candidate's own STAR stories. Write the questions an interviewer \
might ask that this story would answer well.

Write 8 questions, one per line, nothing else:
- mix behavioural ("Tell me about a time..."), direct ("How do you handle...") and \
role-specific wordings;
- cover the different skills the story shows (what it is about, and what it proves about \
the candidate);
- word them as an interviewer would, who has never heard the story: no names, numbers or \
details taken from it."""
_SYSTEM = "You help a job candidate prepare for interviews. Follow the instructions exactly."
_STORY_FIELDS = ("title", "situation", "task", "action", "result")

# A bullet or numbering in front of a line: "-", "*", "•", "1.", "2)", "(3)", "Q:", "Q4.",
# "Question 5:", markdown headings. Stripped repeatedly ("1. Q: ...").
_MARKER = re.compile(
    r"^\s*(?:[-*•–—#>]+|\(?\d{1,2}\s*[.):\]]|q(?:uestion)?\s*\d{0,2}\s*[:.)\]-])\s*",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»`*_"
# Chatter around the list: "Here are 8 questions:", "Sure!", "Note: ...".
_CHATTER = re.compile(
    r"^(?:here(?:'s|’s| is| are)|sure\b|certainly\b|of course\b|okay\b|ok\b|note\b)",
    re.IGNORECASE,
)

# Counts what is about to be sent to the LLM against the user's allowance; raises an
# LLMError (e.g. LLMBudgetExceeded) to refuse. Server mode passes one; local mode none.
Charge = Callable[[Sequence[Message]], None]


class NoQuestionsError(LLMError):
    """The LLM answered, but nothing in the reply reads as an interview question."""

    code = "llm_no_questions"


def messages_for(story: Story) -> list[Message]:
    """The instruction, then the story's own STAR text (empty parts left out)."""
    parts = [f"{name.title()}: {text}" for name in _STORY_FIELDS if (text := getattr(story, name))]
    user = QUESTION_PROMPT + "\n\n" + "\n".join(parts)
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


def parse_questions(reply: str) -> list[str]:
    """The questions in a reply, one per line: markers, quotes and chatter dropped, at most
    WRITTEN_QUESTIONS, repeats once."""
    found = [q for q in (_clean_line(line) for line in reply.splitlines()) if q]
    return clean_questions(found)[:WRITTEN_QUESTIONS]


def _clean_line(line: str) -> str | None:
    text = line.strip()
    while (stripped := _MARKER.sub("", text, count=1)) != text:
        text = stripped
    text = text.strip(_QUOTES + " \t").strip()
    if not text or text.endswith(":") or _CHATTER.match(text):
        return None
    if len(text.split()) < _MIN_WORDS or len(text) > MAX_QUESTION_CHARS:
        return None
    return text


async def write_questions(
    llm: LLMClient, story: Story, *, charge: Charge | None = None
) -> list[str]:
    """The LLM's questions for one story. Raises LLMError (and subclasses) when the call
    fails, NoQuestionsError when the reply holds no usable question."""
    messages = messages_for(story)
    if charge is not None:
        charge(messages)
    reply = await _complete(llm, messages)
    questions = parse_questions(reply)
    if not questions:
        raise NoQuestionsError(
            f"the LLM ({llm.model}) replied with no usable interview question", retryable=True
        )
    return questions


async def _complete(llm: LLMClient, messages: list[Message]) -> str:
    # The same collection as practice/coach.py's private _complete; no shared helper yet.
    chunks: list[str] = []
    async with llm.stream(messages, max_tokens=MAX_REPLY_TOKENS) as stream:
        async for delta in stream:
            chunks.append(delta)
    return "".join(chunks)


def needs_questions(story: Story) -> bool:
    """True until a story has as many questions as one LLM reply gives."""
    return len(story.questions) < WRITTEN_QUESTIONS


async def fill_questions(
    llm: LLMClient,
    db: Database,
    user_id: str,
    story_ids: Sequence[str] | None = None,
    *,
    force: bool = False,
    charge: Charge | None = None,
) -> AsyncIterator[Story]:
    """Write and save questions for each story (None: every story of the user), one at a
    time, yielding each saved story. Stories that are done are skipped unless `force`;
    unknown or deleted ones are skipped. Each story is saved in its own transaction, so
    an LLMError (which propagates) loses nothing already written."""
    ids = story_ids if story_ids is not None else await asyncio.to_thread(_all_ids, db, user_id)
    for story_id in ids:
        story = await asyncio.to_thread(_load, db, user_id, story_id)
        if story is None or not (force or needs_questions(story)):
            continue
        written = await write_questions(llm, story, charge=charge)
        saved = await asyncio.to_thread(_save, db, user_id, story_id, written)
        if saved is not None:
            log.info("story questions user=%s id=%s written=%d total=%d", user_id, story_id,
                     len(written), len(saved.questions))  # fmt: skip
            yield saved


async def fill_in_background(
    settings: Settings,
    db: Database,
    user_id: str,
    story_ids: Sequence[str] | None = None,
    *,
    charge: Charge | None = None,
) -> None:
    """`fill_questions` for stories not yet done, with the configured LLM (none: nothing to
    do). A failure is logged with ids only, and the stories stay as they were."""
    import httpx
    from sqlalchemy.exc import SQLAlchemyError

    from intervoo.llm import create_client
    from intervoo.store import StoreError

    where = "all" if story_ids is None else ",".join(story_ids)
    try:
        async with httpx.AsyncClient() as http:
            llm = create_client(settings, http)
            if llm is None:
                return
            async for _story in fill_questions(llm, db, user_id, story_ids, charge=charge):
                pass
    except LLMError as exc:
        log.warning("story questions not written user=%s stories=%s code=%s retryable=%s",
                    user_id, where, exc.code, exc.retryable)  # fmt: skip
    except (StoreError, SQLAlchemyError) as exc:
        log.warning("story questions not saved user=%s stories=%s error=%s", user_id, where,
                    type(exc).__name__)  # fmt: skip


def _all_ids(db: Database, user_id: str) -> list[str]:
    from intervoo.store import StoryRepo

    with db.session(user_id) as session:
        return [story.id for story in StoryRepo(session, user_id).list()]


def _load(db: Database, user_id: str, story_id: str) -> Story | None:
    from intervoo.store import StoryRepo

    with db.session(user_id) as session:
        return StoryRepo(session, user_id).get(story_id)


def _save(db: Database, user_id: str, story_id: str, written: list[str]) -> Story | None:
    """Merge into the story as it is now: the user may have edited it while the LLM wrote."""
    from intervoo.store import StoryRepo

    with db.session(user_id) as session:
        repo = StoryRepo(session, user_id)
        current = repo.get(story_id)
        if current is None:
            return None  # deleted meanwhile
        merged = union_questions(current.questions, written)
        return repo.update(current.model_copy(update={"questions": merged}))
