"""Scores that only some question shapes have, and the weights each shape gives every score.

A design answer is judged on structure (requirements, then components), trade-offs and
scale; a career answer on a plan and its tie to the role; a logistics answer on being
direct and short; a concept answer on explaining the concept (a definition, then an
example or a contrast); a personal answer on backing itself with an example; a
self-introduction on present, past and future (who you are now, a highlight of your
work, why this role: the elevator pitch interview guides teach). The cue
lists are the vocabulary interview guides use for each; each score says what it found.
"""

from __future__ import annotations

import re

from intervoo.practice.scoring import Score, make_score
from intervoo.practice.shapes import Shape
from intervoo.stories.metrics import extract_metrics


def _cues(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for p in patterns)


def _hits(text: str, cues: tuple[re.Pattern[str], ...]) -> list[str]:
    return [m.group(0).lower() for cue in cues for m in cue.finditer(text)]


_REQUIREMENTS = _cues(
    r"requirements?",
    r"(?:first|start(?:ing)?) (?:by|with)",
    r"assum\w+",
    r"(?:the )?goal",
    r"use cases?",
    r"users?",
    r"constraints?",
    r"pin(?:ned)? down",
    r"clarif\w+",
    r"scope",
)
_COMPONENTS = _cues(
    r"service",
    r"database|db|store|storage|table",
    r"cache|redis|memcached|cdn",
    r"queue|kafka",
    r"workers?",
    r"api|endpoint",
    r"load balancer|gateway",
    r"index",
    r"shard\w*|partition\w*",
    r"replica\w*|replicat\w+",
    r"stream\w*",
    r"ledger|log",
)
_TRADE_OFFS = _cues(
    r"trade-?offs?",
    r"versus|vs\.?",
    r"instead",
    r"rather than",
    r"at the (?:cost|expense)",
    r"downside",
    r"accept\w*",
    r"the (?:cost|price) (?:is|of)",
    r"on the other hand",
    r"cheaper|simpler|faster|slower",
    r"but",
    r"because",
)
_SCALE = _cues(
    r"scal\w+",
    r"millions?|billions?|thousands?",
    r"per (?:second|minute|day)|a second|a day",
    r"throughput|latency|qps|rps",
    r"horizontal\w*",
    r"shard\w*|partition\w*",
    r"replica\w*",
    r"peak|bursts?|traffic|load",
    r"regions?",
)
_PLAN = _cues(
    r"(?:in|within) (?:the next )?(?:\w+ )?(?:years?|months?)",
    r"next (?:step|role|stage)",
    r"want to|would like to|i'd like to|hope to|aim to|plan to",
    r"goal",
    r"grow\w*",
    r"long[- ]term",
    r"career",
    r"become|becoming",
    r"step",
)
_ROLE = _cues(r"this (?:role|position|job|team)", r"the role", r"your (?:team|company|product)")
_DIRECT_START = re.compile(
    r"^\W*(?:yes|no|i can|i could|i'm|i am|i would|i'd|i will|i need|i don't|my|in|on|from|"
    r"after|within|about|around|between|right away|immediately|\d)",
    re.IGNORECASE,
)
_HEDGES = _cues(
    r"it depends",
    r"maybe",
    r"not (?:completely |really |too )?sure",
    r"i guess",
    r"we(?:'ll| will) see",
    r"at some point",
    r"hopefully",
    r"figure it out",
    r"complicated",
)
_DEFINES = _cues(
    r"is an?",
    r"are",
    r"means?",
    r"refers? to",
    r"is the",
    r"is when",
    r"describes?",
)
_EXAMPLE = _cues(
    r"for example|for instance|e\.g\.|such as|like a|like the",
    r"imagine|say you",
    r"whereas|unlike|while|in contrast|compared (?:to|with)|on the other hand|but",
)
_PAST_EXAMPLE = _cues(
    r"last (?:year|month|week|quarter)",
    r"when i",
    r"i (?:\w+ed|led|built|ran|made|took)",
    r"since then",
    r"in my (?:last|previous|current)",
)
_NOW = _cues(
    r"i'm an?|i am an?",
    r"\d+ years(?: of experience)?",
    r"currently|right now|these days|for the (?:last|past) \w+ years?",
    r"i (?:work|lead|run|own|manage)",
    r"(?:engineer|developer|designer|scientist|manager|analyst|tester)",
)
_NEXT = _cues(
    r"looking for|i'd like to|i want to|hoping to|next step",
    r"this (?:role|position|job|team)|your (?:team|company)|applied|applying",
    r"interested in|excited about|drawn to|caught my eye",
)


def _found(kind: str, hits: list[str]) -> str:
    shown = ", ".join(dict.fromkeys(hits))
    return f"{kind}: {shown}" if hits else f"no {kind}"


def design_scores(answer: str) -> list[Score]:
    requirements, components = _hits(answer, _REQUIREMENTS), _hits(answer, _COMPONENTS)
    structure = 30 * min(len(requirements), 2) + 10 * min(len(set(components)), 4)
    structure_why = (
        "Start from the requirements (users, load, what must never fail), then name the "
        "components and how data flows through them."
        if structure < 80
        else "Clear structure: requirements first, then the components."
    )
    trade = _hits(answer, _TRADE_OFFS)
    scale = _hits(answer, _SCALE)
    numbers = len(extract_metrics(answer))
    return [
        make_score(
            "structure", structure, f"{structure_why} ({_found('components', components)})", 1.5
        ),  # fmt: skip
        make_score(
            "trade-offs",
            25 * len(trade),
            "Trade-offs named (" + ", ".join(dict.fromkeys(trade)) + ")."
            if len(trade) >= 3
            else "Say what each choice costs and why you accept it (X instead of Y, because…).",
            1.5,
        ),
        make_score(
            "scale",
            25 * len(set(scale)) + 15 * numbers,
            f"Scale is addressed ({', '.join(dict.fromkeys(scale))})."
            if len(set(scale)) >= 3
            else "Put numbers on the load (requests a second, data size) and say how it scales.",
            1.5,
        ),
    ]


def career_scores(answer: str, question: str) -> list[Score]:
    plan = _hits(answer, _PLAN)
    role = _hits(answer, _ROLE) + _named_in_both(question, answer)
    return [
        make_score(
            "plan",
            30 * len(set(plan)),
            "A clear direction: where you are going next."
            if len(set(plan)) >= 3
            else "Say where you want to be in a few years and what you want to do next.",
            1.5,
        ),
        make_score(
            "role fit",
            45 * len(set(role)) + 10,
            f"Tied to this role ({', '.join(dict.fromkeys(role))})."
            if len(set(role)) >= 2
            else "Tie the plan to this role: what in it moves you toward that goal.",
            1.5,
        ),
    ]


def _named_in_both(question: str, answer: str) -> list[str]:
    """Names (capitalised words after the first) the answer repeats from the question."""
    names = set(re.findall(r"(?<!^)\b[A-Z][\w&.-]+", question.strip())) - {"I"}
    return [n.lower() for n in names if re.search(rf"\b{re.escape(n)}\b", answer)]


def logistics_scores(answer: str, words: int) -> list[Score]:
    hedges = _hits(answer, _HEDGES)
    direct = bool(_DIRECT_START.match(answer)) or bool(extract_metrics(answer.split(".")[0]))
    value = (60 if direct else 25) + (25 if words <= 60 else 0) + 15 - 30 * len(hedges)
    if hedges:
        why = f"Hedged ({', '.join(hedges)}): give the date, number or yes/no first."
    elif not direct:
        why = "Lead with the answer itself: the date, the number, yes or no."
    else:
        why = "Direct: the answer comes first."
    return [make_score("directness", value, why, 2.0)]


def concept_scores(answer: str) -> list[Score]:
    defines, example = _hits(answer, _DEFINES), _hits(answer, _EXAMPLE)
    value = (50 if defines else 15) + (35 if example else 0) + (15 if len(defines) >= 2 else 0)
    if not defines:
        why = "Say what it is first, in one plain sentence, then how it works."
    elif not example:
        why = "Explained; add an example or a contrast (X, whereas Y) to show you understand it."
    else:
        why = "The concept is explained, with an example or contrast."
    return [make_score("concept", value, why, 2.0)]


def personal_scores(answer: str) -> list[Score]:
    shown = _hits(answer, _PAST_EXAMPLE) + [m.text for m in extract_metrics(answer)]
    value = 30 + 25 * len(set(shown))
    why = (
        "Backed by a concrete example."
        if len(set(shown)) >= 2
        else "Back it with one concrete example from your work (when, what you did, what changed)."
    )
    return [make_score("example", value, why, 1.5)]


def intro_scores(answer: str) -> list[Score]:
    now, ahead = _hits(answer, _NOW), _hits(answer, _NEXT)
    highlight = _hits(answer, _PAST_EXAMPLE) + [m.text for m in extract_metrics(answer)]
    parts = {"who you are now": now, "a highlight of your work": highlight,
             "why this role": ahead}  # fmt: skip
    missing = [name for name, hits in parts.items() if not hits]
    value = 100 - 30 * len(missing) - (10 if len(set(highlight)) < 2 else 0)
    why = (
        "Present, past and future: who you are, a highlight, and why this role."
        if not missing
        else f"Add {' and '.join(missing)}: a self-introduction is present, past and future."
    )
    return [make_score("pitch", value, why, 2.0)]


# Weights of the common scores per shape; a shape without a score here does not show it.
WEIGHTS: dict[Shape, dict[str, float]] = {
    Shape.STORY: {"star": 2.0, "quantified": 1.5, "ownership": 1.0, "specificity": 1.0,
                  "length": 1.0, "fillers": 1.0},
    Shape.DESIGN: {"specificity": 0.5, "length": 1.0, "fillers": 1.0},
    Shape.CAREER: {"specificity": 1.0, "length": 1.0, "fillers": 1.0},
    Shape.LOGISTICS: {"length": 1.0, "fillers": 0.5},
    Shape.CONCEPT: {"specificity": 1.0, "length": 1.0, "fillers": 1.0},
    Shape.PERSONAL: {"specificity": 1.0, "length": 1.0, "fillers": 1.0},
    Shape.INTRO: {"specificity": 1.0, "length": 1.0, "fillers": 1.0},
    Shape.CLOSING: {"specificity": 0.5, "length": 1.0, "fillers": 1.0},
}  # fmt: skip


def shape_scores(shape: Shape, question: str, answer: str, words: int) -> list[Score]:
    if shape is Shape.DESIGN:
        return design_scores(answer)
    if shape is Shape.CAREER:
        return career_scores(answer, question)
    if shape is Shape.LOGISTICS:
        return logistics_scores(answer, words)
    if shape is Shape.CONCEPT:
        return concept_scores(answer)
    if shape is Shape.PERSONAL:
        return personal_scores(answer)
    if shape is Shape.INTRO:
        return intro_scores(answer)
    return []
