"""Draft stories from the resume, so a new user has a library on day one.

Each work highlight with a measurable result becomes a draft STAR story: the
role gives the situation, a purpose clause ("to cut costs") the task, the
verb phrase the action, and the clause with the numbers the result. Ids are
derived from the work entry and the highlight, so seeding twice yields the
same stories (and `find_duplicate` sees them as such).
"""

from __future__ import annotations

import re
import uuid

from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.competencies import competencies_for_story
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import Story, StorySource, StoryStatus
from intervoo.stories.text import headline

_SEED_NAMESPACE = uuid.UUID("6f1c8a52-3c1e-4c1b-9a8e-7f3f2d9b5e10")
_TITLE_MAX = 80
# Where the result starts: ", reducing …", " resulting in …", " which cut …".
_RESULT_START = re.compile(
    r"(?:,\s*|\s+)(?=(?:which|resulting in|leading to|reducing|cutting|saving|increasing|"
    r"improving|raising|boosting|growing|driving|achieving|lowering|decreasing|"
    r"delivering|generating|enabling)\b)",
    re.IGNORECASE,
)
_PURPOSE = re.compile(r"\s+(?:in order to|so as to|to)\s+(?=[a-z]+\b)", re.IGNORECASE)
_BY_MEANS = re.compile(r"\s+by\s+(?=[a-z]+ing\b)", re.IGNORECASE)


def stories_from_resume(resume: Resume) -> list[Story]:
    """One draft story per work highlight that has a number with a unit."""
    return [
        story
        for work in resume.work
        for highlight in work.highlights
        if (story := story_from_highlight(work, highlight)) is not None
    ]


def story_from_highlight(work: WorkEntry, highlight: str) -> Story | None:
    text = " ".join(highlight.split()).rstrip(".")
    metrics = extract_metrics(text)
    if not text or not metrics:
        return None
    task, action, result = split_highlight(text)
    draft = Story(
        id=uuid.uuid5(_SEED_NAMESPACE, f"{work.id}\n{text}").hex,
        title=headline(text, _TITLE_MAX),
        situation=_situation(work),
        task=task,
        action=action,
        result=result,
        metrics=metrics,
        work_ref=work.id or None,
        source=StorySource.RESUME,
        status=StoryStatus.DRAFT,
    )
    return draft.model_copy(update={"competencies": competencies_for_story(draft)})


def split_highlight(text: str) -> tuple[str, str, str]:
    """(task, action, result) from one resume bullet, as well as a bullet allows.

    "Rebuilt checkout to cut latency, reducing p99 40%" -> task "cut latency",
    action "Rebuilt checkout", result "reducing p99 40%". A bullet that leads with
    its result ("Cut costs 30% by moving to spot instances") keeps that order.
    """
    head, result = _split_result(text)
    if not result:
        by_means = _BY_MEANS.search(text)
        if by_means and extract_metrics(text[: by_means.start()]):
            return "", _sentence(text[by_means.end() :]), _sentence(text[: by_means.start()])
        # All outcome, no method ("Grew signups 3x"): the action is left for the user.
        return "", "", _sentence(text)
    purpose = _PURPOSE.search(head)
    if purpose:
        return _sentence(head[purpose.end() :]), _sentence(head[: purpose.start()]), result
    return "", _sentence(head), result


def _split_result(text: str) -> tuple[str, str]:
    for match in _RESULT_START.finditer(text):
        tail = text[match.end() :]
        if extract_metrics(tail):
            return text[: match.start()].strip(" ,"), _sentence(tail)
    return text, ""


def _situation(work: WorkEntry) -> str:
    role = " at ".join(p for p in (work.position, work.name) if p)
    summary = (work.summary or "").strip()
    first = re.split(r"(?<=[.!?])\s", summary, maxsplit=1)[0] if summary else ""
    parts = [f"As {role}." if role else "", first]
    return " ".join(p for p in parts if p)


def _sentence(fragment: str) -> str:
    fragment = fragment.strip(" ,;")
    if not fragment:
        return ""
    return _capitalize(fragment) + ("" if fragment.endswith((".", "!", "?")) else ".")


def _capitalize(fragment: str) -> str:
    return fragment[:1].upper() + fragment[1:]
