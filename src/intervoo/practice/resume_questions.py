"""Questions about the candidate's own resume: "Walk me through how you led the migration…".

Each work highlight that starts with a past-tense verb becomes a question in the
candidate's own words; entries without highlights get a question about the role.
Ids derive from the entry and the text, so the same question keeps its id across
sessions (which is how repeats are avoided). Pure.
"""

from __future__ import annotations

import hashlib
import re

from intervoo.events import QuestionKind
from intervoo.practice.plan_model import PlannedQuestion, QuestionSource
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.competencies import competencies_for_question

_IRREGULAR_PAST = frozenset(
    """led built ran grew cut drove made wrote won took set brought began oversaw taught sold
    spent shipped found kept gave rebuilt rewrote held hired""".split()
)
_TEMPLATES = (
    "Walk me through how you {clause} at {employer}.",
    "At {employer} you {clause}. What was the hardest part, and how did you handle it?",
    "Tell me about the time you {clause} at {employer}. What did you do yourself?",
)
# Where a bullet's head (what was done) ends and its result or detail begins.
_HEAD_END = re.compile(r"[,;:(]|\s[-–—]\s|\s(?:resulting in|which|by \w+ing)\s")
_MAX_PER_ENTRY = 3
_CLAUSE_MAX_WORDS = 16


def resume_questions(resume: Resume) -> list[PlannedQuestion]:
    """Questions from the resume, most recent job first, a few per entry."""
    questions: list[PlannedQuestion] = []
    for entry in resume.work:
        employer = entry.name or "your previous job"
        from_highlights: list[PlannedQuestion] = []
        for highlight in entry.highlights:
            if len(from_highlights) == _MAX_PER_ENTRY:
                break
            # Each question takes the next template, so one job's questions vary.
            n = len(questions) + len(from_highlights)
            if question := _from_highlight(entry, employer, highlight, n):
                from_highlights.append(question)
        questions.extend(from_highlights or _about_role(entry, employer))
    return questions


def _from_highlight(
    entry: WorkEntry, employer: str, highlight: str, n: int
) -> PlannedQuestion | None:
    text = " ".join(highlight.split()).rstrip(".")
    clause = _HEAD_END.split(text, maxsplit=1)[0].strip()
    first, _, rest = clause.partition(" ")
    if not rest or not _is_past_tense(first):
        return None
    words = f"{first.lower()} {rest}".split()
    if len(words) > _CLAUSE_MAX_WORDS:
        return None
    question = _TEMPLATES[n % len(_TEMPLATES)].format(clause=" ".join(words), employer=employer)
    return _planned(entry, question, key=text)


def _about_role(entry: WorkEntry, employer: str) -> list[PlannedQuestion]:
    if not entry.position:
        return []
    question = (
        f"Tell me about your role as {entry.position} at {employer}. "
        "What were you responsible for, and what are you proudest of there?"
    )
    return [_planned(entry, question, key=f"role:{entry.position}")]


def _is_past_tense(word: str) -> bool:
    lowered = word.lower()
    return lowered in _IRREGULAR_PAST or bool(re.fullmatch(r"[a-z]{3,}ed", lowered))


def _planned(entry: WorkEntry, question: str, *, key: str) -> PlannedQuestion:
    digest = hashlib.sha1(f"{entry.id}\n{key}".encode()).hexdigest()[:10]
    competencies = competencies_for_question(question)
    return PlannedQuestion(
        id=f"resume-{digest}",
        text=question,
        kind=QuestionKind.RESUME,
        competency=competencies[0] if competencies else None,
        source=QuestionSource.RESUME,
        work_ref=entry.id or None,
    )
