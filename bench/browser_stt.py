"""Speech recognised in the browser (issue 30), measured in headless Chromium.

    .venv/bin/python bench/browser_stt.py [--clips N] [--only NAME] [--realtime N]

Serves the app (local mode) with the browser runtime of `intervoo browser-stt install`
(INTERVOO_BROWSER_RUNTIME_DIR, else the data dir's), opens it in Debian's Chromium and drives
the live screen's own recognizer (static/js/live/browser_recognizer.js, its worker) on the
real clips of ../shared/realworld/speech. Prints JSON lines:
- load: the recognizer's load, cold (a fresh profile: files from our server) and cached (the
  same profile again: files from the Cache API, hash-checked), with backend and threads;
- wer: every scored clip, fed as fast as the worker takes it then flushed, beside the server
  path (the configured engine on the same clip); and the real-time factor (decode time over
  audio time of every final);
- latency: speech end -> final transcript, over the first --realtime clips played at real
  time with 2 s of silence after each (what the live screen shows); and speech end -> the
  pause decode's text, sent as a partial before the end silence makes it final;
- questions: speech end -> final over --questions espeak-ng interview questions (bench/
  voice_in.py's, with its voices and speeds: the server path's latency is measured on the
  same), played at real time. The clips are read prose, whose turns should not end as fast
  as a finished question's.
Each variant's recognizer is connected, as the live screen's is, to a live session of the
served app, which answers each pause's text with the silence that ends the turn
(`turn_end`); the variant "fixed-end" is not, and ends every turn after a fixed 640 ms.
Skips (prints {"skipped": ...}) when the speech set, Chromium or the runtime is absent.
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.config import Settings  # noqa: E402
from intervoo.stt.wer import count_word_errors  # noqa: E402
from intervoo.web.browser_model import install_base  # noqa: E402
from intervoo.web.browser_stt import missing  # noqa: E402

SPEECH = ROOT.parent / "shared" / "realworld" / "speech"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--headless"]

# Runs in the page: the live screen's recognizer, fed protocol frames (tag 0 + PCM16 LE), its
# transcripts sent to a live session and the session's `turn_end` answers handed back.
HARNESS = """
async ({ clips, realtime, gapMs, tunings }) => {
  const { BrowserRecognizer } = await import("/static/js/live/browser_recognizer.js");
  const { LiveConnection } = await import("/static/js/live/connection.js");
  const finals = tunings.map(() => []);
  const aheads = tunings.map(() => []);
  const connections = tunings.map(() => null);
  const keep = (v, t) => {
    connections[v]?.sendTranscript(t);
    if (t.final) finals[v].push(t);
    else if (t.ahead) aheads[v].push(t);
  };
  const recognizers = tunings.map(({ turnEnds = true, ...tuning }, v) =>
    new BrowserRecognizer({ onTranscript: (t) => keep(v, t) }, { tuning, turnEnds }));
  let info = null;
  for (const recognizer of recognizers) info = await recognizer.load();
  if (clips === null) { recognizers.forEach((r) => r.dispose()); return { info }; }
  for (const [v, recognizer] of recognizers.entries()) {
    if (!recognizer.turnEnds) continue;
    const onEvent = (e) => e.type === "turn_end" && recognizer.turnEnd(e);
    connections[v] = new LiveConnection({ onEvent, onClose: () => {} });
    await connections[v].connect({ llm: "none" });
  }
  const frames = (b64, gap) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const samples = new Int16Array(bytes.buffer);
    const total = samples.length + (gap * 16);
    const out = [];
    for (let at = 0; at < total; at += 512) {
      const frame = new ArrayBuffer(1 + 1024);
      const view = new DataView(frame);
      for (let i = 0; i < 512; i++) view.setInt16(1 + i * 2, samples[at + i] || 0, true);
      out.push(frame);
    }
    return out;
  };
  // Variants take turns clip by clip, so the machine's load falls on each alike.
  const results = tunings.map(() => []);
  for (const clip of clips) {
    for (const [v, recognizer] of recognizers.entries()) {
      const start = finals[v].length;
      const list = frames(clip, gapMs);
      const began = performance.now();
      for (let i = 0; i < list.length; i++) {
        if (realtime) {
          const due = began + i * 32 - performance.now();
          if (due > 0) await new Promise((r) => setTimeout(r, due));
        }
        recognizer.feed(list[i]);
      }
      await recognizer.flush();
      results[v].push(finals[v].slice(start));
    }
  }
  recognizers.forEach((r) => r.dispose());
  connections.forEach((c) => c?.stop());
  return { info, results, aheads };
}
"""


# The worker's TUNING per variant (--variants a,b: played in turns, clip by clip), and
# whether the live session says when turns end (turnEnds, on unless False).
VARIANTS: dict[str, dict[str, bool | int]] = {
    "current": {},
    # Every turn ends after the fixed 640 ms, as before the server's turn_end answers.
    "fixed-end": {"turnEnds": False},
    # Before issue 30's latency work: every decoder output fetched on every token, no yield
    # to the VAD between tokens, partials never give way, no agreed prefix, a fixed end.
    "before": {
        "prefill": False,
        "yieldSteps": False,
        "abortPartials": False,
        "fetchAll": True,
        "turnEnds": False,
    },
    "no-prefill": {"prefill": False},
    # The decode ahead started after 160 ms of silence (the server path's) instead of 128.
    "pause-160": {"pauseMs": 160},
}


def chromium() -> str | None:
    found = [c for c in (os.environ.get("INTERVOO_CHROMIUM"), *CHROMIUM) if c and Path(c).exists()]
    return found[0] if found else shutil.which("chromium")


def clips() -> list[tuple[str, str, np.ndarray]]:
    excluded_file = SPEECH / "refs_excluded.tsv"
    excluded = set()
    if excluded_file.is_file():
        with excluded_file.open(newline="") as handle:
            excluded = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    out = []
    with (SPEECH / "refs.tsv").open(newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["file"] in excluded:
                continue
            with wave.open(str(SPEECH / row["file"])) as reader:
                pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
            out.append((row["file"], row["reference"], pcm))
    return out


def serve(data: Path, runtime: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.support.net import free_port, wait_http_ok

    port = free_port()
    env = {**os.environ, "INTERVOO_DATA_DIR": str(data), "INTERVOO_WARM_SPEECH_MODEL": "false",
           "INTERVOO_BROWSER_RUNTIME_DIR": str(runtime)}  # fmt: skip
    log = (data.parent / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_http_ok(f"{url}/healthz", timeout_s=120)
    return process, url


def run(page: Any, url: str, payload: dict[str, Any]) -> Any:
    page.goto(f"{url}/")
    return page.evaluate(HARNESS, payload)


def server_path(pcms: list[np.ndarray]) -> list[str]:
    from intervoo.stt import load_engine

    engine = load_engine(Settings())
    try:
        return [engine.transcribe(p.astype(np.float32) / np.float32(32768)) for p in pcms]
    finally:
        engine.close()


def percentiles(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"p50": None, "p95": None, "n": 0}
    array = np.array(values, dtype=float)
    return {"p50": round(float(np.percentile(array, 50))),
            "p95": round(float(np.percentile(array, 95))), "n": len(values)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=0, help="score only the first N (0: all)")
    parser.add_argument("--realtime", type=int, default=6, help="clips played in real time")
    parser.add_argument("--only", default="", help="only clips whose name holds this")
    parser.add_argument(
        "--variants", default="current", help="comma-separated: " + ", ".join(VARIANTS)
    )
    parser.add_argument("--no-wer", action="store_true", help="latency only (no scoring pass)")
    parser.add_argument("--questions", type=int, default=12, help="espeak questions played")
    options = parser.parse_args()
    settings = Settings()
    runtime = install_base(settings)
    if not (SPEECH / "refs.tsv").is_file():
        return skip("needs ../shared/realworld/speech")
    if chromium() is None:
        return skip("needs Debian's chromium")
    if problems := missing(Settings(browser_runtime_dir=runtime)):
        return skip("; ".join(problems))
    variants = options.variants.split(",")
    if unknown := [v for v in variants if v not in VARIANTS]:
        parser.error(f"unknown variants {unknown}: choose from {', '.join(VARIANTS)}")
    chosen = [c for c in clips() if options.only in c[0]][: options.clips or None]
    encoded = [base64.b64encode(pcm.tobytes()).decode() for _, _, pcm in chosen]
    with tempfile.TemporaryDirectory(prefix="bench-browser-stt-") as scratch:
        process, url = serve(Path(scratch) / "data", runtime)
        try:
            measure(url, Path(scratch), chosen, encoded, options.realtime, variants,
                    wer=not options.no_wer,
                    questions=spoken_questions(options.questions))  # fmt: skip
        finally:
            process.terminate()
            process.wait(timeout=30)
    return 0


def measure(
    url: str,
    scratch: Path,
    chosen: list[Any],
    encoded: list[str],
    realtime: int,
    variants: list[str],
    *,
    wer: bool,
    questions: list[tuple[str, str]],
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        profile = scratch / "profile"  # one profile: the second load finds the Cache API filled
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium(), args=ARGS
        )
        page = context.new_page()
        none = {"clips": None, "realtime": False, "gapMs": 0, "tunings": [{}]}
        cold = run(page, url, none)["info"]
        cached = run(page, url, none)["info"]
        emit({"metric": "load", "cold_ms": cold["loadMs"], "cold_from_cache": cold["cached"],
              "cached_ms": cached["loadMs"], "cached_from_cache": cached["cached"],
              "backend": cached["backend"], "threads": cached["threads"]})  # fmt: skip
        tunings = [VARIANTS[name] for name in variants]
        if wer:
            # A gap longer than any turn's end silence (1.5 s, a trailing phrase waiting for
            # the server), so each clip's turn ends on its silence, as live, not at the flush.
            fast = run(page, url, {"clips": encoded, "realtime": False, "gapMs": 2000,
                                   "tunings": tunings})  # fmt: skip
            served = server_path([pcm for _, _, pcm in chosen])
            for name, results in zip(variants, fast["results"], strict=True):
                score(name, chosen, results, served)
        played = run(page, url, {"clips": encoded[:realtime], "realtime": True, "gapMs": 2000,
                                 "tunings": tunings})  # fmt: skip
        for name, results, aheads in zip(
            variants, played["results"], played["aheads"], strict=True
        ):
            finals = [f for clip in results for f in clip]
            for f in finals:
                emit({"metric": "final", "variant": name, "latency_ms": f["latencyMs"],
                      "audio_ms": f["audioMs"], "decode_ms": f["decodeMs"],
                      **f.get("profile", {})})  # fmt: skip
            emit({"metric": "speech_end_to_final_ms", "variant": name, "realtime_clips": realtime,
                  **percentiles([f["latencyMs"] for f in finals])})  # fmt: skip
            emit({"metric": "speech_end_to_pause_text_ms", "variant": name,
                  **percentiles([a["latencyMs"] for a in aheads])})  # fmt: skip
        if questions:
            asked = run(page, url, {"clips": [pcm for _, pcm in questions], "realtime": True,
                                    "gapMs": 1000, "tunings": tunings})  # fmt: skip
            for name, results in zip(variants, asked["results"], strict=True):
                score_questions(name, [text for text, _ in questions], results)
        context.close()


def spoken_questions(count: int) -> list[tuple[str, str]]:
    """(text, base64 PCM16) of bench/voice_in.py's first `count` questions, with its voices
    and speeds; none when espeak-ng is absent."""
    if count <= 0 or shutil.which("espeak-ng") is None:
        return []
    from bench.voice_in import QUESTIONS, SPEEDS, VOICES, speech

    out = []
    for index, text in enumerate(QUESTIONS[:count]):
        pcm = speech(text, VOICES[index % len(VOICES)], SPEEDS[index % len(SPEEDS)])
        out.append((text, base64.b64encode(pcm.astype("<i2").tobytes()).decode()))
    return out


def score_questions(variant: str, texts: list[str], results: list[list[dict[str, Any]]]) -> None:
    """Speech end -> final over the questions; a question heard as more than one final was
    cut in two (its turn ended in a pause inside it)."""
    latencies, errors, words, cut = [], 0, 0, 0
    for text, finals in zip(texts, results, strict=True):
        latencies += [f["latencyMs"] for f in finals]
        counted = count_word_errors(text, " ".join(f["text"] for f in finals))
        errors, words = errors + counted.errors, words + counted.reference_words
        cut += len(finals) > 1
        emit({"metric": "question", "variant": variant, "text": text,
              "finals": [{"text": f["text"], "latency_ms": f["latencyMs"],
                          "decode_ms": f["decodeMs"], **f.get("profile", {})}
                         for f in finals]})  # fmt: skip
    emit({"metric": "question_end_to_final_ms", "variant": variant, "questions": len(texts),
          "cut_in_two": cut, "wer": round(errors / words, 4) if words else None,
          **percentiles(latencies)})  # fmt: skip


def score(
    variant: str, chosen: list[Any], results: list[list[dict[str, Any]]], served: list[str]
) -> None:
    heard = [" ".join(f["text"] for f in finals) for finals in results]
    words = browser = server = 0
    for (name, reference, _), mine, theirs in zip(chosen, heard, served, strict=True):
        b, s = count_word_errors(reference, mine), count_word_errors(reference, theirs)
        words, browser, server = words + b.reference_words, browser + b.errors, server + s.errors
        emit({"metric": "clip", "variant": variant, "file": name, "browser_errors": b.errors,
              "server_errors": s.errors, "words": b.reference_words, "browser": mine})  # fmt: skip
    decode = sum(f["decodeMs"] for finals in results for f in finals)
    audio = sum(f["audioMs"] for finals in results for f in finals)
    emit({"metric": "wer", "variant": variant, "clips": len(chosen), "words": words,
          "browser_wer": round(browser / words, 4), "server_wer": round(server / words, 4),
          "ratio": round(browser / server, 2) if server else None,
          "real_time_factor": round(decode / audio, 2) if audio else None})  # fmt: skip


def emit(record: dict[str, Any]) -> None:
    load = os.getloadavg()[0]
    print(json.dumps({"bench": "browser_stt", **record, "load1": round(load, 1)}), flush=True)


def skip(reason: str) -> int:
    print(json.dumps({"bench": "browser_stt", "skipped": reason}))
    return 0


if __name__ == "__main__":
    started = time.time()
    code = main()
    print(json.dumps({"bench": "browser_stt", "seconds": round(time.time() - started)}))
    sys.exit(code)
