"""What a configured LLM adds to the offline debrief: sharper coaching lines, follow-up
questions and a warmer thank-you note. One request, recorded in the session's privacy
ledger before it is sent; any failure keeps the offline debrief, with a note saying so."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from intervoo.debrief.model import Debrief
from intervoo.llm import LLMClient, LLMError, Message
from intervoo.llm.ledger import PrivacyLedger

log = logging.getLogger(__name__)

MAX_SAID_CHARS = 1500  # per answer: enough to coach it, not the whole transcript
MAX_TOKENS = 900
LEDGER_ID = "debrief"
_SYSTEM = (
    "You are an interview coach writing a debrief right after a real interview. You get "
    "each question, what the candidate actually said, the points of the suggested answer "
    "they left out, and an automatic coaching line. Never invent experience, numbers or "
    "events the candidate did not mention. Reply with one JSON object only:\n"
    '{"notes": {"<question id>": "<one-line coaching note>"}, '
    '"follow_ups": ["<a likely next-round question>", ...], '
    '"thank_you": "<a short thank-you note naming topics really discussed>"}'
)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


def improve_messages(debrief: Debrief, values: list[str] | None = None) -> list[Message]:
    body = {
        "company": debrief.company,
        "role": debrief.role,
        "company_values": values or [],
        "questions": [
            {
                "id": q.id,
                "question": q.question,
                "said": q.said[:MAX_SAID_CHARS],
                "missed": q.missed,
                "note": q.note,
            }
            for q in debrief.questions
        ],  # fmt: skip
        "stories_told": [s.title for s in debrief.stories_told]
        + [d.story.title for d in debrief.new_stories],
        "offline_follow_ups": debrief.follow_ups,
        "offline_thank_you": debrief.thank_you,
    }
    user = json.dumps(body, ensure_ascii=False, indent=1)
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


async def improve(
    debrief: Debrief, llm: LLMClient, ledger: PrivacyLedger, *, t: int,
    values: list[str] | None = None,
) -> Debrief:  # fmt: skip
    messages = improve_messages(debrief, values)
    try:
        await ledger.record(LEDGER_ID, t, llm.endpoint, llm.model, messages)
        reply = await llm.complete(messages, max_tokens=MAX_TOKENS)
    except LLMError as error:
        log.info("debrief LLM failed (%s): offline debrief", error.code)
        return _noted(debrief, f"The LLM could not improve this debrief ({error.message}).")
    improved = _parsed(reply)
    if improved is None:
        return _noted(debrief, "The LLM's reply was not a debrief; this is the offline one.")
    return _merged(debrief, improved, f"{llm.provider}:{llm.model}")


def _parsed(reply: str) -> dict[str, Any] | None:
    try:
        body = json.loads(_FENCE.sub("", reply.strip()))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _merged(debrief: Debrief, body: dict[str, Any], by: str) -> Debrief:
    """Take what is well formed; keep the offline text for anything that is not."""
    raw_notes = body.get("notes")
    notes: dict[str, Any] = raw_notes if isinstance(raw_notes, dict) else {}
    questions = [
        q.model_copy(update={"note": _line(notes.get(q.id)) or q.note}) for q in debrief.questions
    ]
    raw = body.get("follow_ups")
    follow = [_line(f) for f in raw] if isinstance(raw, list) else []
    thank = body.get("thank_you")
    return debrief.model_copy(
        update={
            "questions": questions,
            "follow_ups": [f for f in follow if f][:10] or debrief.follow_ups,
            "thank_you": thank.strip()[:4000] if isinstance(thank, str) and thank.strip()
            else debrief.thank_you,
            "improved_by": by,
        }
    )  # fmt: skip


def _line(value: Any) -> str:
    return " ".join(value.split())[:600] if isinstance(value, str) else ""


def _noted(debrief: Debrief, note: str) -> Debrief:
    return debrief.model_copy(update={"notes": [*debrief.notes, note]})
