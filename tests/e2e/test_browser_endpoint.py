"""Issue 30: the browser recognizer's endpointer (static/js/live/stt/endpoint.js), run in
Chromium on plain values. A turn paused with its text sent to the server waits for the
server's answer, then ends after the silence that answer names: sooner than the fixed end
silence for a finished question, later for a trailing phrase. Without an answer it ends after
the fixed one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.app_server import AppServer
from tests.e2e.pages import NARROW, open_page

pytestmark = pytest.mark.browser

# Feeds one turn: `speechMs` of speech (probability 0.9), then silence (0.05), 32 ms windows.
# At the pause it calls `atPause(turn)`; `at[ms]` runs at that much silence. Returns the
# silence (ms) after which the turn was final, and what `at` returned.
RUN = """
async ({ speechMs, silenceMs, atPause, at }) => {
  const { Endpointer, END_MS, PAUSE_MS } = await import("/static/js/live/stt/endpoint.js");
  const turn = new Endpointer();
  const window = new Float32Array(512);
  const calls = { awaitEnd: () => turn.awaitEnd(), endAfter: (ms) => turn.endAfter(ms) };
  const said = {};
  let silence = 0;
  for (let ms = 0; ms < speechMs; ms += 32) turn.push(window, 0.9, ms);
  for (; silence < silenceMs; ) {
    silence += 32;
    const step = turn.push(window, 0.05, speechMs + silence);
    if (step?.kind === "pause" && atPause) calls[atPause[0]](atPause[1]);
    for (const [when, [name, arg]] of Object.entries(at)) {
      if (Number(when) === silence) {
        said[when] = calls[name](arg);
        if (said[when] === true) return { endedAt: silence, said, via: "caller", END_MS, PAUSE_MS };
      }
    }
    if (step?.kind === "final") return { endedAt: silence, said, via: "silence", END_MS, PAUSE_MS };
  }
  return { endedAt: null, said, END_MS, PAUSE_MS };
}
"""


@pytest.fixture
def page(app_server: AppServer, launch: Any) -> Any:
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/live")
    yield watched.page
    assert watched.errors == []


def turn(page: Any, **options: Any) -> dict[str, Any]:
    defaults = {"speechMs": 960, "silenceMs": 3000, "atPause": None, "at": {}}
    return dict(page.evaluate(RUN, {**defaults, **options}))


def test_without_the_servers_answer_a_turn_ends_after_the_fixed_silence(page: Any) -> None:
    ended = turn(page)
    assert ended["via"] == "silence" and ended["endedAt"] == 640 == ended["END_MS"]


def test_a_finished_question_ends_as_soon_as_the_answer_comes(page: Any) -> None:
    # The answer (200 ms) comes at 416 ms of silence: already enough, so the turn ends then,
    # not at 640 ms. While it was awaited the fixed silence did not end the turn.
    waited = turn(page, atPause=["awaitEnd"], at={"416": ["endAfter", 200]})
    assert waited["via"] == "caller" and waited["endedAt"] == 416
    # Answered before that much silence: the turn ends when it has passed.
    early = turn(page, atPause=["awaitEnd"], at={"192": ["endAfter", 320]})
    assert early["said"] == {"192": False} and early["via"] == "silence"
    assert early["endedAt"] == 320


def test_a_trailing_phrase_waits_past_the_fixed_silence_and_an_unanswered_one_is_bounded(
    page: Any,
) -> None:
    trailing = turn(page, atPause=["awaitEnd"], at={"480": ["endAfter", 1400]})
    assert trailing["via"] == "silence" and trailing["endedAt"] == 1408  # 44 windows of 32 ms
    never = turn(page, atPause=["awaitEnd"])
    assert never["via"] == "silence" and never["endedAt"] == 1504  # the server's longest wait
    # An answer out of range is kept within the pause and that longest wait.
    huge = turn(page, atPause=["awaitEnd"], at={"320": ["endAfter", 99_999]})
    assert huge["endedAt"] == 1504
