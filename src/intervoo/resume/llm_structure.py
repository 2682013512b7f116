"""An optional LLM pass over the resume's text: verified, never trusted.

The offline parser stays the default and the baseline. When the user asks for it and an
LLM is configured, the model is given the text the parser read and asked for the roles
as JSON. Every field it returns must be found in that text (employer and title as
written, the start date among the text's own dates); a role with any field not found is
dropped and reported as a doubt, so the model can reorder and split what is there but
never add experience. Verified roles replace the offline ones; offline roles the model
did not confirm are kept and flagged.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Protocol

from intervoo.resume.dates import dates_in, normalize_date
from intervoo.resume.schema import Doubt, ParsedResume, WorkEntry

log = logging.getLogger(__name__)
MAX_TEXT_CHARS = 24_000  # what is sent: a long resume's text, not a document's
MAX_ROLES = 60
_PROMPT = (
    "You turn resume text into JSON. Reply with one JSON object only: "
    '{"work": [{"name": employer, "position": job title, "location": place or null, '
    '"startDate": "YYYY-MM" or "YYYY", "endDate": "YYYY-MM", "YYYY" or null}]}. '
    "List only jobs (not education, awards, clubs, skills or projects), in the order they "
    "appear. Copy employer and title exactly as written; never invent or complete a field."
)


class Completer(Protocol):
    async def complete(self, messages: Sequence[Any], *, max_tokens: int = 400) -> str: ...


async def structure_with_llm(parsed: ParsedResume, llm: Completer) -> ParsedResume:
    """`parsed` with its roles re-read by the LLM and verified against its source text."""
    text = parsed.source_text[:MAX_TEXT_CHARS]
    messages = [{"role": "system", "content": _PROMPT}, {"role": "user", "content": text}]
    reply = await llm.complete(messages, max_tokens=2000)
    proposed = _roles(reply)
    if proposed is None:
        log.info("llm structuring: reply was not the JSON asked for (%d chars)", len(reply))
        doubt = Doubt(path="work", message="The LLM's reading could not be used; kept ours.")
        return parsed.model_copy(update={"doubts": [*parsed.doubts, doubt]})
    source = _norm(parsed.source_text)
    known_dates = dates_in(parsed.source_text)
    verified: list[WorkEntry] = []
    doubts = [d for d in parsed.doubts if not d.path.startswith("work")]
    for role in proposed[:MAX_ROLES]:
        entry = _verified(role, source, known_dates)
        if entry is None:
            label = str(role.get("position") or role.get("name") or "a role")[:80]
            doubts.append(Doubt(path="work", message=f'The LLM suggested "{label}", which '
                                "is not in the file as written; it was not imported."))  # fmt: skip
        else:
            verified.append(entry)
    if not verified:
        return parsed.model_copy(update={"doubts": [*parsed.doubts, *doubts[len(parsed.doubts) :]]})
    work = _merge(verified, parsed.resume.work, doubts)
    resume = parsed.resume.model_copy(update={"work": work})
    log.info("llm structuring: %d proposed, %d verified, %d offline roles",
             len(proposed), len(verified), len(parsed.resume.work))  # fmt: skip
    return parsed.model_copy(update={"resume": resume, "doubts": doubts})


def _roles(reply: str) -> list[dict[str, Any]] | None:
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    try:
        data = json.loads(match.group(0)) if match else None
    except (ValueError, RecursionError):
        return None
    work = data.get("work") if isinstance(data, dict) else None
    if not isinstance(work, list):
        return None
    return [role for role in work if isinstance(role, dict)]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u00ad", "")
    return " ".join(re.sub(r"[\t\u2010-\u2015]", " ", text).split())


def _field(role: dict[str, Any], key: str) -> str | None:
    value = role.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _verified(role: dict[str, Any], source: str, known_dates: set[str]) -> WorkEntry | None:
    """The role as a WorkEntry when every field it has is in the source, else None."""
    name, position = _field(role, "name"), _field(role, "position")
    location = _field(role, "location")
    if not (name or position):
        return None
    for text in (name, position, location):
        if text is not None and _norm(text) not in source:
            return None
    start, end = _date(role, "startDate"), _date(role, "endDate")
    for date in (start, end):
        if date is not None and date not in known_dates:
            return None
    return WorkEntry(name=name, position=position, location=location, startDate=start,
                     endDate=end, current=bool(start and not end))  # fmt: skip


def _date(role: dict[str, Any], key: str) -> str | None:
    text = _field(role, key)
    return normalize_date(text) if text else None


def _merge(
    verified: list[WorkEntry], offline: list[WorkEntry], doubts: list[Doubt]
) -> list[WorkEntry]:
    """Verified roles, with the highlights of the offline role they match (same start);
    offline roles nobody matched are kept after them, flagged for the user to check."""
    work: list[WorkEntry] = []
    unmatched = list(offline)
    for entry in verified:
        twin = next((o for o in unmatched if o.startDate and o.startDate == entry.startDate), None)
        if twin is not None:
            unmatched.remove(twin)
            entry = entry.model_copy(
                update={"highlights": twin.highlights, "summary": twin.summary}
            )
        work.append(entry)
    for entry in unmatched:
        index = len(work)
        label = entry.position or entry.name or f"role {index + 1}"
        doubts.append(Doubt(path=f"work[{index}]", message=f'"{label}" was found by the '
                            "parser but not confirmed by the LLM: check it."))  # fmt: skip
        work.append(entry)
    return work
