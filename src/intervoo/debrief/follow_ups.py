"""Questions the next round will likely ask: the company's values the answers did not show
yet (by meaning), and the answers' own claims, probed deeper."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from intervoo.companies.model import CompanyValue
from intervoo.debrief.answers import Answered
from intervoo.debrief.model import QuestionReview, StoryDraft, StoryTold
from intervoo.embed import TextEmbedder
from intervoo.stories.metrics import extract_metrics

MAX_FOLLOW_UPS = 6
VALUES_ASKED = 2


def value_text(value: CompanyValue) -> str:
    return f"{value.name}: {value.meaning}"


def follow_ups(
    answered: Sequence[Answered],
    reviews: Sequence[QuestionReview],
    told: Sequence[StoryTold],
    drafts: Sequence[StoryDraft],
    *,
    values: Sequence[CompanyValue],
    vectors: TextEmbedder | None,
) -> list[str]:
    asked = [_about_value(v) for v in least_shown(answered, values, vectors)[:VALUES_ASKED]]
    asked += [_deeper(d.story.title, d.numbers) for d in drafts]
    asked += [_deeper(t.title, _numbers_said(answered, t.question_ids)) for t in told]
    asked += [f"Coming back to this one: {r.question}" for r in reviews if r.struggled]
    return list(dict.fromkeys(asked))[:MAX_FOLLOW_UPS]


def least_shown(
    answered: Sequence[Answered], values: Sequence[CompanyValue], vectors: TextEmbedder | None
) -> list[CompanyValue]:
    """The values, least shown first: how near in meaning the closest answer came to each.
    Without an embedder (or answers), the company's own order."""
    said = [a.said for a in answered if a.said]
    if not values or vectors is None or not said:
        return list(values)
    closeness = (
        vectors.embed_passages([value_text(v) for v in values]) @ vectors.embed_passages(said).T
    )
    order = np.argsort(np.max(closeness, axis=1), kind="stable")
    return [values[int(i)] for i in order]


def _about_value(value: CompanyValue) -> str:
    return f'Tell me about a time you showed "{value.name}" — {_lower_first(value.meaning)}'


def _deeper(title: str, numbers: Sequence[str]) -> str:
    if numbers:
        return (
            f'You mentioned {numbers[0]} in "{title}": how did you measure it, '
            "and what would you do differently now?"
        )
    return f'In "{title}", what was your own part, and what did you learn from it?'


def _numbers_said(answered: Sequence[Answered], question_ids: Sequence[str]) -> list[str]:
    said = " ".join(a.said for a in answered if a.question.id in question_ids)
    return [m.text for m in extract_metrics(said)]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
