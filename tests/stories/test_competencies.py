import pytest

from intervoo.stories.competencies import competencies_for_question, competencies_for_story
from intervoo.stories.model import Competency, Story

C = Competency


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Tell me about a disagreement with your manager.", {C.CONFLICT, C.INFLUENCE}),
        ("Tell me about a time you clashed with a coworker.", {C.CONFLICT}),
        ("Tell me about a time you failed.", {C.FAILURE}),
        ("How do you handle a tight deadline?", {C.PRESSURE}),
        ("Describe a time the requirements were vague.", {C.AMBIGUITY}),
        ("How have you mentored a junior engineer?", {C.MENTORING}),
        ("How did you get buy-in from teams that didn't report to you?", {C.INFLUENCE}),
        ("Tell me about a decision you made based on data.", {C.DATA}),
        ("Tell me about an unhappy customer.", {C.CUSTOMER}),
        ("How do you decide what to prioritize when everything is urgent?", {C.PRIORITIZATION}),
    ],
)
def test_question_competencies(question: str, expected: set[Competency]) -> None:
    found = competencies_for_question(question)
    assert expected <= set(found[: len(expected) + 1]), found


def test_a_question_about_nothing_in_particular_has_no_competency() -> None:
    assert competencies_for_question("What is your notice period?") == []


def test_story_competencies_keep_the_authors_tags_first() -> None:
    story = Story(
        title="Pushing back on my director",
        situation="My director and I disagreed about the launch; I argued against it.",
        action="I challenged the plan with data and pushed back in our 1:1.",
        competencies=[C.COMMUNICATION],
    )
    found = competencies_for_story(story)
    assert found[0] is C.COMMUNICATION
    assert C.CONFLICT in found
