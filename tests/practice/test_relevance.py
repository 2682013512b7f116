"""Relevance first: the judge on the bundled retrieval model, the shape rubrics, and the
LLM critique's own verdict. The judge's accuracy is measured by bench/practice_feedback.py
on the held-out pairs; these tests pin the behaviour a user sees."""

from __future__ import annotations

import pytest

from intervoo.events import QuestionKind
from intervoo.practice.coach import parse_critique
from intervoo.practice.feedback import analyze_answer
from intervoo.practice.relevance import Verdict, default_judge
from intervoo.practice.shapes import Shape, shape_of
from tests.practice.helpers import CLOSING, OFF_TOPIC, SHAPED

PIZZA = "My favourite food is pizza and I like hiking."


def test_the_bundled_model_has_its_calibration() -> None:
    judge = default_judge()
    assert judge is not None
    off, unclear = judge.thresholds
    assert 0 < off <= unclear < 1


@pytest.mark.parametrize(
    ("kind", "question", "shape"),
    [
        (QuestionKind.CLOSING, "When would you be able to start?", Shape.LOGISTICS),
        (QuestionKind.CLOSING, "What are your salary expectations?", Shape.LOGISTICS),
        (QuestionKind.CLOSING, "Do you have any questions for us?", Shape.CLOSING),
        (QuestionKind.SYSTEM_DESIGN, "Design a rate limiter.", Shape.DESIGN),
        (QuestionKind.MOTIVATION, "Where do you see yourself in five years?", Shape.CAREER),
        (QuestionKind.RESUME, "What was the hardest part of it at Acme?", Shape.STORY),
        (QuestionKind.TECHNICAL, "What is a database index?", Shape.CONCEPT),
        (QuestionKind.PERSONAL, "Tell me about yourself.", Shape.INTRO),
        (QuestionKind.RESUME, "Walk me through your resume.", Shape.INTRO),
        (QuestionKind.TECHNICAL, "Could you give us a short introduction?", Shape.INTRO),
        (QuestionKind.PERSONAL, "What are your greatest strengths?", Shape.PERSONAL),
        (QuestionKind.MOTIVATION, "How would your background help you here?", Shape.CAREER),
    ],
)
def test_each_question_has_the_shape_its_answer_takes(
    kind: QuestionKind, question: str, shape: Shape
) -> None:
    assert shape_of(kind, question) is shape


def test_an_unrelated_answer_scores_below_a_vague_on_topic_one() -> None:
    question = "How would you design a news feed for a social network?"
    vague = "I'd store the posts in a database and cache the feed so it loads fast for users."
    on_topic = analyze_answer(question, vague, kind=QuestionKind.SYSTEM_DESIGN)
    pizza = analyze_answer(question, PIZZA, kind=QuestionKind.SYSTEM_DESIGN)
    assert pizza.on_topic is False and pizza.overall <= 40
    assert on_topic.on_topic is True and on_topic.overall > pizza.overall
    strong = analyze_answer(question, SHAPED["design"][1], kind=QuestionKind.SYSTEM_DESIGN)
    assert strong.overall > on_topic.overall  # structure, trade-offs and scale count


def test_the_off_topic_headline_comes_before_any_other_advice() -> None:
    question = "Tell me about a time you debugged a hard problem in production."
    feedback = analyze_answer(question, OFF_TOPIC)
    relevance = feedback.score("relevance")
    assert relevance is not None and relevance.score < 50
    assert feedback.summary == relevance.summary
    assert feedback.summary.startswith(f"This doesn't answer '{question}'. It asks for a real")


def test_a_hedged_logistics_answer_is_told_to_give_the_answer_first() -> None:
    question = "When would you be able to start?"
    hedged = analyze_answer(question, "It depends, maybe at some point next month, we'll see.",
                            kind=QuestionKind.LOGISTICS)  # fmt: skip
    direct = analyze_answer(question, SHAPED["logistics"][1], kind=QuestionKind.LOGISTICS)
    hedged_score, direct_score = hedged.score("directness"), direct.score("directness")
    assert hedged_score is not None and direct_score is not None
    assert hedged_score.score < direct_score.score and "Hedged" in hedged_score.summary
    assert hedged.score("star") is None and direct.overall >= 75  # no STAR for logistics


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("When could you start if we made you an offer?",
         "I organised my best friend's wedding last autumn: 120 guests, a budget of 20,000 "
         "euros and a venue two hours from the city. I negotiated with three caterers and "
         "kept a shared checklist, and we came in 8 percent under budget."),
        ("Are you available to travel for work occasionally?",
         "Two summers ago I cycled from Amsterdam to Barcelona, 1,800 kilometres in sixteen "
         "days. I planned the route around campsites and trained for four months."),
    ],
)  # fmt: skip
def test_a_polished_story_that_never_gives_what_a_logistics_question_asks_does_not_answer(
    question: str, answer: str
) -> None:
    """No date for "when", no yes or no for "are you": short and confident, still no answer."""
    feedback = analyze_answer(question, answer, kind=QuestionKind.LOGISTICS)
    directness = feedback.score("directness")
    assert directness is not None and "never says what was asked" in directness.summary
    assert feedback.overall <= 40 and feedback.summary.startswith(
        f"This doesn't answer '{question}'"
    )
    answered = analyze_answer(
        question, "I could, two weeks after an offer: my notice period is two weeks.",
        kind=QuestionKind.LOGISTICS,
    )  # fmt: skip
    assert answered.on_topic and answered.overall >= 75


def test_a_judge_verdict_is_one_of_three() -> None:
    judge = default_judge()
    assert judge is not None
    question, answer = SHAPED["concept"]
    assert judge.judge(question, answer, Shape.CONCEPT).verdict is Verdict.ON
    assert judge.judge(question, OFF_TOPIC, Shape.CONCEPT).verdict is Verdict.OFF


def test_a_self_introduction_is_judged_as_one_not_by_shared_words() -> None:
    """ "Tell me about yourself" shares no word with a good answer to it; its shape's own
    expectation carries the judgment, and the pitch says what a self-introduction lacks."""
    question, answer = SHAPED["intro"]
    strong = analyze_answer(question, answer, kind=QuestionKind.PERSONAL)
    assert strong.shape is Shape.INTRO and strong.on_topic is True and strong.overall >= 75
    history = "I went to university, then I worked at two companies doing backend work."
    pitch = analyze_answer(question, history, kind=QuestionKind.PERSONAL).score("pitch")
    assert pitch is not None and "why this role" in pitch.summary
    design = SHAPED["design"][1]
    off = analyze_answer(question, design, kind=QuestionKind.PERSONAL)
    assert off.on_topic is False and off.overall <= 40


def test_a_critique_reply_without_sections_is_all_critique() -> None:
    assert parse_critique("Tighten the result.").critique == "Tighten the result."


def test_the_llm_saying_the_answer_does_not_answer_drops_its_rewrite() -> None:
    reply = "ANSWERS: no\nCRITIQUE: This doesn't answer the question.\nSTRONGER: A new story."
    critique = parse_critique(reply)
    assert critique.answers_question is False and critique.stronger == ""
    kept = parse_critique("ANSWERS: yes\nCRITIQUE: Good.\nSTRONGER: Better.")
    assert kept.answers_question is True and kept.stronger == "Better."


def test_questions_for_the_interviewer_answer_do_you_have_questions() -> None:
    asked = "Do you have any questions for us?"
    feedback = analyze_answer(asked, CLOSING, kind=QuestionKind.CLOSING)
    assert feedback.on_topic is True and feedback.overall > 40
    assert analyze_answer(asked, OFF_TOPIC, kind=QuestionKind.CLOSING).on_topic is False
