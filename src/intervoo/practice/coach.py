"""What the LLM adds when one is configured: a short critique with a stronger version of
the answer in the candidate's own words, and questions rephrased for the target.

Both are optional extras on top of the offline feedback and plan: an LLM error leaves
the plan as it was (personalize) or reaches the caller as `LLMError` (critique).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from intervoo.companies.model import TargetContext
from intervoo.llm import LLMClient, LLMError, Message
from intervoo.llm.messages import Charge
from intervoo.practice.feedback import Feedback
from intervoo.practice.plan_model import PlannedQuestion, QuestionSource

log = logging.getLogger(__name__)

_CRITIQUE_SYSTEM = (
    "You are an interview coach. First decide whether the answer addresses the question "
    "that was asked. If it does not, the critique opens with \"This doesn't answer the "
    'question", says what the question asks for, and STRONGER stays empty: never turn an '
    "answer to something else into an answer to this question. If it does, critique it in "
    "at most three short sentences, then rewrite it as a stronger answer of at most 180 "
    "words. The rewrite must keep the candidate's own facts, names and numbers and sound "
    "like them; never add experience, numbers or results they did not mention. Reply "
    "exactly as:\nANSWERS: <yes or no>\nCRITIQUE: <critique>\nSTRONGER: <rewritten answer>"
)
_PERSONALIZE_SYSTEM = (
    "You rephrase interview questions so they sound like this company's interviewers for "
    "this role. Keep each question's meaning and kind; one question per line, numbered like "
    "the input, nothing else."
)
_SECTION = re.compile(r"^\s*(ANSWERS|CRITIQUE|STRONGER)\s*:\s*", re.IGNORECASE | re.MULTILINE)
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s*(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Critique:
    critique: str
    stronger: str
    answers_question: bool | None = None  # the LLM's own verdict; None if it gave none


def critique_messages(question: str, answer: str, feedback: Feedback) -> list[Message]:
    notes = "\n".join(f"- {s.name}: {s.score}/100, {s.summary}" for s in feedback.scores)
    user = (
        f"Question ({feedback.shape.value} question): {question}\n\nAnswer: {answer}\n\n"
        f"Automatic feedback:\n{notes}"
    )
    return [{"role": "system", "content": _CRITIQUE_SYSTEM}, {"role": "user", "content": user}]


def parse_critique(text: str) -> Critique:
    """Split the reply into its two sections; a reply without them is all critique."""
    sections: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for match, following in zip(matches, [*matches[1:], None][: len(matches)], strict=True):
        end = following.start() if following else len(text)
        sections[match.group(1).upper()] = text[match.end() : end].strip()
    if not sections:
        return Critique(critique=text.strip(), stronger="")
    verdict = sections.get("ANSWERS", "").lower().rstrip(".")
    answers = True if verdict.startswith("yes") else False if verdict.startswith("no") else None
    stronger = sections.get("STRONGER", "") if answers is not False else ""
    return Critique(
        critique=sections.get("CRITIQUE", ""), stronger=stronger, answers_question=answers
    )


async def critique_answer(
    llm: LLMClient,
    question: str,
    answer: str,
    feedback: Feedback,
    *,
    charge: Charge | None = None,
) -> Critique:
    """The LLM's critique and stronger version; raises `LLMError` if the call fails or
    `charge` refuses it (then nothing is sent)."""
    messages = critique_messages(question, answer, feedback)
    if charge is not None:
        await charge(messages)
    reply = await llm.complete(messages, max_tokens=500)
    return parse_critique(reply)


def personalize_messages(
    questions: Sequence[PlannedQuestion], target: TargetContext
) -> list[Message]:
    company = target.company.name if target.company else "the company"
    about = f"Company: {company}. Role: {target.role or 'not given'}."
    if target.themes:
        about += f" They probe: {', '.join(target.themes)}."
    listing = "\n".join(f"{i}. {q.text}" for i, q in enumerate(questions, start=1))
    return [
        {"role": "system", "content": _PERSONALIZE_SYSTEM},
        {"role": "user", "content": f"{about}\n\n{listing}"},
    ]


async def personalize(
    llm: LLMClient,
    questions: Sequence[PlannedQuestion],
    target: TargetContext,
    *,
    charge: Charge | None = None,
) -> list[PlannedQuestion]:
    """Bank questions rephrased for the target; resume questions are already personal.

    Ids stay the same, so "no repeats" still works. On any LLM error, a refused `charge`
    included, the plan is kept.
    """
    rephrasable = [q for q in questions if q.source is QuestionSource.BANK]
    if not rephrasable:
        return list(questions)
    messages = personalize_messages(rephrasable, target)
    try:
        if charge is not None:
            await charge(messages)
        reply = await llm.complete(messages, max_tokens=600)
    except LLMError as error:
        log.warning("practice personalize failed (%s); keeping the bank's wording", error)
        return list(questions)
    rewritten = {int(m.group(1)): m.group(2) for m in _NUMBERED.finditer(reply)}
    by_id = {
        q.id: q.model_copy(update={"text": rewritten[i], "personalized": True})
        for i, q in enumerate(rephrasable, start=1)
        if rewritten.get(i, "").endswith("?") or rewritten.get(i, "").endswith(".")
    }
    return [by_id.get(q.id, q) for q in questions]
