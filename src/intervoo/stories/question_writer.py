"""The interview questions a story answers, written by the configured LLM.

Retrieval matches an asked question against each story's questions; with questions
an LLM wrote, top-1 / top-3 accuracy on a profession never tuned on (construction)
rose from 0.30 / 0.50 to 0.88 / 0.98. The writing happens off the hot path: when a
story is added, imported or edited (a background job, `intervoo.jobs`), or on demand (`intervoo
stories questions`, the API).

A story with at least QUESTIONS_DONE questions counts as done and is not sent again
unless the caller forces it: one write gives up to WRITTEN_QUESTIONS (a few fewer once
the two replies' repeats are dropped), and a story whose user already wrote that many
by hand has enough to be found.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intervoo.llm.errors import LLMError
from intervoo.llm.messages import Charge, Message
from intervoo.stories.merge import union_questions
from intervoo.stories.model import MAX_QUESTION_CHARS, STORY_FIELDS, Story, clean_questions

if TYPE_CHECKING:
    from intervoo.llm import LLMClient
    from intervoo.store import Database

log = logging.getLogger(__name__)

_MIN_WORDS = 3

# Two instructions, each sent as its own request; together they give the questions the
# retrieval accuracy was measured with (tests/stories/data/README.md): change them only
# with a new measurement. The first asks for a mix of wordings; the second for the plain
# words of any interview, what the story proves, and the role's own terms. The union
# beats either alone: the first wording suits some professions, the second others.
MIXED_PROMPT = """\
Below is one of a job candidate's own STAR stories. Write the questions an interviewer \
might ask that this story would answer well.

Write 8 questions, one per line, nothing else:
- mix behavioural ("Tell me about a time..."), direct ("How do you handle...") and \
role-specific wordings;
- cover the different skills the story shows (what it is about, and what it proves about\
 the candidate);
- word them as an interviewer would, who has never heard the story: no names, numbers or\
 details taken from it."""
BY_ANGLE_PROMPT = """\
Below is one of a job candidate's own STAR stories. Write the questions an interviewer \
might ask that this story would answer well.

Write 12 questions, one per line, nothing else:
- 4 in the plain words any interviewer in any field uses, naming no tool, term or \
setting of this job ("Tell me about a time you had to do more with less.");
- 4 about what the story proves about the candidate, the skills and qualities it shows, \
asked directly ("How do you handle...", "What do you do when...");
- 4 specific to this role and situation, as an interviewer in this field would ask them;
- all worded as an interviewer would who has never heard the story: no names, numbers or\
 details taken from it."""


@dataclass(frozen=True, slots=True)
class QuestionPrompt:
    text: str
    count: int  # the questions it asks for: more in a reply are dropped


QUESTION_PROMPTS = (QuestionPrompt(MIXED_PROMPT, 8), QuestionPrompt(BY_ANGLE_PROMPT, 12))
WRITTEN_QUESTIONS = sum(prompt.count for prompt in QUESTION_PROMPTS)
# Most of one write: the two replies often share a question or two, dropped as repeats.
QUESTIONS_DONE = 16
# Twelve questions take ~350 tokens; the rest is room for a preamble the model adds anyway.
MAX_REPLY_TOKENS = 800
_SYSTEM = "You help a job candidate prepare for interviews. Follow the instructions exactly."

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


class NoQuestionsError(LLMError):
    """The LLM answered, but nothing in the reply reads as an interview question."""

    code = "llm_no_questions"


def messages_for(story: Story, prompt: QuestionPrompt) -> list[Message]:
    """The instruction, then the story's own STAR text (empty parts left out)."""
    parts = [f"{name.title()}: {text}" for name in STORY_FIELDS if (text := getattr(story, name))]
    user = prompt.text + "\n\n" + "\n".join(parts)
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


def parse_questions(reply: str, limit: int) -> list[str]:
    """The questions in a reply, one per line: markers, quotes and chatter dropped, at most
    `limit`, repeats once."""
    found = [q for q in (_clean_line(line) for line in reply.splitlines()) if q]
    return clean_questions(found)[:limit]


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
    """The LLM's questions for one story, one request per prompt, sent together. Raises
    LLMError (and subclasses) when a call fails, and NoQuestionsError when the replies
    hold no usable question."""
    requests = [(prompt, messages_for(story, prompt)) for prompt in QUESTION_PROMPTS]
    if charge is not None:  # both requests at once: refused, neither is sent
        await charge([message for _, messages in requests for message in messages])
    replies = await _complete_all(llm, [messages for _, messages in requests])
    questions = clean_questions(
        [q for (prompt, _), reply in zip(requests, replies, strict=True)
         for q in parse_questions(reply, prompt.count)]
    )  # fmt: skip
    if not questions:
        raise NoQuestionsError(
            f"the LLM ({llm.model}) replied with no usable interview question", retryable=True
        )
    return questions


async def _complete_all(llm: LLMClient, requests: list[list[Message]]) -> list[str]:
    """Every reply, the requests sent at once; the first failure is raised as it is, and
    the other requests are cancelled (and their streams closed) before it propagates."""
    tasks = [
        asyncio.create_task(llm.complete(messages, max_tokens=MAX_REPLY_TOKENS))
        for messages in requests
    ]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def needs_questions(story: Story) -> bool:
    """True until a story has about as many questions as one write gives it."""
    return len(story.questions) < QUESTIONS_DONE


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
    pending = await asyncio.to_thread(_pending, db, user_id, story_ids, force)
    for story in pending:
        written = await write_questions(llm, story, charge=charge)
        saved = await asyncio.to_thread(_save, db, user_id, story.id, written)
        if saved is not None:
            log.info("story questions user=%s id=%s written=%d total=%d", user_id, story.id,
                     len(written), len(saved.questions))  # fmt: skip
            yield saved


def _pending(
    db: Database, user_id: str, story_ids: Sequence[str] | None, force: bool
) -> list[Story]:
    """The stories to write for, in the order asked, read in one query."""
    from intervoo.stories.repo import StoryRepo

    with db.session(user_id) as session:
        stories = {story.id: story for story in StoryRepo(session, user_id).list()}
    ids = list(stories) if story_ids is None else story_ids
    chosen = [stories[i] for i in ids if i in stories]
    return [story for story in chosen if force or needs_questions(story)]


def _save(db: Database, user_id: str, story_id: str, written: list[str]) -> Story | None:
    """Merge into the story as it is now: the user may have edited it while the LLM wrote."""
    from intervoo.stories.repo import StoryRepo

    with db.session(user_id) as session:
        repo = StoryRepo(session, user_id)
        current = repo.get(story_id)
        if current is None:
            return None  # deleted meanwhile
        merged = union_questions(current.questions, written)
        return repo.update(current.model_copy(update={"questions": merged}))
