"""Build held-out-style evaluation sets for question detection (never training data).

Run by a developer, never at run time; writes ../shared/question_heldout/ (outside the
repository: the sources' licences are not the project's, and these sets are for
measuring only):

    .venv/bin/python tools/build_question_heldout.py --mrda path/to/MRDA-Corpus/.git

- MRDA, the ICSI Meeting Recorder Dialogue Act corpus (Shriberg et al. 2004), from
  NathanDuran/MRDA-Corpus (`mrda_archive/database/*.dadb`, the original annotation;
  the repository's code is GPL-3.0, the ICSI transcripts and dialogue acts are CC BY
  4.0 from the AMI/ICSI site). Meeting talk: the project never trains on it. Its
  validation meetings are the set to look at errors on (`mrda_val.tsv`), its test
  meetings are the untouched estimate (`mrda_test.tsv`).

Labels from the annotators' dialogue act of each segment (an act may hold several
parts, "fg|qw", "s^na|qy^d^g"): `1` when a part is a yes/no, wh-, or-, or-clause or
open question (qy, qw, qr, qrr, qo; declarative and tag questions are qy^d, qy^g),
`gray` for rhetorical questions (qh) and for abandoned segments that held a question
part (the words alone cannot say whether it asked), `0` otherwise (statements,
backchannels, floor holders and grabbers, answers, abandoned statements), with the
segment's times and speaker so that turn-taking can be replayed. Segments
that are only non-verbal or not labelled are skipped. The text is the words as said
(word fragments like "th-" dropped, "o_k" spelled "okay"), lower-case, unpunctuated.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / ".." / "shared" / "question_heldout"
ASKING = frozenset({"qy", "qw", "qr", "qrr", "qo"})
SPLITS = {
    "val": "Bed003 Bed010 Bmr005 Bmr014 Bmr019 Bmr024 Bmr030 Bro004 Bro011 Bro018 Bro024 Bmr013",
    "test": "Bed006 Bed012 Bed016 Bmr001 Bmr010 Bmr022 Bmr028 Bro008 Bro014 Bro021 Bro027 Bmr018",
}
_PARTS = re.compile(r"[|:]")


def _show(git_dir: str, path: str) -> str:
    command = ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _commit(git_dir: str) -> str:
    command = ["git", "--git-dir", git_dir, "rev-parse", "HEAD"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def _word(token: str) -> str:
    if token == "o_k":
        return "okay"
    if "_" in token:
        return "".join(token.split("_"))  # a spelled acronym, "i_b_m"
    return "" if token.endswith("-") else token  # "th-": a word broken off


def _words(field: str) -> str:
    said = (_word(item.split("+")[-1].lower()) for item in field.split("|") if item)
    return " ".join(w for w in said if w)


def label(act: str) -> str | None:
    """`1`, `0`, `gray`, or None when the segment is not speech to score."""
    if not act or act.startswith(("x", "z")):
        return None
    abandoned = ".%" in act or act.startswith("%")
    generals = {part.split("^")[0].split(".")[0] for part in _PARTS.split(act)}
    if generals & ASKING:
        return "gray" if abandoned else "1"
    return "gray" if "qh" in generals else "0"


def mrda_rows(git_dir: str, meetings: list[str]) -> list[dict[str, str]]:
    rows = []
    for meeting in meetings:
        lines = _show(git_dir, f"mrda_archive/database/{meeting}.dadb").splitlines()
        for fields in csv.reader(lines):
            if len(fields) < 6 or fields[3] != "A":
                continue
            text, verdict = _words(fields[4]), label(fields[5])
            if text and verdict is not None:
                rows.append(
                    {
                        "set": "mrda",
                        "label": verdict,
                        "text": text,
                        "tag": fields[5],
                        "source": f"MRDA {meeting}",
                        "start_ms": str(round(float(fields[0]) * 1000)),
                        "end_ms": str(round(float(fields[1]) * 1000)),
                        "speaker": fields[7],
                    }
                )
    return rows


def write(path: Path, header: str, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# {header}\n")
        writer = csv.DictWriter(
            handle,
            list(rows[0]),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
            escapechar="\\",
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mrda", required=True, help="git dir of NathanDuran/MRDA-Corpus")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    source = f"NathanDuran/MRDA-Corpus@{_commit(args.mrda)[:10]}, ICSI MRDA, CC BY 4.0; eval only"
    for split, meetings in SPLITS.items():
        rows = mrda_rows(args.mrda, meetings.split())
        write(args.out / f"mrda_{split}.tsv", f"{source}; {split} meetings", rows)
        counts = {v: sum(r["label"] == v for r in rows) for v in ("1", "0", "gray")}
        sys.stdout.write(f"{split} {counts}\n")


if __name__ == "__main__":
    main()
