"""Question detection benchmark: per-utterance cost on the live path, and held-out accuracy.

The live path runs the detector on every partial transcript, so each call must be
cheap. Cost is measured per utterance for `classify` (one verdict) and for the
streaming `QuestionDetector.feed` on partials and finals. Accuracy is measured on
the held-out set (tests/questions/data/heldout.tsv), which the rules were never
tuned on.

Targets (issue 7): p99 < 2 ms per utterance; held-out precision and recall of
is_question >= 0.95 each, kind accuracy >= 0.85.

    .venv/bin/python bench/question_detect.py
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.questions.labeled

from intervoo.events import Channel, TranscriptEvent  # noqa: E402
from intervoo.questions import QuestionDetector, classify, completeness  # noqa: E402
from tests.questions.labeled import evaluate, load  # noqa: E402

ROUNDS = 20
TARGET_P99_MS = 2.0


def _percentiles(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    quantiles = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": round(quantiles[49] / 1e6, 4),
        "p99_ms": round(quantiles[98] / 1e6, 4),
        "max_ms": round(ordered[-1] / 1e6, 4),
        "samples": len(ordered),
    }


def _time_classify(texts: list[str]) -> list[int]:
    samples = []
    for _ in range(ROUNDS):
        for text in texts:
            began = time.perf_counter_ns()
            classify(text)
            completeness(text)  # the endpointer asks this too, on the same text
            samples.append(time.perf_counter_ns() - began)
    return samples


def _stream_events(texts: list[str]) -> list[TranscriptEvent]:
    """Each utterance as a recognizer sends it: growing partials, then the final."""
    events = []
    clock = 0
    for text in texts:
        words = text.split()
        for i in range(1, len(words) + 1):
            events.append(
                TranscriptEvent(
                    Channel.INTERVIEWER, " ".join(words[:i]), False, clock, clock + 300 * i
                )
            )
        clock += 300 * len(words)
        events.append(
            TranscriptEvent(Channel.INTERVIEWER, text, True, clock - 300 * len(words), clock)
        )
        clock += 10_000
    return events


def _time_detector(events: list[TranscriptEvent]) -> list[int]:
    samples = []
    for _ in range(ROUNDS // 4):
        detector = QuestionDetector()
        for event in events:
            began = time.perf_counter_ns()
            detector.feed(event)
            samples.append(time.perf_counter_ns() - began)
    return samples


def main() -> None:
    heldout = load("heldout")
    texts = [item.text for item in load("dev") + heldout]
    for text in texts:  # warm regex caches and the interpreter
        classify(text)
    metrics = evaluate(heldout)
    classify_cost = _percentiles(_time_classify(texts))
    feed_cost = _percentiles(_time_detector(_stream_events(texts)))
    result = {
        "benchmark": "question_detect",
        "machine": f"{platform.machine()} Python {platform.python_version()}",
        "classify_and_completeness_per_utterance": classify_cost,
        "detector_feed_per_event": feed_cost,
        "target_p99_ms": TARGET_P99_MS,
        "heldout": {
            "utterances": metrics.size,
            "precision": round(metrics.precision, 4),
            "recall": round(metrics.recall, 4),
            "kind_accuracy": round(metrics.kind_accuracy, 4),
            "targets": {"precision": 0.95, "recall": 0.95, "kind_accuracy": 0.85},
        },
        "meets_targets": (
            classify_cost["p99_ms"] < TARGET_P99_MS
            and feed_cost["p99_ms"] < TARGET_P99_MS
            and metrics.precision >= 0.95
            and metrics.recall >= 0.95
            and metrics.kind_accuracy >= 0.85
        ),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
