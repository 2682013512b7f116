"""Real human speech through the pipeline, beside the same model run plainly on each file.

    .venv/bin/python bench/real_speech.py [--engine faster-whisper|pocketsphinx] [--model M]
        [--variants clean,phone,opus,quiet,noisy] [--no-realtime] [--speech-dir DIR]

Reads ../shared/realworld/speech (refs.tsv; clips in refs_excluded.tsv are not scored); when
that directory is absent it prints {"skipped": ...} and exits 0. `--speech-dir` reads another
set laid out the same way (16 kHz mono WAVs and a refs.tsv with `file` and `reference`), such
as a held-out set. Prints one JSON object.

- pipeline: each clip, with 2 s of silence after it (a call goes on after the speaker stops),
  played into `run_live` with the offline composer: exactly what `intervoo listen --audio F`
  and `/ws/live` run (SpeechPipeline → LiveSession → question detector). The clean set is
  played in real time, for speech end → final latency (the protocol's `end` to the final's
  `t`), and every variant as fast as the model goes (`--speed fast`).
- plain: the same model on the whole file, as its own library runs it: faster-whisper's
  `transcribe(beam_size=5)` (its defaults: timestamps, temperature fallback, conditioning on
  the previous text); PocketSphinx decodes the whole file in one utterance.
- variants (bench/speech_variants.py): phone (8 kHz), opus (12 kbit/s), quiet (-45 dBFS peak),
  noisy (pink noise, 10 dB SNR), each made from the clean clip.
- `--frontend dfn3` (bench/denoise.py) runs a speech enhancer on each whole degraded clip
  before both: a measurement of what a front-end would buy, not what the product runs.
- questions fired: distinct questions the session confirmed (shown to the user), and apart
  from them those only speculated from a partial (an answer prepared, never shown); each with
  its text and whether the recognizer wrote a "?" into it. No clip holds a question, so every
  one is false.

Targets (issue 19): pipeline WER <= 1.1x plain and <= 6%; each variant's pipeline WER <=
1.3x the clean pipeline WER; 0 questions fired.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from denoise import FRONTENDS, Frontend, load_frontend  # noqa: E402
from intervoo.audio.frames import float_to_pcm16  # noqa: E402
from intervoo.audio.playback import AudioClock, Speed, play  # noqa: E402
from intervoo.audio.wavfile import read_wav  # noqa: E402
from intervoo.config import Settings  # noqa: E402
from intervoo.copilot.context import build_candidate_context  # noqa: E402
from intervoo.events import Channel, Event, QuestionEvent, TranscriptEvent  # noqa: E402
from intervoo.live.listen import run_live  # noqa: E402
from intervoo.stt import SttEngine, load_engine  # noqa: E402
from intervoo.stt.wer import count_word_errors  # noqa: E402
from speech_variants import VARIANTS, degrade  # noqa: E402
from voice_in import percentiles  # noqa: E402

SPEECH_DIR = ROOT.parent / "shared" / "realworld" / "speech"
RATE = 16_000
TAIL_S = 2.0


@dataclass(frozen=True)
class Clip:
    name: str
    reference: str
    samples: np.ndarray  # float32 16 kHz mono


def load_clips(directory: Path) -> list[Clip]:
    excluded = set()
    if (directory / "refs_excluded.tsv").is_file():
        with open(directory / "refs_excluded.tsv", newline="") as handle:
            excluded = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    clips = []
    with open(directory / "refs.tsv", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["file"] in excluded:
                continue
            audio = read_wav(directory / row["file"])
            clips.append(Clip(row["file"], row["reference"], audio.channels[0]))
    return clips


async def pipeline_clip(engine: SttEngine, audio: np.ndarray, realtime: bool) -> list[Event]:
    """One clip through run_live, as `intervoo listen --audio` plays a file."""
    padded = np.concatenate([audio, np.zeros(int(TAIL_S * RATE), dtype=np.float32)])
    clock = None if realtime else AudioClock()
    speed = Speed.REALTIME if realtime else Speed.FAST
    frames = play({Channel.INTERVIEWER: float_to_pcm16(padded)}, speed=speed, clock=clock)
    events: list[Event] = []
    await run_live(
        frames,
        engine,
        events.append,
        build_candidate_context(None, []),
        None,
        clock=clock,
    )
    return events


def score(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    errors = words = deletions = insertions = substitutions = 0
    for reference, hypothesis in pairs:
        counted = count_word_errors(reference, hypothesis)
        errors += counted.errors
        words += counted.reference_words
        deletions += counted.deletions
        insertions += counted.insertions
        substitutions += counted.substitutions
    return {
        "wer": round(errors / max(1, words), 4),
        "errors": errors,
        "words": words,
        "deletions": deletions,
        "insertions": insertions,
        "substitutions": substitutions,
    }


class PlainModel:
    """The engine's model run as its own library runs a whole file."""

    def __init__(self, engine_name: str, model: str | None, engine: SttEngine) -> None:
        self._engine = engine
        self._whisper: Any = None
        if engine_name == "faster-whisper":
            from faster_whisper import WhisperModel

            from intervoo.stt.models import resolve_model

            self._whisper = WhisperModel(
                resolve_model(model).ref,
                device="cpu",
                compute_type="int8",
                cpu_threads=1,
                local_files_only=True,
            )

    def transcribe(self, audio: np.ndarray) -> str:
        if self._whisper is None:
            return self._engine.transcribe(audio)
        segments, _ = self._whisper.transcribe(audio, language="en", beam_size=5)
        return " ".join(segment.text.strip() for segment in segments)


def fired_questions(clip: str, questions: list[QuestionEvent]) -> list[dict[str, Any]]:
    """One entry per question id: a speculated question is confirmed later under the same id,
    so counting events would count it twice."""
    by_id: dict[str, dict[str, Any]] = {}
    for question in questions:
        entry = by_id.setdefault(question.id, {"clip": clip, "confirmed": False})
        entry.update(
            text=question.text, kind=question.kind.value, recognizer_mark="?" in question.text
        )
        entry["confirmed"] |= not question.speculative
    return list(by_id.values())


async def run_variant(
    engine: SttEngine,
    plain: PlainModel,
    clips: list[Clip],
    variant: str,
    realtime: bool,
    frontend: Frontend,
) -> dict[str, Any]:
    piped, plainly, latencies, fired, detail = [], [], [], [], []
    for clip in clips:
        audio = frontend(degrade(clip.samples, variant, seed_text=clip.name))
        events = await pipeline_clip(engine, audio, realtime)
        finals = [e for e in events if isinstance(e, TranscriptEvent) and e.final]
        questions = [e for e in events if isinstance(e, QuestionEvent)]
        heard = " ".join(e.text for e in finals)
        plain_text = plain.transcribe(audio)
        piped.append((clip.reference, heard))
        plainly.append((clip.reference, plain_text))
        latencies += [e.t - e.end for e in finals]
        fired += fired_questions(clip.name, questions)
        detail.append(
            {
                "clip": clip.name,
                "pipeline": heard,
                "plain": plain_text,
                "pipeline_errors": count_word_errors(clip.reference, heard).errors,
                "plain_errors": count_word_errors(clip.reference, plain_text).errors,
            }
        )
    confirmed = [q for q in fired if q["confirmed"]]
    result: dict[str, Any] = {
        "pipeline": score(piped),
        "plain": score(plainly),
        "questions_fired": len(confirmed),
        "questions_speculated_only": len(fired) - len(confirmed),
        "questions": fired,
        "detail": detail,
    }
    result["ratio"] = round(result["pipeline"]["wer"] / max(1e-9, result["plain"]["wer"]), 3)
    if realtime:
        result["speech_end_to_final_ms"] = percentiles(latencies)
    return result


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="faster-whisper")
    parser.add_argument("--model", default=None, help="INTERVOO_STT_MODEL (default: bundled)")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--no-realtime", action="store_true", help="play clean fast as well")
    parser.add_argument("--detail", action="store_true", help="per-clip text in the JSON")
    parser.add_argument("--clips", default="", help="only clips whose name contains this")
    parser.add_argument("--speech-dir", type=Path, default=SPEECH_DIR)
    parser.add_argument(
        "--frontend",
        choices=FRONTENDS,
        default="none",
        help="speech enhancement on each whole clip before pipeline and plain (bench/denoise.py)",
    )
    args = parser.parse_args()
    if not (args.speech_dir / "refs.tsv").is_file():
        print(json.dumps({"bench": "real_speech", "skipped": f"no data at {args.speech_dir}"}))
        return
    frontend = load_frontend(args.frontend)
    if frontend is None:
        print(json.dumps({"bench": "real_speech", "skipped": f"{args.frontend} not installed"}))
        return
    clips = [clip for clip in load_clips(args.speech_dir) if args.clips in clip.name]
    engine = load_engine(Settings(stt_engine=args.engine, stt_model=args.model))
    plain = PlainModel(args.engine, args.model, engine)
    started = time.monotonic()
    variants: dict[str, Any] = {}
    try:
        for variant in args.variants.split(","):
            realtime = variant == "clean" and not args.no_realtime
            variants[variant] = await run_variant(engine, plain, clips, variant, realtime, frontend)
    finally:
        engine.close()
    print(json.dumps(report(args, clips, variants, time.monotonic() - started), indent=2))


def model_label(args: argparse.Namespace) -> str:
    if args.engine == "pocketsphinx":
        return "pocketsphinx en-us (its bundled model)"
    return args.model or "bundled tiny.en"


def report(
    args: argparse.Namespace, clips: list[Clip], variants: dict[str, Any], wall_s: float
) -> dict[str, Any]:
    clean = variants.get("clean")
    out: dict[str, Any] = {
        "bench": "real_speech",
        "engine": args.engine,
        "model": model_label(args),
        "frontend": args.frontend,
        "set": str(args.speech_dir),
        "clips": len(clips),
        "audio_s": round(sum(len(c.samples) for c in clips) / RATE, 1),
        "targets": {"ratio_max": 1.1, "wer_max": 0.06, "variant_ratio_max": 1.3, "questions": 0},
        "variants": {},
        "wall_s": round(wall_s, 1),
    }
    for name, result in variants.items():
        shown = {k: v for k, v in result.items() if k != "detail" or args.detail}
        if clean is not None and name != "clean":
            shown["vs_clean"] = round(
                result["pipeline"]["wer"] / max(1e-9, clean["pipeline"]["wer"]), 3
            )
        out["variants"][name] = shown
    if clean is not None:
        out["met"] = {
            "ratio": clean["ratio"] <= 1.1,
            "wer": clean["pipeline"]["wer"] <= 0.06,
            "variants": all(shown.get("vs_clean", 0) <= 1.3 for shown in out["variants"].values()),
            "questions": sum(r["questions_fired"] for r in variants.values()) == 0,
        }
    return out


if __name__ == "__main__":
    asyncio.run(main())
