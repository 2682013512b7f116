"""Pick what one answer is built from: stories, resume highlights, company values.

The offline composer and the LLM prompt both start here, so the sources an
answer names are the same whichever of the two writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from intervoo.companies.model import CompanyValue
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory, Exchange
from intervoo.copilot.matching import HighlightLike
from intervoo.copilot.text import keywords
from intervoo.events import QuestionEvent, QuestionKind
from intervoo.stories.model import Competency, Story

TOP_STORIES = 3
TOP_HIGHLIGHTS = 3

# Words a company's value statement uses when it prizes a competency.
_COMPETENCY_WORDS: dict[Competency, frozenset[str]] = {
    Competency.LEADERSHIP: frozenset({"lead", "leaders", "leadership", "hire", "people", "team"}),
    Competency.OWNERSHIP: frozenset({"ownership", "owner", "owners", "accountable", "long-term"}),
    Competency.CONFLICT: frozenset({"disagree", "commit", "backbone", "respect", "candor"}),
    Competency.FAILURE: frozenset({"learn", "learning", "curious", "mistakes", "growth"}),
    Competency.AMBIGUITY: frozenset({"ambiguity", "judgment", "risk", "bias", "action"}),
    Competency.PRESSURE: frozenset({"deliver", "results", "urgency", "speed", "fast", "ship"}),
    Competency.INFLUENCE: frozenset({"influence", "trust", "earn", "persuade", "align"}),
    Competency.CUSTOMER: frozenset({"customer", "customers", "obsession", "users", "user"}),
    Competency.TECHNICAL: frozenset({"technical", "engineering", "quality", "standards", "craft"}),
    Competency.TEAMWORK: frozenset({"team", "together", "collaborate", "collaboration", "one"}),
    Competency.MENTORING: frozenset({"develop", "mentor", "coach", "grow", "best"}),
    Competency.INITIATIVE: frozenset({"initiative", "action", "bias", "proactive", "bold"}),
    Competency.PRIORITIZATION: frozenset({"focus", "frugality", "prioritize", "impact"}),
    Competency.COMMUNICATION: frozenset({"communicate", "open", "transparent", "candor", "honest"}),
    Competency.DATA: frozenset({"data", "dive", "deep", "metrics", "evidence"}),
    Competency.INNOVATION: frozenset({"invent", "innovate", "innovation", "simplify", "big"}),
    Competency.ADAPTABILITY: frozenset({"adapt", "change", "curious", "learn", "flexible"}),
}


@dataclass(frozen=True)
class Material:
    """What one answer may draw on. Stories best first; `follow_up` is the question it extends."""

    stories: tuple[Story, ...]
    highlights: tuple[HighlightLike, ...]
    values: tuple[CompanyValue, ...]
    follow_up: Exchange | None = None

    @property
    def story(self) -> Story | None:
        return self.stories[0] if self.stories else None


def gather(
    question: QuestionEvent, ctx: CandidateContext, history: ConversationHistory
) -> Material:
    parent = history.get(question.follow_up_of)
    query = f"{parent.question} {question.text}" if parent else question.text
    stories = _stories_for(query, question.kind, ctx, history, parent)
    highlights = tuple(ctx.index.match_highlights(query, top=TOP_HIGHLIGHTS))
    basis = stories[0].text if stories else " ".join(h.text for h in highlights)
    competencies = stories[0].competencies if stories else []
    values = tuple(related_values(f"{question.text} {basis}", competencies, ctx.values))
    return Material(stories=stories, highlights=highlights, values=values, follow_up=parent)


def _stories_for(
    query: str,
    kind: QuestionKind,
    ctx: CandidateContext,
    history: ConversationHistory,
    parent: Exchange | None,
) -> tuple[Story, ...]:
    """A follow-up stays on its parent's story; otherwise prefer stories not told yet."""
    by_id = {story.id: story for story in ctx.stories}
    kept = [by_id[i] for i in (parent.story_ids if parent else ()) if i in by_id]
    exclude = history.used_story_ids() - {story.id for story in kept}
    matches = ctx.index.match(query, top=TOP_STORIES, kind=kind, exclude=exclude)
    if not matches and exclude:
        # Telling a story twice beats having nothing to say.
        matches = ctx.index.match(query, top=TOP_STORIES, kind=kind)
    ordered = _unique([*kept, *(match.story for match in matches)])
    return tuple(ordered[:TOP_STORIES])


def _unique(stories: Iterable[Story]) -> list[Story]:
    seen: set[str] = set()
    out: list[Story] = []
    for story in stories:
        if story.id not in seen:
            seen.add(story.id)
            out.append(story)
    return out


def related_values(
    text: str, competencies: Sequence[Competency], values: Sequence[CompanyValue]
) -> list[CompanyValue]:
    """Company values this text shows, best first (only those with real overlap)."""
    words = keywords(text)
    for competency in competencies:
        words |= _COMPETENCY_WORDS.get(competency, frozenset())
    scored: list[tuple[int, int, CompanyValue]] = []
    for position, value in enumerate(values):
        name_words = keywords(value.name)
        score = 2 * len(name_words & words) + len(keywords(value.meaning) & words)
        if score > 0:
            scored.append((-score, position, value))
    return [value for _, _, value in sorted(scored, key=lambda item: item[:2])]
