"""The offline composer: a deterministic, genuinely useful answer with no LLM.

It only rearranges what the context holds (the candidate's stories, resume and
the target company's values) into the answer shape, plus fixed coaching
phrases that carry no facts and no numbers. So it never invents an employer,
a number or an event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from intervoo.copilot.answer import Answer
from intervoo.copilot.compose_approach import compose_system_design, compose_technical
from intervoo.copilot.compose_company import compose_closing, compose_logistics, compose_motivation
from intervoo.copilot.compose_story import compose_behavioral, compose_personal, compose_resume
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import Material, gather
from intervoo.events import QuestionEvent, QuestionKind

Composer = Callable[[QuestionEvent, CandidateContext, Material], Answer]

_BY_KIND: dict[QuestionKind, Composer] = {
    QuestionKind.BEHAVIORAL: compose_behavioral,
    QuestionKind.PERSONAL: compose_personal,
    QuestionKind.RESUME: compose_resume,
    QuestionKind.MOTIVATION: compose_motivation,
    QuestionKind.CLOSING: compose_closing,
    QuestionKind.LOGISTICS: compose_logistics,
    QuestionKind.TECHNICAL: compose_technical,
    QuestionKind.SYSTEM_DESIGN: compose_system_design,
}


def compose(
    question: QuestionEvent,
    ctx: CandidateContext,
    history: ConversationHistory,
    material: Material | None = None,
) -> Answer:
    """Answer one question from the context alone. Pure: same inputs, same answer."""
    material = material if material is not None else gather(question, ctx, history)
    answer = _BY_KIND[question.kind](question, ctx, material)
    return _padded(answer, question.kind)


# Coaching lines (no facts, no numbers) for when the context is too thin for three bullets.
_FILLERS: dict[QuestionKind, tuple[str, ...]] = {
    QuestionKind.MOTIVATION: (
        "Why this company: one thing about its product or mission I genuinely like.",
        "Why this role: the part of the work I do best.",
        "Why now: what I want to learn and build next.",
    ),
    QuestionKind.PERSONAL: (
        "Today: what I do now, in one sentence.",
        "Before that: the experience that shaped me most.",
        "Next: why this role is the natural next step.",
    ),
    QuestionKind.RESUME: (
        "Newest role first: what I owned and one result.",
        "Earlier roles: one line each, only what matters for this job.",
        "Close on why this role is the next step.",
    ),
}
_DEFAULT_FILLERS = (
    "Keep it concrete: one real example.",
    "Say what I did myself, not the team.",
    "End on the outcome and what I learned.",
)
MIN_BULLETS = 3


def _padded(answer: Answer, kind: QuestionKind) -> Answer:
    if len(answer.bullets) >= MIN_BULLETS:
        return answer
    bullets = list(answer.bullets)
    for filler in _FILLERS.get(kind, _DEFAULT_FILLERS):
        if len(bullets) >= MIN_BULLETS:
            break
        if filler not in bullets:
            bullets.append(filler)
    return replace(answer, bullets=tuple(bullets))
