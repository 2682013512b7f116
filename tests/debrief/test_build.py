"""The offline debrief of a recorded interview, with the bundled embedding model."""

from __future__ import annotations

import pytest

from intervoo.copilot.context import CandidateContext, build_candidate_context
from intervoo.debrief.build import build_debrief
from intervoo.debrief.vectors import SessionVectors
from intervoo.embed import default_embedder
from tests.copilot.candidate import RESUME, STORIES, TARGET
from tests.debrief import sessions
from tests.debrief.sessions import interview


@pytest.fixture(scope="module")
def ctx() -> CandidateContext:
    return build_candidate_context(RESUME, STORIES, TARGET)


@pytest.fixture(scope="module")
def vectors() -> SessionVectors:
    embedder = default_embedder()
    assert embedder is not None, "the bundled embedding model must load"
    return SessionVectors(embedder)


def test_each_question_comes_with_the_candidates_own_words(ctx, vectors) -> None:  # type: ignore[no-untyped-def]
    debrief = build_debrief(interview(), ctx, session_id="s1", vectors=vectors)
    assert [q.question for q in debrief.questions] == [
        sessions.OUTAGE_Q, sessions.MIGRATION_Q, sessions.WHY_Q,
    ]  # fmt: skip
    assert [q.said for q in debrief.questions] == [
        sessions.OUTAGE_SAID, sessions.MIGRATION_SAID, sessions.WHY_SAID,
    ]  # fmt: skip
    assert all(q.note for q in debrief.questions)


def test_what_the_suggestion_covered_and_the_answer_missed_is_judged_by_meaning(
    ctx, vectors
) -> None:  # type: ignore[no-untyped-def]
    outage = build_debrief(interview(), ctx, session_id="s1", vectors=vectors).questions[0]
    # Said in other words ("took the payment calls out of the request … on an async queue").
    assert "I moved payment calls onto an async queue" not in outage.missed
    assert outage.missed == ["I added load tests that replayed peak traffic"]


def test_the_library_story_retold_is_found_and_a_new_one_is_offered_as_a_draft(
    ctx, vectors
) -> None:  # type: ignore[no-untyped-def]
    debrief = build_debrief(interview(), ctx, session_id="s1", vectors=vectors)
    assert [(s.story_id, s.question_ids) for s in debrief.stories_told] == [("s-outage", ["q1"])]
    # The reconciliation migration is close in meaning to the double-billing story (same
    # job, same system) but its numbers say it is another story.
    (draft,) = debrief.new_stories
    assert draft.question_id == "q2" and draft.numbers == ["5 days", "6 hours"]
    assert "Airflow" in draft.story.action and draft.story.status.value == "draft"


def test_struggled_questions_follow_ups_and_the_thank_you_note(ctx, vectors) -> None:  # type: ignore[no-untyped-def]
    debrief = build_debrief(interview(), ctx, session_id="s1", vectors=vectors)
    assert [q.id for q in debrief.struggled] == ["q3"]  # "I like the product."
    assert any('"Dive Deep"' in f or '"Ownership"' in f for f in debrief.follow_ups)
    assert any("5 days" in f for f in debrief.follow_ups)
    assert "checkout outage during the holiday peak" in debrief.thank_you
    assert "Acme Cloud" in debrief.thank_you and debrief.thank_you.endswith("Dana Reyes")


def test_without_an_embedding_model_the_debrief_still_comes(ctx) -> None:  # type: ignore[no-untyped-def]
    debrief = build_debrief(interview(), ctx, session_id="s1", vectors=None)
    assert [q.said for q in debrief.questions][1] == sessions.MIGRATION_SAID
    assert all(q.missed == [] for q in debrief.questions[:2])  # nothing judged by meaning
    assert debrief.stories_told == [] and len(debrief.new_stories) >= 1
