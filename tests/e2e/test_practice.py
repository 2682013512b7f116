"""Issue 13: a practice session with typed answers, an extracted story approved, and that
story then used by the live screen's "Answer this" for a related question."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer
from tests.e2e.candidate import set_up_candidate
from tests.e2e.pages import NARROW, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STORY_ANSWER = (
    "At Stripe the finance team refused to adopt our new reconciliation tool because they "
    "did not trust its numbers. I was responsible for getting them to use it before the "
    "quarter closed. I ran a two-week pilot on their own ledgers, sat with their lead every "
    "morning to compare results line by line, and fixed the two rounding bugs we found. "
    "Reconciliation time fell from 5 days to 6 hours, and the finance lead became the "
    "tool's loudest champion."
)
SHORT_ANSWER = "I would ask about the team's biggest challenge and how success is measured."
RELATED_QUESTION = "Tell me about a time you persuaded a skeptical team to change how they work."
# The candidate brings their own questions: the story answers the first, which a story
# must do to become a draft (an answer that does not answer its question never does).
OWN_QUESTIONS = (
    "Tell me about a time you got a skeptical team to adopt a new tool.",
    "What questions do you have about the team or the role?",
)


def answer_every_question(page: Any) -> int:
    """Type an answer to each question (the story first); returns how many were asked."""
    count = 0
    while page.get_by_role("button", name="Get feedback").count():
        page.get_by_label("Your answer").fill(STORY_ANSWER if count == 0 else SHORT_ANSWER)
        page.get_by_role("button", name="Get feedback").click()
        count += 1
        expect(page.locator(".result .feedback")).to_be_visible()
        expect(page.locator(".meta").first).not_to_contain_text(f"Question {count} of")
    return count


def test_practice_story_is_approved_and_then_used_live(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    with app_server.api() as api:
        set_up_candidate(api, [])
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/practice")
    page = watched.page
    page.get_by_label("Your own questions (optional)").fill("\n".join(OWN_QUESTIONS))
    page.get_by_role("button", name="Start a practice session").click()
    expect(page.locator("form .question")).to_have_text(OWN_QUESTIONS[0])
    watched.shot(artifacts, "practice-question")

    asked = answer_every_question(page)
    assert asked >= 2
    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(page.locator(".scores li").first).to_contain_text("—")  # every score says why
    page.get_by_role("button", name="Refresh drafts").click()
    draft = page.locator(".story.draft").filter(has_text="6 hours")
    expect(draft).to_have_count(1)
    watched.shot(artifacts, "practice-complete")
    draft.get_by_role("button", name="Approve").click()
    expect(page.locator(".badge.approved")).to_have_count(1)
    approved = page.locator(".badge.approved").locator("xpath=..")
    approved_title = approved.locator("strong").inner_text()

    page.get_by_role("link", name="Stories").click()
    card = page.locator(".story").filter(has_text=approved_title)
    expect(card.locator(".badge")).to_have_text("approved")
    watched.shot(artifacts, "stories")

    page.get_by_role("link", name="Live").click()
    page.get_by_label("A question to answer now").fill(RELATED_QUESTION)
    page.get_by_role("button", name="Answer this").click()
    current = page.locator(".current")
    expect(current.locator(".question")).to_have_text(RELATED_QUESTION)
    expect(current.locator(".sources")).to_contain_text(approved_title, timeout=15_000)
    expect(current.locator(".suggestion")).to_contain_text("6 hours")
    watched.shot(artifacts, "live-answer-this")

    page.get_by_role("link", name="Progress").click()
    expect(page.locator("figcaption")).to_contain_text(f"{asked} answers")
    watched.shot(artifacts, "progress")
    assert watched.errors == []
