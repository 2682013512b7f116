"""Split an answer into sentences and label each one Situation, Task, Action or Result.

Each sentence gets a cue score per part (words like "my goal was" point to the task,
"I built" to an action, a number after "dropped to" to a result). Answers mostly tell
S, T, A, R in that order, so the labels are chosen together (Viterbi over the
sentences) with a cost for going back to an earlier part: one ambiguous sentence is
then read from its neighbours instead of on its own. Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from intervoo.stories.metrics import extract_metrics


class Part(StrEnum):
    SITUATION = "S"
    TASK = "T"
    ACTION = "A"
    RESULT = "R"


PARTS: tuple[Part, ...] = tuple(Part)


@dataclass(frozen=True, slots=True)
class LabeledSentence:
    text: str
    part: Part
    start: int  # character offsets in the answer
    end: int


_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "inc.", "approx.")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9$€£])")
# Spoken answers without punctuation: split very long runs at clause connectors.
_LONG_RUN_WORDS = 45
_SPOKEN_BREAK = re.compile(r"\s+(?=(?:and then|so then|after that|in the end|as a result)\b)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (stripped, never empty)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ends_with_abbreviation(text[start : match.end()]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    split: list[tuple[int, int]] = []
    for a, b in spans:
        split.extend(_split_long_run(text, a, b))
    return [_strip_span(text, a, b) for a, b in split if text[a:b].strip()]


def _ends_with_abbreviation(fragment: str) -> bool:
    last = fragment.rstrip().rsplit(None, 1)[-1].lower() if fragment.strip() else ""
    return last in _ABBREVIATIONS


def _split_long_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(text[start:end].split()) <= _LONG_RUN_WORDS:
        return [(start, end)]
    cuts = [start + m.start() for m in _SPOKEN_BREAK.finditer(text[start:end]) if m.start() > 0]
    bounds = [start, *cuts, end]
    return list(zip(bounds, bounds[1:], strict=False))


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    return start + lead, end - trail


def _any(words: str) -> str:
    """An alternation of space-separated words ("_" stands for a space inside a phrase)."""
    return "(?:" + "|".join(w.replace("_", " ") for w in words.split()) + ")"


_ACTION_VERBS = _any(
    """built wrote created designed started set_up proposed ran met talked asked analy[sz]ed
    interviewed profiled mapped pulled added moved merged split paired invited organi[sz]ed
    rolled migrated automated introduced implemented reviewed checked looked worked spent
    scheduled gave made took put sat flew joined hooked tested piloted prototyped replaced
    rewrote documented presented showed explained called offered agreed_on decided chose
    brought found learned kept broke focused reached_out"""
)
_RESULT_VERBS = _any(
    """dropped fell rose grew went_up went_down went_from went_back increased decreased reduced
    improved doubled tripled halved cut saved jumped"""
)
_DUTIES = _any("goal task job mission objective mandate responsibility role")
_UNITS_OF_TIME = _any("minutes? hours? days? weeks? months? quarters? years?")

# Cue patterns per part with their weights, matched on the lowercased sentence.
_CUE_TABLE: dict[Part, tuple[tuple[str, float], ...]] = {
    Part.SITUATION: (
        (r"\b(in|back in|during) (19|20)\d\d\b", 1.2),
        (r"\b(at|in) (my|our) (last|previous|current|first|old) (job|company|role|team)\b", 1.2),
        (r"\b(when i (joined|started|was)|early in my career|a few years ago)\b", 1.0),
        (r"\blast (year|spring|summer|fall|autumn|winter)\b", 1.0),
        (r"^(so,? )?(at|in|during|while|when)\b", 0.6),
        (
            r"\b(one|on a|late one|early one) (\w+ )?(morning|afternoon|evening|night|day|week)\b",
            0.8,
        ),
        (r"\b(i was|we were) (a|an|the|on|in|working|part)\b", 1.0),
        (r"\b(there was|there were|we had|it was|used to|kept)\b", 0.9),
        (r"\bour \w+ (had|was|were|took)\b", 0.9),
        (r"\b(the problem|the issue|the challenge) (was|were)\b", 0.8),
        (r"\b(because|since) (every|all|most|the)\b", 0.4),
        (r"\b(believed|thought|complain\w*|struggl\w*|broke|went down|was about to)\b", 0.6),
        (r"\b(took|was taking) (about|around|roughly|over|nearly)?\s*\d", 0.8),
    ),
    Part.TASK: (
        (
            rf"\b(my|our|the) {_DUTIES} (was|is)\b",
            2.0,
        ),
        (r"\bi was (responsible|tasked|asked|expected|in charge|accountable|brought in)\b", 2.0),
        (r"\b(i|we) (had|needed|wanted|was supposed|were supposed|decided) to\b", 1.3),
        (r"\b(asked me|wanted me|needed me|told me) to\b", 1.6),
        (r"\b(needed|wanted|asked) (us|the team) to\b", 1.2),
        (r"\bas the (\w+ ){0,2}(lead|manager|owner|commander|engineer)\b", 0.8),
        (r"\b(someone had to|it was up to me|i volunteered|i offered)\b", 1.2),
        (r"\bto (get|bring|cut|reduce|find|make sure|decide|deliver|fix|convince)\b", 0.4),
    ),
    Part.ACTION: (
        (rf"\b(i|we) (then |also |first |quickly |personally )?{_ACTION_VERBS}\b", 1.6),
        (r"\b(then|next|so|first|after that|afterwards),? (i|we)\b", 0.8),
        (r"^(i|we) \w+ed\b", 0.6),
        (r"\b(my approach|what i did|i started by|i began by|the first thing i did)\b", 1.5),
        (r"\b(we agreed|i made the call|i made sure)\b", 0.8),
    ),
    Part.RESULT: (
        (r"\b(as a result|in the end|the result|ultimately|eventually|by the end)\b", 1.6),
        (r"\b(which meant|this meant)\b", 1.6),
        (rf"\b{_RESULT_VERBS}\b", 1.0),
        (r"\b(launched|shipped|delivered|renewed|adopted|passed|won|promoted|closed|hit)\b", 0.8),
        (r"\b(exceeded|beat)\b", 0.8),
        (r"\b(on time|ahead of schedule|early|under budget|zero \w+)\b", 0.8),
        (r"\bno (customer|incidents?|downtime|findings)\b", 0.8),
        (r"\b(learned|lesson|taught me|since then|ever since|to this day)\b", 1.2),
        (r"\bnow (part|the|a|we|our|takes)\b", 1.2),
        (rf"\b(within|after) (a|one|two|three|four|six|\d+) {_UNITS_OF_TIME}\b", 0.6),
        (r"\b(it|this|that|which) has (since )?\w+ed\b|\bsince\W*$", 1.0),
        (r"\b(agreed|liked|loved|thanked|stayed)\b", 0.4),
    ),
}
_CUES = {
    part: tuple((re.compile(pattern), weight) for pattern, weight in cues)
    for part, cues in _CUE_TABLE.items()
}
_METRIC_RESULT_WEIGHT = 0.9
# Start costs and the cost of moving from one part to another (index order S, T, A, R).
_START_COST = (0.0, 0.9, 1.1, 2.0)
_FORWARD_COST = 0.35
_BACKWARD_COST = 2.0
_SAME_COST = 0.0


def cue_scores(sentence: str) -> dict[Part, float]:
    """How strongly each part's cues fire in one sentence."""
    lowered = sentence.lower()
    scores = {part: sum(w for p, w in cues if p.search(lowered)) for part, cues in _CUES.items()}
    if extract_metrics(sentence):
        scores[Part.RESULT] += _METRIC_RESULT_WEIGHT
    return scores


def _transition(a: int, b: int) -> float:
    if a == b:
        return _SAME_COST
    return _FORWARD_COST if b > a else _BACKWARD_COST


def label_sentences(text: str) -> list[LabeledSentence]:
    """Every sentence of the answer with its most likely STAR part."""
    spans = split_sentences(text)
    if not spans:
        return []
    emissions = [cue_scores(text[a:b]) for a, b in spans]
    labels = _viterbi(emissions)
    return [
        LabeledSentence(text=text[a:b], part=PARTS[label], start=a, end=b)
        for (a, b), label in zip(spans, labels, strict=True)
    ]


def _viterbi(emissions: list[dict[Part, float]]) -> list[int]:
    """The cheapest label path: transition costs minus cue scores."""
    n = len(PARTS)
    cost = [_START_COST[i] - emissions[0][PARTS[i]] for i in range(n)]
    back: list[list[int]] = []
    for scores in emissions[1:]:
        step, pointers = [], []
        for j in range(n):
            best = min(range(n), key=lambda i: cost[i] + _transition(i, j))
            pointers.append(best)
            step.append(cost[best] + _transition(best, j) - scores[PARTS[j]])
        cost = step
        back.append(pointers)
    path = [min(range(n), key=lambda i: cost[i])]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    return list(reversed(path))
