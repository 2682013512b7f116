"""Score the shipped question detector on the held-out-style sets of ../shared/question_heldout.

Measuring only (see tools/build_question_heldout.py for what the sets are): the
same raw scores as the real-world dev set (precision, recall, recall on 4+ words,
false positives over non-questions), and the false positives and misses grouped by
the annotators' act, to see which kinds of talk the detector gets wrong.

    .venv/bin/python tools/question_heldout_eval.py [--split val] [--errors 40]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intervoo.questions import classify  # noqa: E402
from tests.questions import realworld  # noqa: E402

HELDOUT = ROOT / ".." / "shared" / "question_heldout"


def load(split: str) -> list[dict[str, str]]:
    path = HELDOUT / f"mrda_{split}.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [row for row in rows if row["label"] in ("0", "1")]


def category(row: dict[str, str]) -> str:
    """A coarse name for the act: what kind of talk an error was on."""
    act, words = row["tag"], len(row["text"].split())
    if row["label"] == "1":
        return "declarative/tag" if ("^d" in act or "^g" in act) else "question form"
    general = act.split("|")[-1].split("^")[0].split(".")[0]
    if ".%" in act or general == "%":
        return "fragment (abandoned)"
    if general in ("b", "fh", "fg", "h") or words <= 2:
        return "backchannel/floor"
    return "statement"


def score(rows: list[dict[str, str]]) -> tuple[dict[str, float], list[tuple[str, str, dict[str, str]]]]:
    tp = fp = fn = tn = tp4 = fn4 = 0
    errors = []
    for row in rows:
        text = realworld.raw(row["text"])
        asked, truth = classify(text).is_question, row["label"] == "1"
        tp, fp = tp + (asked and truth), fp + (asked and not truth)
        fn, tn = fn + (truth and not asked), tn + (not truth and not asked)
        if truth and len(text.split()) >= 4:
            tp4, fn4 = tp4 + asked, fn4 + (not asked)
        if asked != truth:
            errors.append(("false positive" if asked else "missed", category(row), row))
    scores = {
        "utterances": len(rows),
        "precision": round(tp / max(1, tp + fp), 4),
        "recall": round(tp / max(1, tp + fn), 4),
        "recall_4_words": round(tp4 / max(1, tp4 + fn4), 4),
        "false_positive_rate": round(fp / max(1, fp + tn), 4),
    }
    return scores, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("val", "test"))
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per group")
    args = parser.parse_args()
    scores, errors = score(load(args.split))
    groups = Counter(f"{kind}: {name}" for kind, name, _ in errors)
    print(json.dumps({"split": args.split, **scores, "errors": dict(groups.most_common())}))
    for group in groups:
        shown = [r for kind, name, r in errors if f"{kind}: {name}" == group][: args.errors]
        for row in shown:
            print(f"{group}\t{row['tag']}\t{row['text']}", file=sys.stderr)


if __name__ == "__main__":
    main()
