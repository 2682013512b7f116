"""Stemming and concept recognition: the two ways a question reaches a story worded differently."""

import pytest

from intervoo.stories.text import analyze, concepts_in, headline, stem


@pytest.mark.parametrize(
    "family",
    [
        ("disagree", "disagreed", "disagrees"),
        ("hire", "hired", "hiring"),
        ("ambiguous", "ambiguity"),
        ("negotiate", "negotiated", "negotiation"),
        ("lead", "led", "leading"),
        ("teach", "taught", "teaching"),
        ("break", "broke", "broken"),
    ],
)
def test_a_word_family_shares_one_stem(family: tuple[str, ...]) -> None:
    assert len({stem(word) for word in family}) == 1, [stem(w) for w in family]


def test_contractions_and_possessives() -> None:
    assert stem("didn't") == "not"
    assert stem("manager's") == stem("manager")
    assert stem("2024") == "2024"


def test_concepts_bridge_the_words_of_questions_and_stories() -> None:
    assert "superior" in concepts_in("a disagreement with your boss")
    assert "superior" in concepts_in("I pushed back on our CTO")
    assert "disagree" in concepts_in("I pushed back on our CTO")
    assert concepts_in("Tell me about a time you failed.").count("failure") == 1


def test_phrases_match_across_stopwords_but_single_cues_do_not_fire_on_stopwords() -> None:
    assert "initiative" in concepts_in("I did it without being asked")
    assert concepts_in("it was the one and only") == []


def test_analyze_gives_stems_then_concept_tokens() -> None:
    terms = analyze("Mentored interns")
    assert terms[:2] == [stem("mentored"), stem("interns")]
    assert "~mentor" in terms


def test_headline_cuts_at_a_word_boundary() -> None:
    assert headline("Cut costs", 20) == "Cut costs"
    assert headline("Cut AWS costs, then hired two engineers", 15) == "Cut AWS costs…"
