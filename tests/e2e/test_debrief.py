"""Issue 25: the debrief screen. Stop on the live screen brings the debrief; a debrief with two
stories told live offers both as drafts: one is saved, the other discarded, and only the
saved one reaches the library.

Headless Chromium has one fake microphone, so it cannot speak both sides of an interview:
the two-story debrief comes from a real session on the same server, spoken as device
transcripts over /ws/live (tests/debrief/test_speech_debrief.py speaks them for real), and
is handed to the page's in-memory debrief the way the live screen hands its own."""

from __future__ import annotations

import asyncio
import json
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import websockets
from playwright.sync_api import expect

from intervoo.security.token import load_or_create_token
from tests.debrief.sessions import MIGRATION_Q, MIGRATION_SAID
from tests.e2e.app_server import AppServer
from tests.e2e.candidate import MISTAKE_STORY, set_up_candidate
from tests.e2e.pages import NARROW, open_page
from tests.e2e.test_live import fake_microphone

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROCESS_Q = "Tell me about a time you improved how your team worked."
PROCESS_SAID = (
    "At Northwind our releases took a whole day because every deploy was done by hand. "
    "I wanted to give the team a faster and safer way to ship. I built a deployment pipeline "
    "with automated tests and a one-click rollback, and I trained the team to use it. "
    "As a result deploys went from 8 hours to 20 minutes, and failed releases dropped by 60%."
)


def silence(path: Path, seconds: float = 4.0) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16_000)
        writer.writeframes(b"\0\0" * int(16_000 * seconds))
    return path


async def _spoken_debrief(app_server: AppServer) -> dict[str, Any]:
    """Two questions, each answered with a new story, then stop with a debrief."""
    url = app_server.url.replace("http://", "ws://") + "/ws/live"
    token = load_or_create_token(app_server.data_dir)
    headers = {"Authorization": f"Bearer {token}"}
    async with websockets.connect(url, additional_headers=headers) as socket:
        await socket.send(json.dumps({"type": "start", "llm": "none", "debrief": True}))
        for question, said in ((MIGRATION_Q, MIGRATION_SAID), (PROCESS_Q, PROCESS_SAID)):
            await socket.send(json.dumps({"type": "ask", "text": question}))
            await _until(socket, "suggestion.done")
            await socket.send(json.dumps({"type": "transcript", "channel": "candidate",
                                          "text": said}))  # fmt: skip
        await socket.send(json.dumps({"type": "stop", "debrief": True}))
        return (await _until(socket, "debrief"))["debrief"]  # type: ignore[no-any-return]


async def _until(socket: Any, kind: str) -> dict[str, Any]:
    async with asyncio.timeout(90):
        while True:
            event = json.loads(await socket.recv())
            if event["type"] == kind:
                return event  # type: ignore[no-any-return]


def test_the_debrief_screen_saves_one_story_and_discards_the_other(
    app_server: AppServer, launch: Any, artifacts: Path, tmp_path: Path
) -> None:
    with app_server.api() as api:
        set_up_candidate(api, [MISTAKE_STORY])
        before = {s["id"] for s in api.get("/api/stories").json()}
    browser = launch(*fake_microphone(silence(tmp_path / "silence.wav")))
    watched = open_page(browser.new_context(viewport=NARROW), f"{app_server.url}/#/live")
    page = watched.page

    # The live screen: listening (a silent microphone), a typed question, Stop, the debrief.
    page.get_by_label("My microphone (the meeting plays through speakers)").check()
    page.get_by_role("button", name="Start").click()
    expect(page.locator(".notice.ok")).to_contain_text("Listening")
    page.get_by_label("A question to answer now").fill("Why do you want to work at Stripe?")
    page.get_by_role("button", name="Answer this").click()
    expect(page.locator(".current .suggestion")).to_have_attribute("aria-busy", "false")
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("link", name="Open the debrief").click(timeout=60_000)
    expect(page.locator(".debrief-question .question")).to_have_text(
        "Why do you want to work at Stripe?"
    )
    expect(page.locator(".debrief-question")).to_contain_text("nothing was heard")
    # Nothing was said to it: it is a question to practise, and exactly it is practised.
    page.get_by_role("button", name="Practice the 1 question(s) I struggled with").click()
    expect(page).to_have_url(f"{app_server.url}/#/practice")
    expect(page.locator("form .question")).to_have_text("Why do you want to work at Stripe?")
    expect(page.locator("form .meta")).to_contain_text("Question 1 of 1")

    # A debrief with two stories told live, as the page keeps one.
    with ThreadPoolExecutor(1) as other:  # Playwright's loop runs in this thread
        debrief = other.submit(asyncio.run, _spoken_debrief(app_server)).result()
    assert len(debrief["new_stories"]) == 2
    page.evaluate(
        """async (debrief) => {
            const store = await import("/static/js/live/debrief-store.js");
            store.keepDebrief(debrief);
        }""",
        debrief,
    )
    page.goto(f"{app_server.url}/#/stories")  # the same page: only the hash changes
    page.goto(f"{app_server.url}/#/debrief")
    questions = page.locator(".debrief-question")
    expect(questions).to_have_count(2)
    expect(questions.first).to_contain_text(MIGRATION_SAID[:60])
    drafts = page.locator(".new-story")
    expect(drafts).to_have_count(2)
    expect(drafts.first).to_contain_text("5 days · 6 hours")
    watched.shot(artifacts, "debrief")
    watched.assert_fits_width()

    drafts.nth(1).get_by_role("button", name="Discard").click()
    expect(drafts).to_have_count(1)
    drafts.first.get_by_role("button", name="Add this story").click()
    expect(drafts.first).to_contain_text("Added to your library as a draft.")
    with app_server.api() as api:
        added = [s for s in api.get("/api/stories").json() if s["id"] not in before]
        nothing_else = api.get("/api/debrief/saved").json()
    assert nothing_else == []  # the debrief itself: not stored yet
    assert [s["title"] for s in added] == [debrief["new_stories"][0]["story"]["title"]]
    assert added[0]["status"] == "draft"

    page.get_by_role("button", name="Save the whole debrief").click()
    expect(page.locator(".debrief > .notice")).to_contain_text("Debrief saved")
    with app_server.api() as api:
        (saved,) = api.get("/api/debrief/saved").json()
    assert len(saved["body"]["new_stories"]) == 1  # the discarded draft is not in it
    assert watched.errors == []
