"""Issue 12, live: Chromium's fake microphone plays an espeak-ng interviewer question; the
page shows the question and streams a suggestion built from the right story."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer, serve
from tests.e2e.candidate import MISTAKE_STORY, set_up_candidate
from tests.e2e.pages import NARROW, open_page
from tests.support.speech import make_speech

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LATENCY_BADGE = re.compile(r"^\d+ ms$")  # speech end → first word, from the timing event
QUESTION = "Tell me about a time you made a mistake at work, and how you handled it."


def fake_microphone(wav: Path) -> list[str]:
    """Chromium flags: grant media access and capture `wav` (once, not looped) as the mic."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    ]


def test_spoken_question_gets_a_suggestion_from_the_right_story(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    with app_server.api() as api:
        set_up_candidate(api, [MISTAKE_STORY])
    wav = make_speech(QUESTION, lead_ms=1500, tail_ms=2500)
    browser = launch(*fake_microphone(wav))
    watched = open_page(browser.new_context(viewport=NARROW), f"{app_server.url}/#/live")
    page = watched.page

    # Headless Chromium cannot share a tab: the interviewer comes through the microphone.
    page.get_by_label("My microphone (the meeting plays through speakers)").check()
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".notice.ok")).to_contain_text("Listening")

    current = page.locator(".current")
    expect(current.locator(".question")).to_contain_text("mistake", timeout=60_000)
    expect(current.locator(".suggestion")).to_contain_text("14 minutes", timeout=15_000)
    expect(current.locator(".sources")).to_contain_text(MISTAKE_STORY["title"])
    expect(current.locator(".latency")).to_have_text(LATENCY_BADGE)
    expect(page.locator(".transcript .interviewer").first).to_contain_text("mistake")
    watched.assert_fits_width()
    watched.shot(artifacts, "live-suggestion")

    page.keyboard.press("s")  # save, from the keyboard alone
    expect(current).to_contain_text("Saved to your answers.")
    with app_server.api() as api:
        saved = api.get("/api/answers").json()
    assert [a["question"] for a in saved] == [current.locator(".question").inner_text()]

    page.get_by_text("Privacy").click()
    page.get_by_role("button", name="Show what was sent to the LLM").click()
    expect(page.locator(".privacy")).to_contain_text("Nothing has been sent to any LLM")
    watched.shot(artifacts, "live-privacy")
    assert watched.errors == []


def test_try_the_demo_plays_the_sample_interview(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    from intervoo.demo.sample import QUESTIONS

    browser = launch("--autoplay-policy=no-user-gesture-required")
    watched = open_page(browser.new_context(viewport=NARROW), f"{app_server.url}/")
    page = watched.page
    page.get_by_role("button", name="Try the demo").click()
    expect(page).to_have_url(f"{app_server.url}/#/live?demo=1")
    expect(page.locator(".current .position")).to_have_text(
        f"{len(QUESTIONS)}/{len(QUESTIONS)}", timeout=90_000
    )
    expect(page.locator(".current .suggestion .headline")).not_to_be_empty()
    page.keyboard.press("p")
    previous = f"{len(QUESTIONS) - 1}/{len(QUESTIONS)}"
    expect(page.locator(".current .position")).to_have_text(previous)
    expect(page.locator(".current .sources")).to_contain_text("story:")
    watched.shot(artifacts, "live-demo")
    assert watched.errors == []


def test_refused_audio_is_explained_and_typed_questions_still_work(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    """The user says no to sharing (Chromium's fake prompt answers "deny"): each source says
    what to do next, and typed questions still get answers."""
    with app_server.api() as api:
        set_up_candidate(api, [MISTAKE_STORY])
    browser = launch("--use-fake-ui-for-media-stream=deny", "--use-fake-device-for-media-stream")
    watched = open_page(browser.new_context(viewport=NARROW), f"{app_server.url}/#/live")
    page = watched.page
    error = page.locator(".setup .notice.error")

    page.get_by_role("button", name="Start").click()  # the meeting tab, by default
    expect(error).to_contain_text("Sharing the meeting tab was not allowed")
    page.get_by_label("My microphone (the meeting plays through speakers)").check()
    page.get_by_role("button", name="Start").click()
    expect(error).to_contain_text("The microphone was not allowed")
    expect(page.get_by_role("button", name="Start")).to_be_enabled()
    watched.shot(artifacts, "live-audio-refused")

    page.get_by_label("A question to answer now").fill(QUESTION)
    page.get_by_role("button", name="Answer this").click()
    expect(page.locator(".current .sources")).to_contain_text(MISTAKE_STORY["title"])
    assert watched.errors == []


def test_the_live_screen_shows_the_speech_model_loading_until_ready(
    tmp_path: Path, launch: Any
) -> None:
    """`serve` warms the speech model after it starts; the live screen says so until ready
    (tests otherwise leave warming off, so nothing else loads it before audio comes)."""
    with serve(tmp_path / "data", INTERVOO_WARM_SPEECH_MODEL="true") as server:
        watched = open_page(launch().new_context(viewport=NARROW), f"{server.url}/#/live")
        status = watched.page.locator(".speech-model")
        expect(status).to_have_text(re.compile("Loading speech model…|Speech model ready"))
        expect(status).to_have_text("Speech model ready", timeout=60_000)
        assert watched.errors == []
