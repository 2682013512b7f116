"""Practice feedback benchmark: time to score one answer without an LLM.

Answers are the held-out and development sets of tests/practice/data (spoken-length
STAR answers, 60-130 words) plus a long rambling one (~600 words), each scored with
a company's values and a speaking duration, so every dimension runs. The first call
is timed apart (cold: regex compilation, lexicon tables). Story extraction is timed
too, though it runs after the feedback is returned.
Target (issue 11): feedback for an answer in under 100 ms.

    .venv/bin/python bench/practice_feedback.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "practice" / "data"
TARGET_MS = 100.0
ROUNDS = 20


def _answers() -> list[tuple[str, str]]:
    items = []
    for name in ("star_heldout.json", "star_dev.json"):
        for item in json.loads((DATA / name).read_text()):
            items.append((item["question"], " ".join(text for text, _ in item["sentences"])))
    rambling = " ".join(answer for _, answer in items[:6]) + " " + items[0][1]
    items.append(("Tell me about yourself.", rambling))
    return items


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from intervoo.companies.catalog import find_company
    from intervoo.practice.extract import extract_story
    from intervoo.practice.feedback import analyze_answer

    company = find_company("amazon")
    values = company.values if company else []
    answers = _answers()
    start = time.perf_counter()
    analyze_answer(answers[0][0], answers[0][1], values=values, duration_s=60)
    cold_ms = _ms(start)
    feedback_ms, extract_ms, words = [], [], []
    for _ in range(ROUNDS):
        for question, answer in answers:
            start = time.perf_counter()
            result = analyze_answer(question, answer, values=values, duration_s=60)
            feedback_ms.append(_ms(start))
            words.append(result.word_count)
            start = time.perf_counter()
            extract_story(answer)
            extract_ms.append(_ms(start))
    p95 = statistics.quantiles(feedback_ms, n=20)[-1]
    print(json.dumps({
        "benchmark": "practice_feedback",
        "answers": len(answers),
        "runs": len(feedback_ms),
        "words_min_max": [min(words), max(words)],
        "feedback_cold_ms": round(cold_ms, 2),
        "feedback_median_ms": round(statistics.median(feedback_ms), 2),
        "feedback_p95_ms": round(p95, 2),
        "feedback_max_ms": round(max(feedback_ms), 2),
        "extract_median_ms": round(statistics.median(extract_ms), 2),
        "target_ms": TARGET_MS,
        "meets_target": max(feedback_ms) < TARGET_MS and cold_ms < TARGET_MS,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
