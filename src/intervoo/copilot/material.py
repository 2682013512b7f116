"""Pick what one answer is built from: stories, resume highlights, company values.

What to pick follows from what the question needs (`needs`): an introduction gets
the employers, the strongest highlights and the best story; "why us" gets the
company's values, each paired with the evidence that shows it; a setback question
gets a story shaped like one (`shapes`), never a success; a concept question gets
no story at all unless one is really about it. Relevance is by meaning (the
retrieval model, through the story index and `evidence`), never by a shared word.

The offline composer and the LLM prompt both start here, so the sources an
answer names are the same whichever of the two writes it. Every item has a stable
id (a story's id, a highlight's key), so a prompt can name them by reference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from intervoo.companies.model import CompanyValue
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.evidence import Highlight, value_text
from intervoo.copilot.history import ConversationHistory, Exchange
from intervoo.copilot.needs import Need
from intervoo.copilot.pairing import ValueEvidence
from intervoo.copilot.shapes import Shape
from intervoo.copilot.text import has_number, keywords
from intervoo.embed import Vectors
from intervoo.events import QuestionEvent, QuestionKind
from intervoo.stories.model import Competency, Story
from intervoo.stories.retrieval import MIN_SCORE

TOP_STORIES = 3
TOP_HIGHLIGHTS = 3
# An introduction: the strongest highlights and the one best story.
PROFILE_HIGHLIGHTS = 4
# A design question names a story only when its text and its meaning both say it is
# the library's closest one, and it fits at least this well (0..1, the index's score).
DESIGN_FIT = 0.25
# Shapes a question about a result may not be answered with.
_NOT_A_RESULT = frozenset({Shape.FAILURE, Shape.CONFLICT})
# The candidate in the sentence: "I", "my", "me".
_MINE = re.compile(r"\b(?:I|my|me|I'd|I've|I'm)\b")
# What the library lacks, in one plain line the user can act on.
MISSING = {
    Need.PROFILE: "No resume yet — add yours in Resume.",
    Need.SETBACK: "No story about a setback yet — add one in Stories.",
    Need.CONFLICT: "No story about a disagreement yet — add one in Stories.",
    Need.EXPERIENCE: "No story that shows this yet — add one in Stories.",
    Need.PROUDEST: "No result of mine saved yet — add a story with its numbers in Stories.",
    Need.MOTIVATION: "Nothing saved yet that shows why — add a story in Stories.",
}

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
    """What one answer may draw on, best first. `missing` says what the library lacks
    for this question; `follow_up` is the question this one extends."""

    need: Need
    stories: tuple[Story, ...] = ()
    highlights: tuple[Highlight, ...] = ()
    values: tuple[CompanyValue, ...] = ()
    pairs: tuple[ValueEvidence, ...] = ()
    missing: str = ""
    follow_up: Exchange | None = None

    @property
    def story(self) -> Story | None:
        return self.stories[0] if self.stories else None


@dataclass(frozen=True)
class _Ask:
    """One question as material selection sees it."""

    question: QuestionEvent
    query: str  # with the parent question for a follow-up
    vector: Vectors | None
    ctx: CandidateContext
    history: ConversationHistory
    parent: Exchange | None


def gather(
    question: QuestionEvent, ctx: CandidateContext, history: ConversationHistory
) -> Material:
    """Pure but for the question's embedding (tens of ms on a miss): run it off the loop."""
    parent = history.get(question.follow_up_of)
    query = f"{parent.question} {question.text}" if parent else question.text
    vector = ctx.evidence.question_vector(query)
    ask = _Ask(question, query, vector, ctx, history, parent)
    need = _need(ask)
    material = _BY_NEED.get(need, _nothing)(ask, need)
    return replace(material, follow_up=parent)


def _need(ask: _Ask) -> Need:
    """What the question needs. Between a setback and a disagreement the reader cannot
    always tell ("a code review where we could not agree" is about as close to both):
    within its tie margin of each other, the library decides, by which of its stories of
    either shape fits the question best (a question close to one story of mine is about
    what that story is)."""
    text, vector = _as_meant(ask)
    ranked, tie_margin = ask.ctx.needs.reading(text, ask.question.kind, vector)
    need, best = ranked[0]
    other = {Need.SETBACK: Need.CONFLICT, Need.CONFLICT: Need.SETBACK}.get(need)
    close = [n for n, score in ranked[1:] if n is other and best - score < tie_margin]
    if other is None or not close or not ask.ctx.stories:
        return need
    fits: dict[Shape, float] = {}
    for match in ask.ctx.index.match(
        ask.query, top=len(ask.ctx.stories), kind=QuestionKind.BEHAVIORAL, min_score=0.0
    ):
        shape = ask.ctx.shape_of(match.story)
        fits[shape] = max(fits.get(shape, 0.0), match.score)
    setback, conflict = fits.get(Shape.FAILURE, 0.0), fits.get(Shape.CONFLICT, 0.0)
    if setback == conflict or max(setback, conflict) < MIN_SCORE:
        return need  # no story of either shape fits it: the library cannot tell
    return Need.SETBACK if setback > conflict else Need.CONFLICT


def _as_meant(ask: _Ask) -> tuple[str, Vectors | None]:
    """The question as its need is read: the target company named by what it is. A name
    is no word the retrieval model knows the meaning of ("What makes Stripe the place you
    want to go next?" read nearer a setback than a motivation, "Why Stripe?" a concept);
    "the company" is what the question asks about. Only the need is read from it: story
    matching keeps the name (a story at that company is about it)."""
    name = ask.ctx.company_name
    if not name or ask.vector is None:
        return ask.question.text, ask.vector
    named = re.compile(rf"\b{re.escape(name)}\b", re.I)
    if not named.search(ask.query):
        return ask.question.text, ask.vector
    text = named.sub("the company", ask.question.text)
    return text, ask.ctx.evidence.question_vector(named.sub("the company", ask.query))


def _profile(ask: _Ask, need: Need) -> Material:
    return Material(
        need,
        stories=_best_results(ask, top=1),
        highlights=tuple(ask.ctx.evidence.strongest(PROFILE_HIGHLIGHTS)),
        missing="" if ask.ctx.resume.work else MISSING[need],
    )


def _proudest(ask: _Ask, need: Need) -> Material:
    stories = _best_results(ask, top=2)
    highlights = tuple(ask.ctx.evidence.strongest(TOP_HIGHLIGHTS))
    missing = "" if stories or highlights else MISSING[need]
    return Material(need, stories=stories, highlights=highlights, missing=missing)


def _motivation(ask: _Ask, need: Need) -> Material:
    pairs = ask.ctx.value_evidence  # the session's, the same for every question
    stories = _unique([p.story for p in pairs if p.story is not None])
    shown = any(p.story or p.highlight for p in pairs)
    return Material(
        need,
        stories=tuple(stories),
        highlights=tuple(ask.ctx.evidence.strongest(2)),
        values=tuple(p.value for p in pairs),
        pairs=pairs,
        missing="" if shown or ask.ctx.evidence.highlights else MISSING[need],
    )


def _setback(ask: _Ask, need: Need) -> Material:
    """A setback of mine first: one whose situation I am in ("I promised…"), not one that
    befell the team ("our pipelines broke") and that I then fixed."""
    found = _stories(ask, shapes={Shape.FAILURE}, min_score=0.0)
    kept = set(ask.parent.story_ids) if ask.parent else set()
    ranked = sorted(found, key=lambda s: s.id not in kept and not _MINE.search(s.situation))
    stories = tuple(ranked[:2])
    return Material(need, stories=stories, missing="" if stories else MISSING[need])


def _conflict(ask: _Ask, need: Need) -> Material:
    stories = _stories(ask, shapes={Shape.CONFLICT}, min_score=0.0)[:2] or _stories(ask)[:1]
    values = _values_for(ask, stories)
    return Material(need, stories=stories, values=values, missing="" if stories else MISSING[need])


def _experience(ask: _Ask, need: Need) -> Material:
    stories = _stories(ask)
    highlights = tuple(ask.ctx.evidence.about(ask.vector, TOP_HIGHLIGHTS))
    missing = "" if stories or highlights else MISSING[need]
    return Material(
        need,
        stories=stories,
        highlights=highlights,
        values=_values_for(ask, stories),
        missing=missing,
    )


def _concept(ask: _Ask, need: Need) -> Material:
    """Where I met it, if anywhere: a highlight that is about it, never a look-alike."""
    return Material(need, highlights=tuple(ask.ctx.evidence.about(ask.vector, 1)))


def _design(ask: _Ask, need: Need) -> Material:
    return Material(
        need,
        stories=_agreed_story(ask),
        highlights=tuple(ask.ctx.evidence.about(ask.vector, 2)),
    )


def _nothing(ask: _Ask, need: Need) -> Material:
    return Material(need)


_BY_NEED = {
    Need.PROFILE: _profile,
    Need.PROUDEST: _proudest,
    Need.MOTIVATION: _motivation,
    Need.SETBACK: _setback,
    Need.CONFLICT: _conflict,
    Need.EXPERIENCE: _experience,
    Need.CONCEPT: _concept,
    Need.CODING: _concept,
    Need.DESIGN: _design,
}


def _stories(
    ask: _Ask, *, shapes: set[Shape] | None = None, min_score: float | None = None
) -> tuple[Story, ...]:
    """Stories for the question, best first. A follow-up stays on its parent's story;
    otherwise stories not told yet come first. `shapes`: only stories of these shapes."""
    ctx = ask.ctx
    by_id = {story.id: story for story in ctx.stories}
    kept = [by_id[i] for i in (ask.parent.story_ids if ask.parent else ()) if i in by_id]
    exclude = ask.history.used_story_ids() - {story.id for story in kept}
    top = len(ctx.stories) if shapes else TOP_STORIES
    kind = QuestionKind.BEHAVIORAL if shapes else ask.question.kind
    floor = MIN_SCORE if min_score is None else min_score
    matches = ctx.index.match(
        ask.query, top=max(top, 1), kind=kind, exclude=exclude, min_score=floor
    )
    if not matches and exclude:
        # Telling a story twice beats having nothing to say.
        matches = ctx.index.match(ask.query, top=max(top, 1), kind=kind, min_score=floor)
    found = [match.story for match in matches]
    if shapes:
        # The shape is what the question needs; its text only ranks within the shape.
        # A story of the shape its words do not reach still comes after the ones they
        # do ("habits I am trying to change" shares nothing with an expired certificate).
        shaped = [s for s in ctx.stories if ctx.shape_of(s) in shapes and s.id not in exclude]
        found = [story for story in found if ctx.shape_of(story) in shapes] + shaped
    return tuple(_unique([*kept, *found])[:TOP_STORIES])


def _best_results(ask: _Ask, top: int) -> tuple[Story, ...]:
    """The stories that end in a result worth leading with: a number first, then the
    ones closest to the question; never a setback or a quarrel."""
    ranked = [
        s
        for s in _stories_all(ask)
        if ask.ctx.shape_of(s) not in _NOT_A_RESULT and s.result.strip()
    ]
    ranked.sort(key=lambda story: not has_number(story.result))  # stable: closeness kept
    return tuple(ranked[:top])


def _stories_all(ask: _Ask) -> list[Story]:
    """Every story, the ones the index finds closest to the question first."""
    matches = ask.ctx.index.match(
        ask.query, top=max(len(ask.ctx.stories), 1), kind=QuestionKind.BEHAVIORAL, min_score=0.0
    )
    return _unique([*(m.story for m in matches), *ask.ctx.stories])


def _agreed_story(ask: _Ask) -> tuple[Story, ...]:
    matches = ask.ctx.index.match(ask.query, top=1, kind=ask.question.kind)
    if not matches or matches[0].score < DESIGN_FIT:
        return ()
    stories = list(ask.ctx.stories)
    cosines = ask.ctx.evidence.passage_cosines(ask.vector, [s.text for s in stories])
    if cosines is None:
        return ()
    closest = stories[max(range(len(stories)), key=cosines.__getitem__)]
    return (closest,) if closest.id == matches[0].story.id else ()


def _values_for(ask: _Ask, stories: Sequence[Story]) -> tuple[CompanyValue, ...]:
    """The company value the story shows best, by meaning (by shared words without the model)."""
    if not stories:
        return ()
    story, evidence = stories[0], ask.ctx.evidence
    scored = []
    for value in ask.ctx.values:
        cosines = evidence.passage_cosines(
            evidence.question_vector(value_text(value)), [story.text]
        )
        if cosines is None:
            words = f"{ask.question.text} {story.text}"
            return tuple(related_values(words, story.competencies, ask.ctx.values))
        scored.append((cosines[0], value))
    return tuple(value for _, value in sorted(scored, key=lambda item: -item[0])[:1])


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
