"""Composer for concept, coding and system design questions: a structure, then experience."""

from __future__ import annotations

import re

from intervoo.copilot.answer import Answer, AnswerBuilder, highlight_source
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.material import Material
from intervoo.copilot.text import clip_words, first_person, first_sentence, lower_first, strip_end
from intervoo.events import QuestionEvent

_TOPIC_PATTERNS = (
    re.compile(r"\bdesign\s+(.+)", re.I),
    re.compile(r"\bdifference between\s+(.+)", re.I),
    re.compile(r"\b(?:what is|what's|what are|explain|define)\s+(.+)", re.I),
    re.compile(r"\bhow (?:would|do|does|can|could|should) (?:you|i|we|one)\s+(.+)", re.I),
)
# Where the thing asked about ends: "… to a junior engineer", "… that you would use".
_TOPIC_END = re.compile(
    r"\s+(?:that|which|so that|for me|in your|if|to (?:a|an|the|my|your|some\w*))\s.*$", re.I
)
# "Explain what an API is": the thing is inside the clause, not the clause itself.
_WHAT_CLAUSE = re.compile(r"^what\s+(.+?)\s+(?:is|are|means|mean|stands for)$", re.I)
_HOW = re.compile(r"\bhow (?:would|do|does|can|could|should) (?:you|i|we|one)\s+", re.I)
_COMPARE = re.compile(r"\b(difference|differences|compare|versus|vs\.?)\b", re.I)
TOPIC_MAX_WORDS = 8


def question_topic(text: str) -> str:
    """The thing the question is about ("a rate limiter"), for a concrete-sounding opener."""
    for pattern in _TOPIC_PATTERNS:
        found = pattern.search(text)
        if found:
            topic = _TOPIC_END.sub("", strip_end(found.group(1)))
            clause = _WHAT_CLAUSE.match(topic)
            topic = clause.group(1) if clause else topic
            return clip_words(topic, TOPIC_MAX_WORDS).rstrip("…")
    return ""


def compose_concept(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """Definition, example, pitfall, and where I met it when my own work shows it."""
    topic = question_topic(question.text) or "it"
    out = AnswerBuilder()
    verb = "compare" if _COMPARE.search(question.text) else "explain"
    what = "what each is" if verb == "compare" else "what it is"
    out.opener(f"Happy to {verb} {topic} — {what}, an example, and the classic pitfall")
    out.bullet(f"{what.capitalize()}: {topic} in one plain sentence, no jargon")
    out.bullet("A concrete example: one small case where it shows up")
    out.bullet("The classic pitfall: the mistake people make with it, and how to avoid it")
    _experience_bullet(out, m, lead="Where I met it")
    return out.build()


def compose_technical(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """A coding question: the interview scaffold, then my own experience if any fits."""
    out = AnswerBuilder()
    how = _HOW.search(question.text)
    rest = _TOPIC_END.sub("", strip_end(question.text[how.end() :])) if how else ""
    # After "how would you" comes a verb phrase, so "how I'd find duplicates" reads right.
    plan = f"how I'd {clip_words(rest, TOPIC_MAX_WORDS).rstrip('…')}" if rest else "my approach"
    out.opener(f"Let me make sure I understand the problem, then walk through {plan}")
    out.bullet("Clarify: inputs, constraints and edge cases before any code")
    out.bullet("Approach: the simple solution first, then improve it, thinking aloud")
    out.bullet("Trade-offs and complexity: time and space in big-O, and why this option")
    out.bullet("Testing: empty and tiny inputs, duplicates, very large input, a failure case")
    _experience_bullet(out, m)
    return out.build()


def compose_system_design(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    topic = question_topic(question.text) or "the system"
    out = AnswerBuilder()
    out.opener(f"For {topic}, I'd start with requirements and scale, then sketch the design")
    out.bullet(
        "Clarify: who uses it, the core operations, read/write mix, latency and availability"
    )
    out.bullet("Outline: the API, the data model and storage, then where a cache or queue helps")
    out.bullet("Trade-offs: consistency versus availability, and what I'd simplify at first")
    out.bullet(
        "Scale and failure: sharding, replication, what happens when a node dies, monitoring"
    )
    _experience_bullet(out, m)
    return out.build()


def _experience_bullet(out: AnswerBuilder, m: Material, lead: str = "From my own work") -> None:
    """Tie the approach to something the candidate really built."""
    if m.story is not None and (m.story.action or m.story.result):
        out.story(m.story)
        line = first_sentence(m.story.result or m.story.action)
        out.bullet(f"{lead}: {lower_first(first_person(line))}")
        return
    if m.highlights:
        top = m.highlights[0]
        where = f" at {top.employer}" if top.employer else ""
        out.bullet(f"{lead}{where}: {lower_first(first_person(top.text))}")
        out.source(highlight_source(top))
