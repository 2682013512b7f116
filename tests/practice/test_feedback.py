"""Offline feedback: each score moves the way its explanation says."""

from __future__ import annotations

import pytest

from intervoo.companies.model import CompanyValue
from intervoo.events import QuestionKind
from intervoo.practice.feedback import analyze_answer
from intervoo.stories.model import Competency
from tests.practice.helpers import COST_STORY

QUESTION = "Tell me about a time you reduced costs."


def test_a_complete_story_scores_well_and_every_score_is_explained() -> None:
    feedback = analyze_answer(QUESTION, COST_STORY, competency=Competency.DATA)
    assert {s.part.value for s in feedback.sentences} == {"S", "T", "A", "R"}
    star = feedback.score("star")
    quantified = feedback.score("quantified")
    assert star is not None and star.score == 100
    assert quantified is not None and quantified.score == 100 and "35%" in quantified.summary
    assert all(s.summary for s in feedback.scores)
    assert feedback.overall >= 70


def test_missing_parts_are_named() -> None:
    feedback = analyze_answer(QUESTION, "We worked on it as a team and things got better.")
    star = feedback.score("star")
    assert star is not None and star.score < 100 and "Missing" in star.summary


def test_fillers_we_and_vagueness_lower_their_scores() -> None:
    clean = analyze_answer(QUESTION, COST_STORY)
    messy = analyze_answer(
        QUESTION,
        "Um, so, we basically did a lot of stuff, you know. Uh, we sort of fixed things. "
        "Like, we usually just, um, worked on various things and it was, uh, better.",
    )
    for name in ("fillers", "ownership", "specificity", "quantified"):
        before, after = clean.score(name), messy.score(name)
        assert before is not None and after is not None
        assert after.score < before.score, name
    fillers = messy.score("fillers")
    assert fillers is not None and '"um" x2' in fillers.summary


def test_pace_is_scored_for_spoken_answers_only() -> None:
    assert analyze_answer(QUESTION, COST_STORY).score("pace") is None
    words = analyze_answer(QUESTION, COST_STORY).word_count
    easy = analyze_answer(QUESTION, COST_STORY, duration_s=words * 60 / 150).score("pace")
    rushed = analyze_answer(QUESTION, COST_STORY, duration_s=words * 60 / 240).score("pace")
    assert easy is not None and rushed is not None and easy.score > rushed.score
    assert "fast" in rushed.summary


def test_length_depends_on_the_kind_of_question() -> None:
    short = (
        "Yes, two. How does the team decide what to build next quarter, and what would "
        "success look like for this role after the first six months?"
    )
    behavioral = analyze_answer(QUESTION, short).score("length")
    closing = analyze_answer("Any questions for us?", short, kind=QuestionKind.CLOSING).score(
        "length"
    )
    assert behavioral is not None and closing is not None
    assert behavioral.score < closing.score == 100


def test_relevance_and_values_fit() -> None:
    values = [CompanyValue(name="Frugality", meaning="Do more with less; cut waste and costs."),
              CompanyValue(name="Think Big", meaning="Set bold direction.")]  # fmt: skip
    on_topic = analyze_answer(QUESTION, COST_STORY, values=values)
    off_topic = analyze_answer(
        QUESTION, "I enjoy hiking in the mountains with my dog on weekends.", values=values
    )
    for name in ("relevance", "values"):
        a, b = on_topic.score(name), off_topic.score(name)
        assert a is not None and b is not None and a.score > b.score, name
    fit = on_topic.score("values")
    assert fit is not None and "Frugality" in fit.summary


def test_an_empty_answer_is_an_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        analyze_answer(QUESTION, "  ")
