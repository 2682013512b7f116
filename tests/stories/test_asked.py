"""The questions a story is known to answer: found through them, explained by them."""

from __future__ import annotations

import pytest

from intervoo.stories import asked as asked_module
from intervoo.stories.asked import AskedQuestions, question_terms
from intervoo.stories.model import Story
from intervoo.stories.retrieval import StoryIndex
from tests.stories.evaluation import load_set


def _kitchen_story(questions: list[str]) -> Story:
    return Story(
        id="sous-chef",
        title="The sous-chef who kept missing the Saturday prep",
        situation="Our sous-chef was late four Saturdays running and the line fell behind.",
        task="Keep service on time without losing the rest of the brigade.",
        action="I documented each shift, held two formal reviews and, when nothing changed, "
        "dismissed him and promoted the strongest line cook.",
        result="Tickets went back under twelve minutes within a month.",
        questions=questions,
    )


def _library(questions: list[str]) -> list[Story]:
    return [_kitchen_story(questions), *load_set("dev").stories]


QUESTION = "Tell me about a time you had to let someone go."


def test_a_story_is_found_through_a_question_it_answers_and_quotes_it() -> None:
    asked = "Have you ever had to let an employee go?"
    best = StoryIndex(_library([asked])).match(QUESTION, top=1)
    assert best[0].story.id == "sous-chef"
    assert f'answers "{asked}"' in best[0].why


def test_without_its_questions_only_the_retrieval_model_finds_the_story() -> None:
    """The question shares no word with the story ("let someone go" / "dismissed him"):
    word signals alone miss it; the bundled retrieval model knows what it means."""
    lexical = StoryIndex(_library([]), embedder=None).match(QUESTION, top=1)
    assert lexical == [] or lexical[0].story.id != "sous-chef"
    best = StoryIndex(_library([])).match(QUESTION, top=1)
    assert best[0].story.id == "sous-chef"
    assert "close in meaning" in best[0].why


def test_each_story_reports_its_closest_question() -> None:
    stories = [
        Story(id="a", title="A", questions=["How do you handle an angry customer?"]),
        Story(id="b", title="B", questions=["Describe a failed launch.", "What did you learn?"]),
        Story(id="c", title="C"),
    ]
    terms = question_terms("What did you learn from a launch that failed?")
    scores = AskedQuestions(stories, embedder=None, frame=None, min_corpus=0).scores(terms, None)
    assert scores.by_story[2] == 0.0  # story c has no questions
    assert scores.by_story[1] > scores.by_story[0]
    assert 0.0 < scores.by_story[1] <= 1.0
    assert scores.closest_question(1) == "Describe a failed launch."
    assert scores.closest_question(0) == "How do you handle an angry customer?"


def test_a_story_asked_about_another_way_still_fits_by_its_text() -> None:
    """A practice draft carries the one question it was told for; asked something else
    that its text answers, it must still be found, not dropped below the fit threshold
    by the weight questions carry in the ranking."""
    practice = _kitchen_story(["What are you most proud of in your career?"])
    dev = load_set("dev").stories
    question = "Tell me about a time you had to dismiss an employee who kept coming in late."
    alone = StoryIndex([_kitchen_story([]), *dev]).match(question, top=1)
    assert alone[0].story.id == "sous-chef"
    best = StoryIndex([practice, *dev]).match(question, top=1)
    assert best and best[0].story.id == "sous-chef"


def test_a_large_library_compares_every_question_only_of_its_closest_stories(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past SHORTLIST stories, the others' questions count their centroid: the story each
    labeled question's questions point to stays the one an exact comparison finds."""
    stories, questions = [], []
    for name in ("dev", "heldout", "heldout2"):  # 87 stories, 20 questions each
        labeled = load_set(name, llm_questions=True)
        stories += labeled.stories
        questions += [q for q, _ in labeled.questions]
    assert len(stories) > asked_module.SHORTLIST
    index = StoryIndex(stories)
    monkeypatch.setattr(asked_module, "SHORTLIST", len(stories))
    exact = StoryIndex(stories)
    same = [
        index.match(q, top=1)[0].story.id == exact.match(q, top=1)[0].story.id for q in questions
    ]
    assert sum(same) / len(same) >= 0.97
