"""The offline composer: a deterministic, genuinely useful answer with no LLM.

It only rearranges what the material holds (the candidate's stories, resume and
the target company's values) into the answer shape, chosen by what the question
needs. Fixed phrases carry no facts and no numbers, so it never invents an
employer, a number or an event; where the library lacks what the question needs,
one plain line says what to add instead of a template to fill.
"""

from __future__ import annotations

from collections.abc import Callable

from intervoo.copilot.answer import Answer
from intervoo.copilot.compose_approach import (
    compose_concept,
    compose_system_design,
    compose_technical,
)
from intervoo.copilot.compose_company import compose_closing, compose_logistics, compose_motivation
from intervoo.copilot.compose_profile import (
    compose_profile,
    compose_proudest,
    compose_resume,
    compose_setback,
    named_entry,
)
from intervoo.copilot.compose_story import compose_behavioral
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import Material, gather
from intervoo.copilot.needs import Need
from intervoo.events import QuestionEvent, QuestionKind

Composer = Callable[[QuestionEvent, CandidateContext, Material], Answer]

_BY_NEED: dict[Need, Composer] = {
    Need.PROFILE: compose_profile,
    Need.PROUDEST: compose_proudest,
    Need.MOTIVATION: compose_motivation,
    Need.SETBACK: compose_setback,
    Need.CONFLICT: compose_behavioral,
    Need.EXPERIENCE: compose_behavioral,
    Need.CONCEPT: compose_concept,
    Need.CODING: compose_technical,
    Need.DESIGN: compose_system_design,
    Need.LOGISTICS: compose_logistics,
    Need.CLOSING: compose_closing,
}


def compose(
    question: QuestionEvent,
    ctx: CandidateContext,
    history: ConversationHistory,
    material: Material | None = None,
) -> Answer:
    """Answer one question from the context alone. Pure: same inputs, same answer."""
    material = material if material is not None else gather(question, ctx, history)
    if material.follow_up is not None and material.story is not None:
        if material.story.id in material.follow_up.story_ids:
            return compose_behavioral(question, ctx, material)  # more of the same story
    about_roles = material.need is Need.PROFILE or named_entry(question.text, ctx.resume.work)
    if question.kind is QuestionKind.RESUME and about_roles:
        return compose_resume(question, ctx, material)  # my roles, or the one it names
    return _BY_NEED[material.need](question, ctx, material)
