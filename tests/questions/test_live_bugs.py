"""Regressions for the question-detection bugs found in live use (issue 7).

Each case is a family of phrasings, not one sentence: the fixes are rules about
English structure, so every member of a family must behave the same.
"""

from __future__ import annotations

import pytest

from intervoo.events import QuestionKind
from intervoo.questions import classify, completeness


@pytest.mark.parametrize(
    "text",
    [
        "how would you design a rate limiter",
        "how would you build a rate limiter for our login endpoint",
        "design a system where users pay each other back for shared bills",
        "how would you architect a remote feature flag service",
        "how would you design a travel itinerary planner",
        "how would you build a scheduler that runs jobs in every time zone",
        "how would you design a highly available contract signing service",
    ],
)
def test_words_describing_the_system_do_not_make_a_design_question_logistics(
    text: str,
) -> None:
    assert classify(text).kind is QuestionKind.SYSTEM_DESIGN


@pytest.mark.parametrize(
    "text",
    [
        "what day rate are you looking for",
        "what rate are you expecting for this contract",
        "what's your hourly rate",
        "are you open to travel",
        "would you be willing to work remote from another country",
    ],
)
def test_the_candidates_own_rate_pay_and_travel_stay_logistics(text: str) -> None:
    assert classify(text).kind is QuestionKind.LOGISTICS


def test_a_past_build_is_not_a_design_frame() -> None:
    # "the platform you built at acme" talks about the candidate's past role.
    assert classify("tell me about the platform you built at acme").kind is QuestionKind.RESUME


@pytest.mark.parametrize(
    "text",
    [
        "give me a second",
        "okay give me just a moment to pull that up",
        "give me a couple of minutes to read your solution",
        "sorry give me one sec",
        "give me a quick second",
    ],
)
def test_stalls_are_not_prompts(text: str) -> None:
    assert not classify(text).is_question


@pytest.mark.parametrize(
    "text", ["give me a few examples of that", "give me an example of a hard bug"]
)
def test_give_me_prompts_still_ask(text: str) -> None:
    assert classify(text).is_question


@pytest.mark.parametrize(
    "text",
    [
        "first some chat and then do a quick system design exercise",
        "so we'll talk and then do an architecture round",
        "after lunch have a look at the second problem",
        "okay now do this one in javascript",
    ],
)
def test_do_a_and_have_a_are_main_verbs_not_questions(text: str) -> None:
    assert not classify(text).is_question


def test_plural_quantifier_after_do_is_still_a_question() -> None:
    assert classify("do a lot of your customers use the mobile app").is_question


@pytest.mark.parametrize(
    "text",
    [
        "we migrated to postgres which was a big effort",
        "i joined from a bank which is a very different world",
        "we have a designer who is based in lisbon",
        "the platform team owns the deploy tooling which was rebuilt last year",
    ],
)
def test_mid_sentence_relative_pronouns_are_not_questions(text: str) -> None:
    assert not classify(text).is_question


def test_mid_sentence_which_about_the_candidate_still_asks() -> None:
    assert classify("between go and rust which do you prefer").is_question


@pytest.mark.parametrize(
    "text",
    [
        "before we wrap up is there anything else you want to ask",
        "before we finish are there any questions on your side",
        "since we have a few minutes left is there anything you'd like to know about us",
    ],
)
def test_a_fronted_clause_does_not_hide_a_closing_question(text: str) -> None:
    verdict = classify(text)
    assert verdict.is_question
    assert verdict.kind is QuestionKind.CLOSING


def test_statements_with_there_is_anything_stay_statements() -> None:
    assert not classify("i think there is anything you need in the wiki").is_question


@pytest.mark.parametrize("text", ["what?", "sorry what?", "what", "sorry, what?"])
def test_bare_what_asks_to_repeat_not_a_question(text: str) -> None:
    assert not classify(text).is_question


@pytest.mark.parametrize("text", ["why?", "how?", "why"])
def test_bare_why_and_how_are_follow_ups_below_the_speculation_bar(text: str) -> None:
    verdict = classify(text)
    assert verdict.is_question
    assert verdict.confidence < 0.85


@pytest.mark.parametrize(
    "text",
    [
        "tell me about the time you",
        "what's the one thing you",
        "describe a project we",
        "why do you",
        "how would you",
        "what did your manager",
        "how does the team",
        "is there anything you",
        "have you ever",
        "would you be willing",
        "how would you handle it once it",
        "what are the tradeoffs of sql versus",
    ],
)
def test_a_subject_still_owed_its_verb_trails_off(text: str) -> None:
    assert completeness(text) < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "tell me about the time you failed",
        "what motivates you",
        "how would your colleagues describe you",
        "does this excite you",
        "what would you do",
        "how did you do that",
        "what was that like",
        "explain what a race condition is",
        "what are you passionate about",
        "who did you work with",
        "so what questions do you have",
        "which would you choose and why",
        "how does this work",
    ],
)
def test_finished_questions_with_usually_dangling_last_words_are_complete(text: str) -> None:
    assert completeness(text) >= 0.85
