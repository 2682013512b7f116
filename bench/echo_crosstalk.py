"""The interviewer heard on the candidate's microphone (laptop speakers): how many candidate
transcripts are the interviewer's words, and how well the candidate's own speech survives.

    .venv/bin/python bench/echo_crosstalk.py [--variants raw,filter,aec,aec_filter] [--pairs N]

Real speech from ../shared/realworld/speech (prints {"skipped": ...} and exits 0 without it).
Each pair: an interviewer clip on the interviewer channel; on the candidate channel its echo
(sox `reverb 50 50 100`, the direct sound and the room, at -6 dB to the candidate's speech,
20..200 ms late) and the candidate's own clip (another speaker), either after the interviewer
("after") or starting halfway through them, talking over the echo ("over"). Played as fast as
the model goes into `run_live` (what `intervoo listen` runs), per variant:

- clean: no echo (the candidate's reference WER);
- raw: echo, nothing done about it;
- filter: the crosstalk filter on the transcripts (`intervoo.live.crosstalk`, on by default);
- aec_filter: Speex echo cancellation of the candidate channel (`intervoo.audio.echo_speex`)
  and the filter;
- gate_filter: the echo gate (`intervoo.audio.echo_gate`: frames no louder than the
  reference's delayed, reverberant envelope predicts are turned down) and the filter;
- aec_gate_filter: all three, the gate judging on the microphone's audio;
- aec_gatec_filter: the gate judging on what the canceller left (its residue);
- aec_gateb_filter: a frame turned down only when both judge it echo (the canceller's output
  vetoes the gate during double talk).

`intervoo listen --loopback --mic` runs aec_gate_filter.
WebRTC's AEC3 (livekit 1.2.0's `rtc.AudioProcessingModule`) was measured here too and left
out: 0.8x clean answering after the interviewer, 5.7x talking over them (its residual
suppressor takes the candidate's voice in double talk).

Per variant: `echo_transcripts` (candidate finals made of the interviewer's words: most of
their words, or a run of 3, are the interviewer's and not the candidate's reference),
`interviewer_words` (such words in candidate finals), the candidate WER and its ratio to clean,
also per turn (`by_turn`: answering after the interviewer, talking over them).
Targets (issue 24): 0 echo transcripts; candidate WER <= 1.3x clean.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from intervoo.audio.echo import EchoSuppressor, cancel_echo  # noqa: E402
from intervoo.audio.echo_gate import Judge  # noqa: E402
from intervoo.audio.frames import float_to_pcm16  # noqa: E402
from intervoo.audio.playback import AudioClock, Speed, play  # noqa: E402
from intervoo.config import Settings  # noqa: E402
from intervoo.copilot.context import build_candidate_context  # noqa: E402
from intervoo.events import Channel, Event, TranscriptEvent  # noqa: E402
from intervoo.live.listen import run_live  # noqa: E402
from intervoo.stt import SttEngine, load_engine  # noqa: E402
from intervoo.stt.wer import count_word_errors, normalize_words  # noqa: E402
from real_speech import SPEECH_DIR, Clip, load_clips, score  # noqa: E402

RATE = 16_000
ECHO_DB = -6.0
DELAYS_MS = (20, 56, 92, 128, 164, 200)
VARIANTS = (
    "clean",
    "raw",
    "filter",
    "aec_filter",
    "gate_filter",
    "aec_gate_filter",
    "aec_gatec_filter",
    "aec_gateb_filter",
)
# the echo gate's judgement: on the microphone (gate), on the canceller's output (gatec), both
JUDGES: dict[str, Judge] = {"gatec": "out", "gateb": "both"}
# Interviewers read long sentences; candidates are other speakers (Harvard sentences).
INTERVIEWERS = (
    "ps_librivox_0870.wav",
    "lh_libri_2412-153948-0000.wav",
    "ps_librivox_0920.wav",
    "ps_librivox_0890.wav",
    "cd_fleurs-en-003.wav",
    "cd_fleurs-en-004.wav",
)
CANDIDATES = (
    "sb_spk1_snt1.wav",
    "sb_spk2_snt1.wav",
    "sb_spk1_snt3.wav",
    "sb_spk2_snt3.wav",
    "sb_spk1_snt4.wav",
    "sb_spk2_snt4.wav",
)


@dataclass(frozen=True)
class Scene:
    name: str
    interviewer: Clip
    candidate: Clip
    delay_ms: int
    overlap: bool
    left: np.ndarray  # interviewer channel
    right_clean: np.ndarray  # candidate channel: the candidate alone
    echo: np.ndarray  # the interviewer as the candidate's mic hears it, same length


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) or 1e-9


def active_rms(x: np.ndarray) -> float:
    """RMS over the louder half of 20 ms windows (the speech, not the pauses)."""
    windows = x[: len(x) // 320 * 320].reshape(-1, 320)
    energy = np.sort(np.mean(windows.astype(np.float64) ** 2, axis=1))
    return float(np.sqrt(np.mean(energy[len(energy) // 2 :]))) or 1e-9


def reverb(x: np.ndarray) -> np.ndarray:
    with tempfile.TemporaryDirectory() as work:
        dry, wet = os.path.join(work, "dry.raw"), os.path.join(work, "wet.raw")
        (np.clip(x, -1, 1) * 32767).astype("<i2").tofile(dry)
        raw = ["-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1"]
        subprocess.run(
            ["sox", *raw, dry, "-t", "raw", wet, "reverb", "50", "50", "100"],
            check=True,
            capture_output=True,
        )
        return np.fromfile(wet, "<i2").astype(np.float32) / 32768


def make_scene(interviewer: Clip, candidate: Clip, delay_ms: int, overlap: bool) -> Scene:
    lead = int(0.5 * RATE)
    speech = interviewer.samples / max(1e-9, float(np.abs(interviewer.samples).max())) * 0.5
    mine = candidate.samples / max(1e-9, float(np.abs(candidate.samples).max())) * 0.5
    wet = reverb(speech)
    wet *= 10 ** (ECHO_DB / 20) * active_rms(mine) / active_rms(wet)
    start = lead + (len(speech) // 2 if overlap else len(speech) + int(0.8 * RATE))
    total = max(lead + len(speech), start + len(mine)) + int(0.5 * RATE) + len(wet) + 2 * RATE
    left, right, echo = (np.zeros(total, np.float32) for _ in range(3))
    left[lead : lead + len(speech)] = speech
    at = lead + RATE * delay_ms // 1000
    echo[at : at + len(wet)] = wet[: total - at]
    right[start : start + len(mine)] = mine
    name = f"{interviewer.name[:-4]}+{candidate.name[:-4]}@{delay_ms}ms"
    return Scene(name, interviewer, candidate, delay_ms, overlap, left, right, echo)


async def run_scene(engine: SttEngine, scene: Scene, variant: str) -> list[TranscriptEvent]:
    right = scene.right_clean if variant == "clean" else scene.right_clean + scene.echo
    sources = {
        Channel.INTERVIEWER: float_to_pcm16(scene.left),
        Channel.CANDIDATE: float_to_pcm16(np.clip(right, -1, 1)),
    }
    clock = AudioClock()
    frames = play(sources, speed=Speed.FAST, clock=clock)
    speex, gate = "aec" in variant, "gate" in variant
    if speex or gate:
        frames = cancel_echo(
            frames,
            canceller=lambda: EchoSuppressor(
                speex=speex, gate=gate, judge=JUDGES.get(variant.split("_")[-2], "near")
            ),
        )
    events: list[Event] = []
    ctx = build_candidate_context(None, [])
    crosstalk = variant == "clean" or variant.endswith("filter")
    await run_live(frames, engine, events.append, ctx, None, clock=clock, crosstalk=crosstalk)
    return [
        e
        for e in events
        if isinstance(e, TranscriptEvent) and e.final and e.channel is Channel.CANDIDATE
    ]


def interviewer_words(final: str, interviewer: str, candidate: str) -> tuple[int, int, bool]:
    """(words of `final` that are the interviewer's and not the candidate's, its words, echo?)"""
    words = normalize_words(final)
    theirs = SequenceMatcher(None, words, normalize_words(interviewer), autojunk=False)
    mine = SequenceMatcher(None, words, normalize_words(candidate), autojunk=False)
    own = {b.a + k for b in mine.get_matching_blocks() for k in range(b.size)}
    blocks = theirs.get_matching_blocks()
    shared = [b.a + k for b in blocks for k in range(b.size) if b.a + k not in own]
    longest = max((b.size for b in blocks), default=0)
    is_echo = bool(words) and (len(shared) * 2 > len(words) or longest >= 3)
    return len(shared), len(words), is_echo


async def run_variant(engine: SttEngine, scenes: list[Scene], variant: str) -> dict[str, Any]:
    pairs, echoes, echo_words, detail = [], 0, 0, []
    turns: dict[str, list[tuple[str, str]]] = {"after": [], "over": []}
    for scene in scenes:
        finals = await run_scene(engine, scene, variant)
        heard = " ".join(e.text for e in finals)
        pairs.append((scene.candidate.reference, heard))
        turns["over" if scene.overlap else "after"].append(pairs[-1])
        found = [
            interviewer_words(e.text, scene.interviewer.reference, scene.candidate.reference)
            for e in finals
        ]
        echoes += sum(1 for _, _, is_echo in found if is_echo)
        echo_words += sum(shared for shared, _, _ in found)
        detail.append(
            {
                "scene": scene.name,
                "overlap": scene.overlap,
                "candidate_finals": [e.text for e in finals],
                "errors": count_word_errors(scene.candidate.reference, heard).errors,
            }
        )
    return {
        "echo_transcripts": echoes,
        "interviewer_words": echo_words,
        "candidate": score(pairs),
        "by_turn": {turn: score(scored)["wer"] for turn, scored in turns.items()},
        "detail": detail,
    }


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--pairs", type=int, default=len(INTERVIEWERS))
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    if not (SPEECH_DIR / "refs.tsv").is_file():
        print(json.dumps({"bench": "echo_crosstalk", "skipped": f"no data at {SPEECH_DIR}"}))
        return
    clips = {clip.name: clip for clip in load_clips(SPEECH_DIR)}
    scenes = [
        make_scene(clips[i], clips[c], delay, overlap)
        for i, c, delay in list(zip(INTERVIEWERS, CANDIDATES, DELAYS_MS, strict=True))[: args.pairs]
        for overlap in (False, True)
    ]
    engine = load_engine(Settings(stt_engine="faster-whisper", stt_model=None))
    started = time.monotonic()
    results: dict[str, Any] = {}
    try:
        for variant in args.variants.split(","):
            results[variant] = await run_variant(engine, scenes, variant)
    finally:
        engine.close()
    print(json.dumps(report(args, scenes, results, time.monotonic() - started), indent=2))


def report(
    args: argparse.Namespace, scenes: list[Scene], results: dict[str, Any], wall_s: float
) -> dict[str, Any]:
    clean = results.get("clean")
    out: dict[str, Any] = {
        "bench": "echo_crosstalk",
        "scenes": len(scenes),
        "echo": {"level_db": ECHO_DB, "delays_ms": sorted({s.delay_ms for s in scenes})},
        "targets": {"echo_transcripts": 0, "wer_vs_clean_max": 1.3},
        "load": os.getloadavg()[0],
        "variants": {},
        "wall_s": round(wall_s, 1),
    }
    for name, result in results.items():
        shown = {k: v for k, v in result.items() if k != "detail" or args.detail}
        if clean is not None:
            shown["wer_vs_clean"] = round(
                result["candidate"]["wer"] / max(1e-9, clean["candidate"]["wer"]), 3
            )
            shown["by_turn_vs_clean"] = {
                turn: round(wer / max(1e-9, clean["by_turn"][turn]), 3)
                for turn, wer in result["by_turn"].items()
            }
        out["variants"][name] = shown
    return out


if __name__ == "__main__":
    asyncio.run(main())
