"""Issue 30: speech recognised in the browser. A server-mode deployment takes no audio; the
live screen recognises real speech (../shared/realworld/speech, played through Chromium's fake
microphone) in a worker, sends only transcript text, and the question asked gets an answer.
Every WebSocket frame and HTTP request the page sends is inspected through CDP."""

from __future__ import annotations

import json
import re
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from playwright.sync_api import expect

from intervoo.config import Settings
from intervoo.stt.wer import count_word_errors
from tests.e2e.app_server import AppServer, serve
from tests.e2e.candidate import MISTAKE_STORY, set_up_candidate
from tests.e2e.pages import NARROW, open_page
from tests.e2e.test_live import fake_microphone
from tests.support.auth import TEST_SECRET_KEY
from tests.support.browser_stt import installed_runtime_dir
from tests.support.speech import make_speech, read_samples

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPEECH = Path(__file__).resolve().parents[2].parent / "shared" / "realworld" / "speech"
# Three real clips of different voices and recordings, ~11 s of speech in all.
CLIPS = ("sb_spk1_snt2.wav", "ps_librivox_0880.wav", "lh_LJ002-0020.wav")
QUESTION = "Tell me about a time you made a mistake at work, and how you handled it."
RATE = 16_000
GAP_S = 1.5
# Sent from the page during a live session: nothing else, and never a binary frame.
CLIENT_FRAMES = {"start", "transcript", "ask", "stop"}


def references() -> dict[str, str]:
    rows = (SPEECH / "refs.tsv").read_text("utf-8").splitlines()[1:]
    return {row.split("\t")[0]: row.split("\t")[1] for row in rows}


def clip_samples(name: str) -> np.ndarray:
    samples, rate = read_samples(SPEECH / name)
    assert rate == RATE, f"{name} is {rate} Hz"
    return samples


def interview_wav(tmp: Path) -> Path:
    """The clips, then an espeak interviewer asking QUESTION, with pauses between."""
    question, rate = read_samples(make_speech(QUESTION, lead_ms=0, tail_ms=0))
    assert rate == RATE
    gap = np.zeros(int(GAP_S * RATE), dtype=np.int16)
    parts: list[np.ndarray] = [gap]
    for part in [*(clip_samples(c) for c in CLIPS), question]:
        parts += [part, gap]
    parts.append(np.zeros(3 * RATE, dtype=np.int16))
    path = tmp / "interview.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.concatenate(parts).tobytes())
    return path


def server_path_errors() -> tuple[int, int]:
    """(word errors, reference words) of the server's own recognizer on the same clips."""
    from intervoo.stt import load_engine

    refs = references()
    engine = load_engine(Settings())
    try:
        counts = [
            count_word_errors(refs[c], engine.transcribe(clip_samples(c) / np.float32(32768)))
            for c in CLIPS
        ]
    finally:
        engine.close()
    return sum(c.errors for c in counts), sum(c.reference_words for c in counts)


class Wire:
    """Everything the page sends (and the WebSocket frames it gets), as Chromium's DevTools
    protocol reports it, with its timestamps (s)."""

    def __init__(self, context: Any, page: Any) -> None:
        self.frames: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        self.requests: list[Any] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameSent", lambda e: self.frames.append(self.timed(e)))
        cdp.on("Network.webSocketFrameReceived", lambda e: self.received.append(self.timed(e)))
        context.on("request", lambda r: self.requests.append(r))  # the page's and its workers'

    @staticmethod
    def timed(event: dict[str, Any]) -> dict[str, Any]:
        return {**event["response"], "at": event["timestamp"]}

    def sent_texts(self) -> list[dict[str, Any]]:
        return [{**json.loads(f["payloadData"]), "at": f["at"]} for f in self.frames]

    def received_texts(self) -> list[dict[str, Any]]:
        return [{**json.loads(f["payloadData"]), "at": f["at"]} for f in self.received]


def assert_turns_end_when_the_server_says(wire: Wire) -> None:
    """Every pause's text got the server's `turn_end`; the finished question's said 200 ms,
    and its final left as that answer came, not after the fixed 640 ms end silence."""
    sent = [m for m in wire.sent_texts() if m["type"] == "transcript"]
    ends = {m["pause"]: m for m in wire.received_texts() if m["type"] == "turn_end"}
    paused = [m for m in sent if "pause" in m]
    assert paused and {m["pause"] for m in paused} <= set(ends), (paused, ends)
    asking = [m for m in paused if "mistake" in m["text"].lower()]
    assert asking, f"the question's text at its pause never reached the server: {paused}"
    answer = ends[asking[-1]["pause"]]
    asked = asking[-1]
    assert answer["silence_ms"] == 200, answer
    final = next(m for m in sent if m["final"] and m["text"] == asked["text"])
    # Ended by the answer: the worker finalizes on receipt (a few ms). Waiting out the fixed
    # end silence instead would leave 640 ms less the silence seen when the answer came.
    assert final["at"] - answer["at"] < 0.15, (final, answer)


def assert_only_text_left(wire: Wire) -> None:
    binary = [f for f in wire.frames if f["opcode"] != 1]
    assert binary == [], f"{len(binary)} binary WebSocket frames left the page"
    kinds = {message["type"] for message in wire.sent_texts()}
    assert kinds <= CLIENT_FRAMES, kinds
    for request in wire.requests:
        body = request.post_data_buffer
        assert request.method == "GET" or (body is not None and len(body) < 20_000), request.url
        if body:
            json.loads(body)  # JSON text, never audio bytes


@dataclass
class Deployment:
    server: AppServer
    settings: Settings


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    """`intervoo serve` in server mode on a fresh PostgreSQL database, with the browser
    runtime installed."""
    from tests.support.pg import fresh_pg_database

    runtime = installed_runtime_dir()
    with fresh_pg_database() as database:
        settings = database.settings(tmp_path / "data")
        env = {
            "INTERVOO_MODE": "server",
            "INTERVOO_SECRET_KEY": TEST_SECRET_KEY,
            "INTERVOO_DATABASE_URL": str(settings.database_url),
            "INTERVOO_DATABASE_ADMIN_URL": str(settings.database_admin_url),
            "INTERVOO_BROWSER_RUNTIME_DIR": str(runtime),
        }
        with serve(settings.data_dir, **env) as server:
            yield Deployment(server, settings)


def sign_up(deployment: Deployment, context: Any) -> None:
    """An account with the candidate's resume and story, signed in in `context` too."""
    from intervoo.security.accounts import create_account
    from intervoo.security.passwords import hash_password
    from intervoo.store import Database

    email, password = "candidate@example.com", "correct horse battery staple"
    db = Database(deployment.settings)
    try:
        create_account(db, email, hash_password(password))
    finally:
        db.dispose()
    url = deployment.server.url
    login = {"email": email, "password": password}
    with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as api:
        assert api.post("/api/auth/login", json=login).status_code == 200
        set_up_candidate(api, [MISTAKE_STORY])
    assert context.request.post(f"{url}/api/auth/login", data=login).ok


def test_server_mode_hears_real_speech_in_the_browser_and_only_text_leaves_it(
    deployment: Deployment, launch: Any, artifacts: Path, tmp_path: Path
) -> None:
    if not (SPEECH / "refs.tsv").is_file():
        pytest.skip("needs ../shared/realworld/speech")
    browser = launch(*fake_microphone(interview_wav(tmp_path)))
    context = browser.new_context(viewport=NARROW)
    sign_up(deployment, context)
    watched = open_page(context, f"{deployment.server.url}/#/live")
    page = watched.page
    wire = Wire(context, page)

    expect(page.get_by_label("Transcribe in this browser (audio never leaves it)")).to_be_hidden()
    page.get_by_label("My microphone (the meeting plays through speakers)").check()
    page.get_by_role("button", name="Start").click()
    recognizer = page.locator(".recognizer")
    expect(recognizer).to_contain_text(
        "recognised in this browser (Moonshine base", timeout=120_000
    )
    current = page.locator(".current")
    expect(current.locator(".question")).to_contain_text("mistake", timeout=180_000)
    expect(current.locator(".sources")).to_contain_text(MISTAKE_STORY["title"], timeout=30_000)
    expect(recognizer.locator(".stt-latency")).to_contain_text("end of speech → text")
    watched.shot(artifacts, "live-browser-stt")
    page.get_by_role("button", name="Stop").click()
    expect(page.locator(".setup .notice")).to_contain_text(re.compile("Stopped|debrief"))

    assert_only_text_left(wire)
    assert_turns_end_when_the_server_says(wire)
    transcripts = [m for m in wire.sent_texts() if m["type"] == "transcript"]
    finals = [m["text"] for m in transcripts if m["final"]]
    assert len(finals) >= len(CLIPS) + 1, finals
    # A pause decode's text goes out as a partial before the end silence makes it the final,
    # so the server's detector can start on a question early.
    early = {m["text"] for m in transcripts if not m["final"]}
    assert early & set(finals), (early, finals)
    refs = references()
    heard = " ".join(finals[: len(CLIPS)])
    browser_errors = count_word_errors(" ".join(refs[c] for c in CLIPS), heard)
    server_errors, words = server_path_errors()
    browser_wer, server_wer = browser_errors.errors / words, server_errors / words
    # The clips' words, sent as text, as well recognised as the server would have done.
    assert browser_wer <= 1.3 * server_wer + 1e-9, (heard, browser_wer, server_wer)
    assert watched.errors == []


def test_without_the_runtime_the_live_screen_says_how_to_add_it(
    app_server: AppServer, launch: Any
) -> None:
    """A local install where `intervoo browser-stt install` never ran: ticking "Transcribe in
    this browser" says what is missing and how to add it; nothing else breaks."""
    browser = launch("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
    watched = open_page(browser.new_context(viewport=NARROW), f"{app_server.url}/#/live")
    page = watched.page
    page.get_by_label("My microphone (the meeting plays through speakers)").check()
    page.get_by_label("Transcribe in this browser (audio never leaves it)").check()
    expect(page.locator(".recognizer")).to_contain_text("will be recognised in this browser")
    page.get_by_role("button", name="Start").click()
    error = page.locator(".setup .notice.error")
    expect(error).to_contain_text("intervoo browser-stt install")
    expect(error).to_contain_text("Type the questions instead")
    expect(page.get_by_role("button", name="Start")).to_be_enabled()
    assert watched.errors == []
