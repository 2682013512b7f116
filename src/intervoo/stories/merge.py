"""Duplicate detection and merging: a story retold is merged, not stored twice.

Two stories are the same when most of the meaningful words of the shorter one
appear in the longer one (containment, not plain overlap: a one-line resume
draft and the full practice retelling of it are the same story), or when they
share a number-with-unit and still overlap substantially. Stories tied to
different jobs are never duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable

from intervoo.stories.model import (
    MAX_QUESTIONS,
    STORY_FIELDS,
    Competency,
    Metric,
    Story,
    StoryStatus,
    _now,
    clean_questions,
)
from intervoo.stories.text import content_stems

# Share of the shorter story's distinct stems found in the other one.
SAME_STORY_CONTAINMENT = 0.7
SAME_STORY_WITH_METRIC = 0.45
# Too few words to judge (a bare title): only an exact match counts.
_MIN_STEMS = 4


def similarity(a: Story, b: Story) -> float:
    """Containment of the shorter story's distinct content stems in the other's, 0..1."""
    sa, sb = set(content_stems(a.text)), set(content_stems(b.text))
    smaller = min(len(sa), len(sb))
    if smaller < _MIN_STEMS:
        return 1.0 if sa and sa == sb else 0.0
    return len(sa & sb) / smaller


def _shares_metric(a: Story, b: Story) -> bool:
    return bool({(m.value, m.unit) for m in a.metrics} & {(m.value, m.unit) for m in b.metrics})


def _same_story_score(a: Story, b: Story) -> float | None:
    """How alike two tellings of the same story are; None when they are different stories."""
    if a.work_ref and b.work_ref and a.work_ref != b.work_ref:
        return None
    score = similarity(a, b)
    same = score >= SAME_STORY_CONTAINMENT or (
        score >= SAME_STORY_WITH_METRIC and _shares_metric(a, b)
    )
    return score if same else None


def find_duplicate(story: Story, existing: Iterable[Story]) -> Story | None:
    """The existing story this one retells (the closest, if several), else None."""
    best: tuple[float, Story] | None = None
    for other in existing:
        if other.id == story.id:
            return other
        score = _same_story_score(story, other)
        if score is not None and (best is None or score > best[0]):
            best = (score, other)
    return best[1] if best else None


def merge_stories(old: Story, new: Story) -> Story:
    """One story from two tellings: the old id and history, the richer of each field."""
    fields: dict[str, object] = {name: _richer(getattr(old, name), getattr(new, name))
                                 for name in STORY_FIELDS}  # fmt: skip
    fields["competencies"] = _union_competencies(old.competencies, new.competencies)
    fields["metrics"] = _union_metrics(old.metrics, new.metrics)
    fields["questions"] = union_questions(old.questions, new.questions)
    fields["work_ref"] = old.work_ref or new.work_ref
    fields["times_used"] = max(old.times_used, new.times_used)
    approved = StoryStatus.APPROVED in (old.status, new.status)
    fields["status"] = StoryStatus.APPROVED if approved else StoryStatus.DRAFT
    fields["updated_at"] = _now()
    return old.model_copy(update=fields)


def _richer(old: str, new: str) -> str:
    """The telling with more to say; on a tie, the one already in the library."""
    return new if len(content_stems(new)) > len(content_stems(old)) else old


def _union_competencies(a: list[Competency], b: list[Competency]) -> list[Competency]:
    return list(dict.fromkeys([*a, *b]))


def _union_metrics(a: list[Metric], b: list[Metric]) -> list[Metric]:
    seen: dict[tuple[float, str], Metric] = {}
    for metric in [*a, *b]:
        seen.setdefault((metric.value, metric.unit), metric)
    return list(seen.values())


def union_questions(old: list[str], new: list[str]) -> list[str]:
    """Both lists' questions once each, the old first, within the per-story bound."""
    return clean_questions([*old, *new])[:MAX_QUESTIONS]
