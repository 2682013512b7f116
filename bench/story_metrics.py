"""Story metric extraction benchmark: exactness on held-out answers, and time per answer.

Quality: the answers of tests/practice/data/star_heldout.json (never used to write the
extractor) with the metrics a human reader found in them; an answer counts when the
set of (value, unit) found is exactly the human's. Target (issue 11): metrics found
exactly, i.e. 1.0. The development set is reported beside it (its labels are one
reader's judgement of which counts are results; not a target).
Speed: extraction runs on every practice answer, inside the 100 ms feedback budget and
once per sentence for the STAR labels. Target: median under 1 ms per answer, and a
~600-word answer under 5 ms.

    .venv/bin/python bench/story_metrics.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "practice" / "data"
ROUNDS = 50
TARGET_MEDIAN_MS = 1.0
TARGET_LONG_MS = 5.0


def _items(name: str) -> list[tuple[str, set[tuple[float, str]]]]:
    items = json.loads((DATA / name).read_text())
    return [
        (" ".join(text for text, _ in item["sentences"]),
         {(float(value), unit) for value, unit in item["metrics"]})
        for item in items
    ]  # fmt: skip


def _exact_share(items: list[tuple[str, set[tuple[float, str]]]]) -> float:
    from intervoo.stories.metrics import extract_metrics

    exact = sum({(m.value, m.unit) for m in extract_metrics(text)} == want for text, want in items)
    return round(exact / len(items), 3)


def _timings_ms(texts: list[str]) -> list[float]:
    from intervoo.stories.metrics import extract_metrics

    timings = []
    for _ in range(ROUNDS):
        for text in texts:
            start = time.perf_counter()
            extract_metrics(text)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    heldout, dev = _items("star_heldout.json"), _items("star_dev.json")
    texts = [text for text, _ in heldout + dev]
    long_answer = " ".join(texts[:8])
    timings = sorted(_timings_ms(texts))
    long_timings = sorted(_timings_ms([long_answer]))
    result = {
        "heldout_answers": len(heldout),
        "heldout_exact": _exact_share(heldout),
        "heldout_exact_target": 1.0,
        "dev_exact": _exact_share(dev),
        "answer_words_mean": round(statistics.mean(len(t.split()) for t in texts)),
        "median_ms": round(statistics.median(timings), 3),
        "p95_ms": round(timings[int(len(timings) * 0.95)], 3),
        "median_target_ms": TARGET_MEDIAN_MS,
        "long_answer_words": len(long_answer.split()),
        "long_answer_median_ms": round(statistics.median(long_timings), 3),
        "long_answer_target_ms": TARGET_LONG_MS,
    }
    result["meets_targets"] = (
        result["heldout_exact"] >= 1.0
        and result["median_ms"] < TARGET_MEDIAN_MS
        and result["long_answer_median_ms"] < TARGET_LONG_MS
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
