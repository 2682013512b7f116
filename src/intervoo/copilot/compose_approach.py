"""Composer for technical and system design questions: a structured approach, then experience."""

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
    re.compile(r"\b(?:what is|what's|what are|explain|define)\s+(?:a|an|the)?\s*(.+)", re.I),
    re.compile(r"\bhow (?:would|do|does|can|could|should) (?:you|i|we|one)\s+(.+)", re.I),
)
_CONCEPTUAL = re.compile(r"^\s*(what is|what's|what are|explain|define|difference)", re.I)
_HOW = re.compile(r"\bhow (?:would|do|does|can|could|should) (?:you|i|we|one)\s", re.I)
_TOPIC_END = re.compile(r"\s+(?:that|which|so that|for me|in your|if)\s.*$", re.I)
TOPIC_MAX_WORDS = 8


def question_topic(text: str) -> str:
    """The thing the question is about ("a rate limiter"), for a concrete-sounding opener."""
    for pattern in _TOPIC_PATTERNS:
        found = pattern.search(text)
        if found:
            topic = _TOPIC_END.sub("", strip_end(found.group(1)))
            return clip_words(topic, TOPIC_MAX_WORDS).rstrip("…")
    return ""


def compose_technical(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    topic = question_topic(question.text)
    out = AnswerBuilder()
    if _CONCEPTUAL.search(question.text):
        out.opener(
            f"Let me define {topic or 'it'} in one line, then how it works and when I'd use it"
        )
        out.bullet("Definition: one plain sentence, no jargon")
        out.bullet("How it works: the key mechanism, with a small example")
        out.bullet("When to use it — and when not: the main alternative and the trade-off")
    else:
        how = f"how I'd {topic}" if _HOW.search(question.text) and topic else "my approach"
        out.opener(f"Let me make sure I understand the problem, then walk through {how}")
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


def _experience_bullet(out: AnswerBuilder, m: Material) -> None:
    """Tie the approach to something the candidate really built."""
    if m.story is not None and (m.story.action or m.story.result):
        out.story(m.story)
        line = first_sentence(m.story.result or m.story.action)
        out.bullet(f"From my own work: {lower_first(first_person(line))}")
        return
    if m.highlights:
        top = m.highlights[0]
        where = f" at {top.employer}" if top.employer else ""
        out.bullet(f"From my own work{where}: {lower_first(first_person(top.text))}")
        out.source(highlight_source(top))
