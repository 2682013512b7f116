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
from intervoo.practice.signals import count_words, without_fillers
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.text import content_stems


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
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
# A question a yes or no answers ("Are you willing to relocate?", "Can you start soon?").
_POLAR = re.compile(
    r"^\W*(?:are|is|do|does|did|can|could|would|will|have|has|may|should)\b", re.IGNORECASE
)
# A stance, plain or hedged (a hedge is scored as one, not as no answer).
_STANCE_START = re.compile(
    r"^\W*(?:yes|yeah|no|not|sure|absolutely|definitely|certainly|of course|maybe|perhaps|"
    r"probably|possibly|i guess|i think|i believe|it depends|it'?s (?:a bit )?complicated)\b",
    re.IGNORECASE,
)
_STANCE = _cues(
    r"i(?:'m| am)(?: not)? (?:willing|open|happy|glad|able|available|comfortable|fine)",
    r"i (?:can(?:not|'t)?|could(?:n't)?|would(?:n't)?|will|won't|do(?:n't)?|need)",
    r"i'd(?: be)?", r"(?:works|is fine|suits me)(?: well)? for me",
)  # fmt: skip
REPLY_TAIL_WORDS = 3  # "Yes, I am.", "No, not at all.", "Sure, no problem."
_CLAUSE_END = re.compile(r"[,;\u2014]| - ")
_CLAUSE_CLOSES = re.compile(r"\s*(?:[,;:.!?\u2014]|$)")
_ASKS_TIME = re.compile(r"\b(?:when|how soon|how long|notice|start date)\b", re.IGNORECASE)
_ASKS_AMOUNT = re.compile(
    r"\b(?:salary|pay|compensation|rate|how much money|range)\b", re.IGNORECASE
)
_TIME_UNITS = frozenset({"days", "weeks", "months"})  # a start or a notice period
_MONEY_UNITS = frozenset({"$", "€", "£", "k"})
_TIME_WORDS = _cues(
    r"immediately", r"right away", r"asap", r"as soon as", r"notice", r"today", r"tomorrow",
    r"next (?:week|month|year)", r"(?:mon|tues|wednes|thurs|fri|satur|sun)day",
    r"january|february|march|april|may|june|july|august|september|october|november|december",
    r"\d+(?:st|nd|rd|th)",
)  # fmt: skip
_LEADING_AMOUNT = re.compile(r"^\W*(?:\d|(?:one|two|three|four|five|six|eight|ten)\b)", re.I)
_PLANS = re.compile(
    r"\bi(?:'d|'ll| can| could| would| will| need| expect| am looking|'m looking)\b", re.I
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


def logistics_scores(answer: str, words: int, question: str = "") -> list[Score]:
    """Direct and short: the thing asked (a yes or no, a date, a number) comes first. An
    answer that never gives it has not answered, however polished or short it is."""
    hedges = _hits(answer, _HEDGES)
    sentences = [s for s in _SENTENCE_END.split(answer.strip()) if s.strip()]
    given = [_gives_what_is_asked(question, s) for s in sentences]
    if given[:1] == [True]:
        value, why = 60 + (25 if words <= 60 else 0), "Direct: the answer comes first."
    elif any(given):
        value = 35 + (25 if words <= 60 else 0)
        why = "Lead with the answer itself: the date, the number, yes or no."
    else:
        value, why = 0, "It never says what was asked: give the date, the number or yes/no."
    value += 15 - 30 * len(hedges)
    if hedges:
        why = f"Hedged ({', '.join(hedges)}): give the date, number or yes/no first."
    return [make_score("directness", value, why, 2.0)]


def _gives_what_is_asked(question: str, sentence: str) -> bool:
    """Whether the sentence answers the logistics question in its own form: a stance that
    replies to a yes/no question (`_replies`), a time for "when", an amount for pay; for
    any other, the question's own ideas taken up. A time or an amount counts when the
    sentence leads with it or speaks of what was asked or of the speaker's own plans ("I
    could start in ...")."""
    if not question:
        return bool(_DIRECT_START.match(sentence)) or bool(extract_metrics(sentence))
    if asks_yes_or_no(question):
        return _replies(question, sentence)
    units = {m.unit for m in extract_metrics(sentence)}
    if _ASKS_AMOUNT.search(question):
        form = bool(units & _MONEY_UNITS) or bool(re.search(r"\d", sentence))
    elif _ASKS_TIME.search(question):
        form = bool(units & _TIME_UNITS) or bool(_hits(sentence, _TIME_WORDS))
    else:
        return bool(_shared_stems(question, sentence))
    leads = bool(_DIRECT_START.match(sentence)) or bool(_LEADING_AMOUNT.match(sentence))
    about_it = bool(_shared_stems(question, sentence)) or bool(_PLANS.search(sentence))
    return form and (leads or about_it)


def asks_yes_or_no(question: str) -> bool:
    """Whether a yes or no answers the question ("Are you willing to relocate?")."""
    return bool(_POLAR.match(question))


def _replies(question: str, sentence: str) -> bool:
    """Whether the sentence's stance replies to the yes/no question, as a direct answer
    does: the stance ends its sentence ("Yes."), or what follows is short ("Yes, I am.",
    "No, not at all."), or its first clause states the speaker's stance ("Yeah, that works
    for me", "Maybe, I'd have to ask") or takes up the question ("Yes, I'm moving to
    Munich"); an elliptic "I could," or "I am." replies too. A "Yeah, so," before a
    clause about something else ("Yeah, so, I volunteer at a shelter every Saturday"), or
    an "I could" inside a story's clause ("I could see that..."), is a discourse marker
    or part of the story, not a yes."""
    particle = _STANCE_START.match(sentence)
    stance = particle or _first_hit(sentence, _STANCE)
    if stance is None:
        return False
    rest = sentence[stance.end() :]
    tail = without_fillers(rest.strip(" \t,.;:!?-\u2014"))
    clause = _CLAUSE_END.split(tail, maxsplit=1)[0]
    # "I could," is an elliptic clause, a reply; a "Yeah," may be a discourse marker.
    elliptic = particle is None and bool(_CLAUSE_CLOSES.match(rest))
    return (
        elliptic
        or count_words(tail) <= REPLY_TAIL_WORDS
        or bool(_STANCE_START.match(clause) or _hits(clause, _STANCE))
        or bool(_shared_stems(question, clause))
    )


def _first_hit(text: str, cues: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    """The earliest match of any cue."""
    found = [m for cue in cues if (m := cue.search(text))]
    return min(found, key=lambda m: m.start(), default=None)


def _shared_stems(question: str, sentence: str) -> set[str]:
    return set(content_stems(question)) & set(content_stems(sentence))


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
        return logistics_scores(answer, words, question)
    if shape is Shape.CONCEPT:
        return concept_scores(answer)
    if shape is Shape.PERSONAL:
        return personal_scores(answer)
    if shape is Shape.INTRO:
        return intro_scores(answer)
    return []
