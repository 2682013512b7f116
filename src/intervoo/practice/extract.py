"""A draft STAR story from a practice answer, linked to the resume entry it is about. Pure.

Only substantial answers become stories: enough words, something the candidate did,
and either a result or a situation around it. The S/T/A/R fields are the answer's
sentences grouped by their label, in the candidate's own words; nothing is invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervoo.practice.star import LabeledSentence, Part, label_sentences
from intervoo.practice.title import story_title
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.competencies import competencies_for_story
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import Competency, Story, StorySource, StoryStatus
from intervoo.stories.text import content_stems

MIN_STORY_WORDS = 50
_WORK_OVERLAP = 0.5  # share of a highlight's content stems the answer must contain


def is_substantial(labeled: Sequence[LabeledSentence]) -> bool:
    words = sum(len(s.text.split()) for s in labeled)
    parts = {s.part for s in labeled}
    return (
        words >= MIN_STORY_WORDS
        and Part.ACTION in parts
        and bool(parts & {Part.RESULT, Part.SITUATION})
    )


def extract_story(
    answer: str,
    *,
    resume: Resume | None = None,
    competency: Competency | None = None,
    work_ref: str | None = None,
    question: str | None = None,
) -> Story | None:
    """The draft story this answer tells, or None when it tells none worth keeping.

    `work_ref` is the entry a resume question was about; otherwise the entry is found
    from the employer named in the answer or a highlight it retells. `question`, the
    one the answer was given to (when it answers it: `practice.relevance`), becomes
    the story's first known question, so the live copilot finds the story when it is
    asked that way again. The title names what happened and its result
    (`practice.title`).
    """
    labeled = label_sentences(answer)
    if not is_substantial(labeled):
        return None
    fields = {part: _join(labeled, part) for part in Part}
    draft = Story(
        title=story_title(labeled),
        situation=fields[Part.SITUATION],
        task=fields[Part.TASK],
        action=fields[Part.ACTION],
        result=fields[Part.RESULT],
        competencies=[competency] if competency else [],
        metrics=extract_metrics(answer),
        questions=[question] if question else [],
        work_ref=work_ref or _work_entry_for(answer, resume),
        source=StorySource.PRACTICE,
        status=StoryStatus.DRAFT,
    )
    return draft.model_copy(update={"competencies": competencies_for_story(draft)})


def _join(labeled: Sequence[LabeledSentence], part: Part) -> str:
    return " ".join(s.text for s in labeled if s.part is part)


def _work_entry_for(answer: str, resume: Resume | None) -> str | None:
    if resume is None:
        return None
    lowered = answer.lower()
    for entry in resume.work:
        if entry.id and entry.name and re.search(rf"\b{re.escape(entry.name.lower())}\b", lowered):
            return entry.id
    said = set(content_stems(answer))
    best = max(resume.work, key=lambda e: _highlight_overlap(e, said), default=None)
    if best and best.id and _highlight_overlap(best, said) >= _WORK_OVERLAP:
        return best.id
    return None


def _highlight_overlap(entry: WorkEntry, said: set[str]) -> float:
    best = 0.0
    for highlight in entry.highlights:
        stems = set(content_stems(highlight))
        if len(stems) >= 3:
            best = max(best, len(stems & said) / len(stems))
    return best
