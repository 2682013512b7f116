"""Every screen at 360 px and by keyboard; the story library's actions; settings against a
real (test) LLM endpoint, with the privacy ledger showing exactly what was sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer, llm_env, serve
from tests.e2e.pages import NARROW, open_page
from tests.support.llm_server import ThreadedLLMServer, answer, json_error

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENS = ("onboarding", "live", "practice", "stories", "progress", "settings")


def load_demo(server: AppServer) -> None:
    with server.api() as api:
        loaded = api.post("/api/demo")
        assert loaded.status_code == 201, loaded.text


def test_every_screen_fits_a_narrow_window(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    load_demo(app_server)
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/")
    page = watched.page
    expect(page).to_have_url(f"{app_server.url}/#/live")  # a known candidate goes live
    for name in SCREENS:
        page.goto(f"{app_server.url}/#/{name}")
        expect(page.locator("nav a[aria-current=page]")).to_have_attribute("data-screen", name)
        expect(page.locator("#screen h1")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        watched.assert_fits_width()
        watched.shot(artifacts, f"screen-{name}")
    assert watched.errors == []


def test_keyboard_alone_reaches_the_screens_and_answers(app_server: AppServer, launch: Any) -> None:
    load_demo(app_server)
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/live")
    page = watched.page
    for _ in range(20):  # Tab through the page until the Stories link has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.screen") == "stories":
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/stories$"))
    page.goto(f"{app_server.url}/#/live")
    expect(page.locator(".current")).to_be_visible()  # the live screen's shortcuts are on
    page.keyboard.press("/")  # the shortcut puts the cursor in the question box
    page.keyboard.type("Why do you want to work here?")
    page.keyboard.press("Enter")
    expect(page.locator(".current .question")).to_have_text(
        "Why do you want to work here?", timeout=15_000
    )
    expect(page.locator(".current .suggestion .headline")).to_contain_text("Amazon")


def test_story_library_search_edit_approve_delete(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    load_demo(app_server)
    with app_server.api() as api:
        stories = api.get("/api/stories/export").json()
    target = next(s for s in stories if "no-shows" in s["result"].lower())
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/stories")
    page = watched.page
    cards = page.locator(".story")
    expect(cards).to_have_count(len(stories))
    page.get_by_label("Search").fill("no-shows clinics")
    expect(cards).to_have_count(1)
    card = cards.first

    card.get_by_role("button", name="Edit").click()
    card.get_by_label("Title").fill("Fewer missed appointments")
    # Leave and come back: the unsaved edit is still there.
    page.get_by_role("link", name="Practice").click()
    page.get_by_role("link", name="Stories").click()
    card = page.locator(".story").first
    expect(card.get_by_label("Title")).to_have_value("Fewer missed appointments")
    card.get_by_role("button", name="Save story").click()
    expect(page.locator(".story h2").first).to_contain_text("Fewer missed appointments")
    with app_server.api() as api:
        edited = api.get(f"/api/stories/{target['id']}").json()
    assert edited["title"] == "Fewer missed appointments"
    watched.shot(artifacts, "stories-edited")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".story").first.get_by_role("button", name="Delete").click()
    expect(page.locator(".story-list .empty")).to_have_text("No story matches.")
    with app_server.api() as api:
        assert api.get(f"/api/stories/{target['id']}").status_code == 404
    assert watched.errors == []


def test_settings_measure_the_llm_and_live_shows_what_was_sent(
    tmp_path: Path, launch: Any, artifacts: Path
) -> None:
    with ThreadedLLMServer(answer(["I am ", "ready."], first_delay=0.3)) as llm:
        with serve(tmp_path / "data", **llm_env(llm.openai_base_url)) as server:
            load_demo(server)
            watched = open_page(launch().new_context(viewport=NARROW), f"{server.url}/#/settings")
            page = watched.page
            expect(page.locator("dl.settings").first).to_contain_text("test-model")
            expect(page.locator("dl.settings").first).not_to_contain_text("0123456789abcdef")
            page.get_by_role("button", name="Test connection").click()
            ok = page.locator(".notice.ok")
            expect(ok).to_contain_text("first token after")
            ttft = int(re.search(r"first token after (\d+) ms", ok.inner_text()).group(1))
            assert ttft >= 300
            watched.shot(artifacts, "settings-llm-test")

            page.get_by_role("link", name="Live").click()
            page.get_by_label("A question to answer now").fill("What is your greatest strength?")
            page.get_by_role("button", name="Answer this").click()
            expect(page.locator(".current .suggestion")).to_contain_text("I am ready.")
            page.get_by_text("Privacy").click()
            page.get_by_role("button", name="Show what was sent to the LLM").click()
            ledger = page.locator(".privacy")
            expect(ledger).to_contain_text("test-model")
            ledger.locator(".ledger-entry summary").first.click()
            expect(ledger.locator("pre").last).to_contain_text("What is your greatest strength?")
            watched.shot(artifacts, "live-ledger")
            assert watched.errors == []


def test_a_wrong_llm_key_is_shown_plainly(tmp_path: Path, launch: Any, artifacts: Path) -> None:
    with ThreadedLLMServer(json_error(401, "invalid api key", kind="authentication_error")) as llm:
        env = {
            "INTERVOO_LLM_PROVIDER": "openai",
            "INTERVOO_LLM_BASE_URL": llm.openai_base_url,
            "INTERVOO_LLM_MODEL": "test-model",
            "INTERVOO_LLM_API_KEY": "sk-wrong-0000000000000",
        }
        with serve(tmp_path / "data", **env) as server:
            watched = open_page(launch().new_context(viewport=NARROW), f"{server.url}/#/settings")
            page = watched.page
            page.get_by_role("button", name="Test connection").click()
            error = page.locator(".notice.error")
            expect(error).to_be_visible()
            expect(error).to_contain_text(re.compile("key|auth", re.IGNORECASE))
            watched.shot(artifacts, "settings-llm-wrong-key")
            assert watched.errors == []
