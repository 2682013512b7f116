"""One function per feedback dimension: a 0..100 score and the sentence that explains it.

Thresholds follow common interview coaching: a story answer of 150-300 words (about one
to two minutes spoken), 130-170 spoken words a minute, at most one filler per 50 words,
a number in the result, and mostly "I" when describing what the candidate did.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from intervoo.companies.model import CompanyValue
from intervoo.events import QuestionKind
from intervoo.practice.relevance import Relevance, Verdict
from intervoo.practice.shapes import WHAT_IT_ASKS, Shape
from intervoo.practice.signals import Signals
from intervoo.practice.star import LabeledSentence, Part
from intervoo.stories.competencies import competency_weights
from intervoo.stories.model import Competency, Metric
from intervoo.stories.text import concepts_in, content_stems


class Score(BaseModel):
    name: str
    score: int = Field(ge=0, le=100)
    summary: str  # the reason, in words
    weight: float = 1.0  # how much it counts in the overall score (0: shown, not counted)


_PART_ADVICE = {
    Part.SITUATION: "set the scene in one sentence (where you were, what was going on)",
    Part.TASK: "say what you were responsible for or aiming at",
    Part.ACTION: "describe the steps you took yourself",
    Part.RESULT: "end with what changed because of it, ideally with a number",
}
# (ideal low, ideal high) in words per kind of question.
_LENGTHS: dict[QuestionKind, tuple[int, int]] = {
    QuestionKind.BEHAVIORAL: (150, 300),
    QuestionKind.RESUME: (120, 300),
    QuestionKind.TECHNICAL: (80, 300),
    QuestionKind.SYSTEM_DESIGN: (150, 450),
    QuestionKind.MOTIVATION: (60, 200),
    QuestionKind.PERSONAL: (60, 200),
    QuestionKind.CLOSING: (20, 150),
    QuestionKind.LOGISTICS: (10, 100),
}
_SPOKEN_WPM = 150  # for "about N seconds" estimates of typed answers
RELEVANCE_WEIGHT = 2.5  # the first thing an answer must do is answer


def _ideas(text: str) -> set[str]:
    """The text's content stems and concept names, in one set."""
    return set(content_stems(text)) | set(concepts_in(text))


def make_score(name: str, value: float, summary: str, weight: float = 1.0) -> Score:
    return Score(name=name, score=max(0, min(100, round(value))), summary=summary, weight=weight)


def star_score(labeled: Sequence[LabeledSentence], *, weight: float) -> Score:
    present = {s.part for s in labeled}
    missing = [p for p in Part if p not in present]
    value = 100 * len(present) / len(Part)
    if not missing:
        actions = sum(1 for s in labeled if s.part is Part.ACTION)
        if actions / len(labeled) < 0.25:
            summary = (
                "All four STAR parts are there, but little is action: say more of what you did."
            )
            return make_score("star", 80, summary, weight)
        return make_score("star", value, "All four STAR parts are there, in a clear order.", weight)
    have = ", ".join(p.name.lower() for p in Part if p in present) or "no clear part"
    advice = "; ".join(_PART_ADVICE[p] for p in missing)
    return make_score("star", value, f"You covered {have}. Missing: {advice}.", weight)


def length_score(words: int, kind: QuestionKind) -> Score:
    low, high = _LENGTHS.get(kind, (80, 300))
    seconds = round(words * 60 / _SPOKEN_WPM)
    said = f"{words} words (about {seconds} seconds spoken)"
    if low <= words <= high:
        return make_score("length", 100, f"{said}: a good length for this kind of question.")
    if words < low:
        return make_score(
            "length", 100 * words / low, f"{said}: too short; aim for {low}-{high} words."
        )
    over = (words - high) / high
    return make_score("length", 100 - 100 * over, f"{said}: too long; aim for {low}-{high} words.")


def pace_score(words: int, duration_s: float) -> Score:
    if duration_s <= 0:
        return make_score("pace", 0, "The answer has no duration, so the pace is unknown.", 0.0)
    wpm = words * 60 / duration_s
    said = f"{wpm:.0f} words a minute"
    if 130 <= wpm <= 170:
        return make_score("pace", 100, f"{said}: an easy pace to follow.")
    if wpm < 130:
        return make_score("pace", 100 - (130 - wpm) * 1.5, f"{said}: slow; keep sentences moving.")
    return make_score("pace", 100 - (wpm - 170) * 1.5, f"{said}: fast; pause between the parts.")


def fillers_score(found: Signals) -> Score:
    total = found.filler_total
    if total == 0:
        return make_score("fillers", 100, "No filler words.")
    per_50 = total * 50 / max(found.words, 1)
    top = ", ".join(f'"{w}" x{n}' for w, n in sorted(found.fillers.items(), key=lambda x: -x[1]))
    value = 100 if per_50 <= 1 else 100 - (per_50 - 1) * 35
    verdict = "a few, fine" if per_50 <= 1 else "pause silently instead"
    return make_score("fillers", value, f"{total} filler words ({top}): {verdict}.")


def quantified_score(
    labeled: Sequence[LabeledSentence], metrics: Sequence[Metric], *, weight: float
) -> Score:
    if not metrics:
        summary = "No numbers: say how much, how many or how fast things changed."
        return make_score("quantified", 30, summary, weight)
    in_result = [
        s for s in labeled if s.part is Part.RESULT and any(m.text in s.text for m in metrics)
    ]
    shown = ", ".join(m.text for m in metrics[:4])
    if in_result:
        return make_score("quantified", 100, f"The result is measured ({shown}).", weight)
    return make_score("quantified", 70, f"Numbers ({shown}), but none measures the result.", weight)


def specificity_score(found: Signals) -> Score:
    concrete = len(found.names) + found.numbers
    vague = sum(found.vague.values())
    value = 50 + 12 * concrete - 10 * vague
    names = ", ".join(found.names[:4])
    detail = f"names ({names})" if names else "no names of products, teams or tools"
    if vague:
        vague_words = ", ".join(f'"{w}"' for w in list(found.vague)[:3])
        return make_score(
            "specificity", value, f"{detail}; vague words {vague_words}: be concrete."
        )
    return make_score("specificity", value, f"Concrete: {detail}, {found.numbers} numbers.")


def ownership_score(found: Signals, *, weight: float) -> Score:
    i, we = found.i_count, found.we_count
    counts = f'"I" {i} times, "we" {we} times'
    if i + we == 0:
        return make_score("ownership", 40, "No one acts in this answer: say what you did.", weight)
    share = i / (i + we)
    if share >= 0.5:
        return make_score("ownership", 100, f"{counts}: your own part is clear.", weight)
    return make_score(
        "ownership", 40 + 120 * share, f"{counts}: say what you did, not only the team.", weight
    )


def relevance_score(question: str, relevance: Relevance, shape: Shape) -> Score:
    """The judge's verdict as a score; an off-topic answer says so before anything else."""
    value = 100 * relevance.probability
    if relevance.verdict is Verdict.OFF:
        summary = f"This doesn't answer '{question}'. It asks for {WHAT_IT_ASKS[shape]}."
    elif relevance.verdict is Verdict.UNCLEAR:
        summary = (
            "The link to the question is unclear: say in your first sentence how this "
            f"answers it ({WHAT_IT_ASKS[shape]})."
        )
    else:
        summary = "On topic: the answer speaks to what was asked."
    return make_score("relevance", value, summary, RELEVANCE_WEIGHT)


def lexical_relevance_score(question: str, answer: str, competency: Competency | None) -> Score:
    """Relevance by shared ideas only, for when no relevance judge can be loaded."""
    asked, said = _ideas(question), _ideas(answer)
    overlap = len(asked & said) / max(len(asked), 1)
    shows = competency_weights(answer).get(competency, 0.0) if competency else 0.0
    value = 40 + 120 * overlap + (30 if shows >= 1 else 0)
    if competency and shows < 1:
        summary = f"The question probes {competency.value}; make that visible in the story."
    elif overlap < 0.2:
        summary = "The answer uses few of the question's own ideas: connect it back explicitly."
    else:
        summary = "On topic: the answer speaks to what was asked."
    return make_score("relevance", value, summary)


def values_score(answer: str, values: Sequence[CompanyValue]) -> Score:
    said = _ideas(answer)
    best: tuple[float, CompanyValue] | None = None
    for value in values:
        terms = _ideas(f"{value.name} {value.meaning}")
        fit = len(terms & said) / max(len(terms), 1)
        if best is None or fit > best[0]:
            best = (fit, value)
    if best is None or best[0] < 0.08:
        names = ", ".join(v.name for v in values[:3])
        return make_score("values", 40, f"No clear link to the company's values (e.g. {names}).")
    fit, value = best
    return make_score("values", 60 + 200 * fit, f'Shows "{value.name}": {value.meaning}')
