"""Issue 31: a session prefix built once and byte-identical for every question; each
question's part names the dossier items to lead with, and carries any that did not fit."""

from __future__ import annotations

import pytest

from intervoo.copilot.context import CandidateContext, build_candidate_context
from intervoo.copilot.dossier import DOSSIER_BUDGET, build_dossier
from intervoo.copilot.history import ConversationHistory, Exchange
from intervoo.copilot.material import gather
from intervoo.copilot.prompts import build_messages, prefix_messages, value_evidence_line
from intervoo.resume.parse import parse_file
from tests.copilot.answers_check import (
    DATA,
    llm_view,
    load_cases,
    load_hendriks,
    question_event,
    stripe_target,
)


@pytest.fixture(scope="module")
def ctx() -> CandidateContext:
    resume, stories = load_hendriks(parse_file(DATA / "hendriks_resume.json").resume)
    return build_candidate_context(resume, stories, stripe_target())


def _prompt(ctx: CandidateContext, text: str, qid: str, history: ConversationHistory) -> str:
    question = question_event(text, qid)
    messages = build_messages(question, ctx, gather(question, ctx, history))
    return "\n".join(m["content"] for m in messages)


def test_every_question_of_a_session_starts_with_the_same_prefix(ctx: CandidateContext) -> None:
    history = ConversationHistory()
    systems = set()
    for number, case in enumerate(load_cases()["with_stories"], 1):
        question = question_event(case.text, f"q{number}")
        messages = build_messages(question, ctx, gather(question, ctx, history))
        systems.add(messages[0]["content"].encode())
        assert case.text in messages[1]["content"]
        assert case.text not in messages[0]["content"]
        history.record(Exchange(question.id, question.text, question.kind))
    assert len(systems) == 1
    (system,) = systems
    assert system == prefix_messages(ctx)[0]["content"].encode()  # what warming sends


def test_each_lead_item_resolves_in_the_dossier(ctx: CandidateContext) -> None:
    prompt = _prompt(ctx, "Tell me about a time you failed.", "q1", ConversationHistory())
    context, guide, problems = llm_view(prompt)
    assert problems == []
    assert "LEAD WITH: R1 S" in prompt  # the current role, then the setback story
    assert "Story:" in context and "went wrong" in guide


def test_the_value_evidence_is_the_sessions_and_sits_in_the_prefix(ctx: CandidateContext) -> None:
    """Which of my items shows each company value depends on no question: two "why us"
    questions get the same pairs, from the cached prefix, and their parts repeat none."""
    history = ConversationHistory()
    prompts = [
        build_messages(
            question_event(text, qid), ctx, gather(question_event(text, qid), ctx, history)
        )
        for qid, text in [("q1", "Why do you want to work at Stripe?"), ("q2", "Why us?")]
    ]
    line = value_evidence_line(ctx)
    assert line.startswith("VALUE EVIDENCE: V1 shown by ") and line.count(" shown by ") == 3
    for system, part in prompts:
        assert system["content"].endswith(f"\n{line}")
        assert "VALUE EVIDENCE" not in part["content"] and "SHAPE: motivation" in part["content"]
        context, _, problems = llm_view(f"{system['content']}\n{part['content']}")
        assert problems == [] and context.count("My evidence:") == 3  # each pair resolves


def test_an_item_with_no_room_in_the_dossier_is_carried_by_its_question(
    ctx: CandidateContext,
) -> None:
    tight = build_dossier(
        label=None,
        summary=None,
        work=list(ctx.resume.work),
        company=None,
        role=None,
        values=[],
        skills=[],
        highlights=list(ctx.evidence.highlights),
        stories=ctx.stories,
        employer_of={},
        budget=60,
    )
    story = ctx.stories[-1]
    item = tight.id_of(f"story:{story.id}")
    assert item is not None and f"[{item}]" not in tight.text
    carried = tight.carried(item)
    assert carried is not None and story.title in carried
    first_role = tight.id_of(f"role:{ctx.resume.work[0].id}")
    assert first_role is not None and tight.carried(first_role) is None


def test_story_digests_shorten_until_every_story_fits_the_dossier(ctx: CandidateContext) -> None:
    """Seven stories at full length overflow the budget; shorter digests hold them all, so no
    question carries a story's ~110 tokens after the cached prefix."""
    seven = build_candidate_context(ctx.resume, ctx.stories[:7], stripe_target()).dossier
    items = [seven.id_of(f"story:{story.id}") for story in ctx.stories[:7]]
    assert all(item is not None and seven.carried(item) is None for item in items)
    assert seven.tokens <= DOSSIER_BUDGET
    first = ctx.stories[0]
    assert first.title in seven.text and first.result.split()[0] in seven.text
