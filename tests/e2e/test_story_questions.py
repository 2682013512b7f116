"""The Stories screen's "Questions this story answers": edited in the browser, saved with the
story (server validation shown beside the field, nothing typed lost), and suggested by the
configured LLM, with its errors shown inline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.e2e.app_server import AppServer, llm_env, serve
from tests.e2e.pages import NARROW, open_page
from tests.support.llm_server import ThreadedLLMServer, answer, json_error

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LABEL = "Questions this story answers"
STORY: dict[str, Any] = {
    "title": "The warehouse picking rework",
    "situation": "Pickers at our Leeds warehouse walked 11 km a shift between aisles.",
    "task": "I was asked to cut walking time without new hardware.",
    "action": "I re-slotted the 200 fastest movers next to packing using a month of order data.",
    "result": "Walking fell by 38% and orders shipped the same day rose from 81% to 95%.",
    "questions": ["How have you improved a process?"],
}
ENOUGH = [
    "Tell me about a time you cut waste.",
    "How do you decide what to change first?",
    "Describe a project where you used data.",
    "How do you get a team to adopt a new way of working?",
    "Tell me about a cost saving you delivered.",
    "How do you measure whether a change worked?",
    "What would you do if the data and the team disagreed?",
    "How do you test a change before rolling it out everywhere?",
    "Tell me about an improvement people resisted at first.",
    "How do you keep a change from slipping back?",
    "Describe a time you had to work within tight constraints.",
    "How do you explain a change to the people it affects most?",
    "Tell me about a result you were proud of.",
    "What would you do differently next time?",
    "What is the biggest operational improvement you made?",
]
SUGGESTED = [
    "Tell me about a time you used data to change how a team works.",
    "Describe a process you made faster without new tools.",
]


def add_story(server: AppServer, **changes: Any) -> str:
    with server.api() as api:
        added = api.post("/api/stories", json={**STORY, **changes})
        assert added.status_code == 201, added.text
        return str(added.json()["story"]["id"])


def saved_questions(server: AppServer, story_id: str) -> list[str]:
    with server.api() as api:
        story = api.get(f"/api/stories/{story_id}")
        assert story.status_code == 200, story.text
        return list(story.json()["questions"])


def hold_next(page: Page, held: list[Route]) -> Route:
    """The intercepted request, once the page has sent it (the events pump while waiting)."""
    for _ in range(250):
        if held:
            return held.pop()
        page.wait_for_timeout(20)
    raise AssertionError("the page sent no request to suggest questions")


def test_questions_are_edited_validated_and_saved(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    story_id = add_story(app_server)
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/stories")
    page = watched.page
    card = page.locator(".story").first
    expect(card.locator(".story-questions li")).to_have_text(STORY["questions"])

    card.get_by_role("button", name="Edit").click()
    box = card.get_by_label(LABEL)
    expect(box).to_have_value(STORY["questions"][0])
    too_long = "Why " + "really " * 50 + "?"
    box.fill(f"How have you improved a process?\n{too_long}")
    card.get_by_role("button", name="Save story").click()
    problem = card.locator(".field .notice.error")
    expect(problem).to_contain_text("at most 300")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value(f"How have you improved a process?\n{too_long}")  # nothing lost
    assert saved_questions(app_server, story_id) == STORY["questions"]
    watched.shot(artifacts, "story-questions-invalid")

    box.fill("How have you improved a process?\n\n  Tell me about   a time you used data.\n"
             "HOW HAVE YOU IMPROVED A PROCESS?")  # fmt: skip
    card.get_by_role("button", name="Save story").click()
    expected = ["How have you improved a process?", "Tell me about a time you used data."]
    expect(card.locator(".story-questions li")).to_have_text(expected)
    assert saved_questions(app_server, story_id) == expected
    page.reload()
    expect(page.locator(".story .story-questions li")).to_have_text(expected)
    page.get_by_label("Search").fill("used data")  # search looks inside the questions too
    expect(page.locator(".story")).to_have_count(1)
    watched.shot(artifacts, "story-questions-saved")
    assert watched.errors == []


def test_merging_two_stories_keeps_both_lists_of_questions(
    app_server: AppServer, launch: Any
) -> None:
    kept_id = add_story(app_server)
    other = {
        "title": "The night-shift handover",
        "situation": "Night and day shifts at the depot lost parcels between them.",
        "task": "I owned the handover between the two teams.",
        "action": "I wrote a ten-line handover sheet and walked both leads through it.",
        "result": "Lost parcels went from 40 a week to 3.",
        "questions": ["How do you work across teams?", "how have you improved a process?"],
    }
    add_story(app_server, **other)
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/stories")
    page = watched.page
    card = page.locator(f".story[data-id='{kept_id}']")
    card.get_by_role("button", name="Merge…").click()
    card.get_by_label("The other telling").select_option(label=other["title"])
    card.get_by_role("button", name="Merge into this story").click()
    expect(page.locator(".story")).to_have_count(1)
    expected = ["How have you improved a process?", "How do you work across teams?"]
    expect(card.locator(".story-questions li")).to_have_text(expected)
    assert saved_questions(app_server, kept_id) == expected
    assert watched.errors == []


def test_suggest_without_an_llm_shows_why_and_keeps_the_edit(
    app_server: AppServer, launch: Any
) -> None:
    story_id = add_story(app_server)
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/stories")
    page = watched.page
    held: list[Route] = []
    page.route("**/api/stories/*/questions", lambda route: held.append(route))
    card = page.locator(".story").first
    card.get_by_role("button", name="Edit").click()
    box = card.get_by_label(LABEL)
    box.fill("How have you improved a process?\nWhat are you proudest of?")
    suggest = card.get_by_role("button", name="Suggest questions")
    suggest.click()
    expect(suggest).to_be_disabled()  # while the request is out
    request = hold_next(page, held)
    assert request.request.method == "POST"
    request.continue_()
    problem = card.locator(".field .notice.error")
    expect(problem).to_be_visible()
    expect(problem).not_to_have_text(re.compile(r"^\s*(Not Found|Method Not Allowed)\s*$"))
    expect(suggest).to_be_enabled()
    expect(box).to_have_value("How have you improved a process?\nWhat are you proudest of?")
    assert saved_questions(app_server, story_id) == STORY["questions"]

    card.get_by_role("button", name="Cancel").click()  # the read view's button reports too
    card.get_by_role("button", name="Suggest questions").click()
    request = hold_next(page, held)
    request.continue_()
    expect(card.locator(".questions .notice.error")).to_be_visible()
    expect(card.locator(".story-questions li")).to_have_text(STORY["questions"])
    assert watched.errors == []


def test_suggest_with_the_llm_shows_its_failure_then_fills_the_list(
    tmp_path: Path, launch: Any, artifacts: Path
) -> None:
    reply = "".join(f"{i}. {q}\n" for i, q in enumerate(SUGGESTED, start=1))
    with ThreadedLLMServer(answer([reply])) as llm:
        with serve(tmp_path / "data", **llm_env(llm.openai_base_url)) as server:
            # Enough questions to count as done (QUESTIONS_DONE), so the server leaves this
            # story alone in the background and only the button asks the LLM.
            story_id = add_story(server, questions=[*STORY["questions"], *ENOUGH])
            before = saved_questions(server, story_id)
            url = f"{server.url}/#/stories"
            watched = open_page(launch().new_context(viewport=NARROW), url)
            page, card = watched.page, watched.page.locator(".story").first
            expect(card.locator(".story-questions li")).to_have_text(before)
            suggest = card.get_by_role("button", name="Suggest questions")

            llm.enqueue(json_error(401, "invalid api key", kind="authentication_error"))
            with page.expect_response(lambda r: r.url.endswith("/questions")) as info:
                suggest.click()
            assert info.value.status == 502
            expect(card.locator(".questions .notice.error")).to_contain_text(
                re.compile("key|auth", re.IGNORECASE)
            )
            expect(card.locator(".story-questions li")).to_have_text(before)

            suggest.click()
            expect(card.locator(".questions .notice.ok")).to_have_text("Added 2 questions.")
            saved = saved_questions(server, story_id)
            assert saved == [*before, *SUGGESTED]
            expect(card.locator(".story-questions li")).to_have_text(saved)
            watched.shot(artifacts, "story-questions-suggested")
            assert watched.errors == []
