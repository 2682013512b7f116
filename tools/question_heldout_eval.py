"""Score the shipped question detector on the held-out-style sets of ../shared/question_heldout.

Measuring only (see tools/build_question_heldout.py for what the sets are): the
same raw scores as the real-world dev set (precision, recall, recall on 4+ words,
false positives over non-questions), and the false positives and misses grouped by
the annotators' act, to see which kinds of talk the detector gets wrong.

    .venv/bin/python tools/question_heldout_eval.py [--split val] [--errors 40]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.questions.meetings import asked_in_context, load, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("val", "test"))
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per group")
    parser.add_argument(
        "--context", action="store_true", help="replay with the next speaker's turn"
    )
    args = parser.parse_args()
    rows = load(args.split, gray=True)  # gray segments are replayed for their turns, not scored
    scores, errors = score(rows, asked_in_context(rows) if args.context else None)
    groups = Counter(f"{kind}: {name}" for kind, name, _ in errors)
    sys.stdout.write(
        json.dumps(
            {
                "split": args.split,
                "context": args.context,
                **scores,
                "errors": dict(groups.most_common()),
            }
        )
        + "\n"
    )
    for group in groups:
        shown = [r for kind, name, r in errors if f"{kind}: {name}" == group][: args.errors]
        for row in shown:
            sys.stderr.write(f"{group}\t{row['tag']}\t{row['text']}\n")


if __name__ == "__main__":
    main()
