"""Held-out-style meeting talk (../shared/question_heldout, built by
tools/build_question_heldout.py from MRDA): loaded, replayed and scored.

Measuring only, never training data: the project does not train on meeting corpora.
Scores are the real-world dev set's (raw): precision, recall, recall on 4+ words and
false positives over non-questions, per utterance or with the turn that followed it.
What uses it skips when ../shared is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

from intervoo.events import Channel, TranscriptEvent
from intervoo.questions import DetectorSettings, QuestionDetector, classify
from tests.questions import realworld

HELDOUT = Path(__file__).resolve().parents[2] / ".." / "shared" / "question_heldout"


def available(split: str) -> bool:
    return (HELDOUT / f"mrda_{split}.tsv").is_file()


def load(split: str, *, gray: bool = False) -> list[dict[str, str]]:
    """The scored segments (`gray` too, in time order, for replaying the conversation)."""
    path = HELDOUT / f"mrda_{split}.tsv"
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows.sort(key=lambda r: (r["source"], int(r["start_ms"])))
    return [row for row in rows if row["label"] in ("0", "1") or gray]


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


def _event(row: dict[str, str], channel: Channel, *, final: bool) -> TranscriptEvent:
    start, end = int(row["start_ms"]), int(row["end_ms"])
    return TranscriptEvent(channel, realworld.raw(row["text"]), final, start, end)


def asked_in_context(
    rows: list[dict[str, str]], settings: DetectorSettings | None = None
) -> list[bool]:
    """Each segment through the streaming detector with the turn that followed it.

    Its speaker is the interviewer; the first segment another speaker starts after it
    is the candidate's, fed as a partial and then final, so the detector hears the
    floor change hands as it would live. Meetings have more than two speakers: the
    next one to speak stands for "the candidate".
    """
    asked = []
    for i, row in enumerate(rows):
        detector = QuestionDetector(settings)
        found = detector.feed(_event(row, Channel.INTERVIEWER, final=True))
        start = int(row["start_ms"])
        reply = next(
            (
                r
                for r in rows[i + 1 : i + 40]
                if r["speaker"] != row["speaker"]
                and r["source"] == row["source"]
                and int(r["start_ms"]) >= start
            ),
            None,
        )
        if reply is not None:
            found += detector.feed(_event(reply, Channel.CANDIDATE, final=False))
            found += detector.feed(_event(reply, Channel.CANDIDATE, final=True))
        asked.append(bool(found))
    return asked


def score(
    rows: list[dict[str, str]], verdicts: list[bool] | None = None
) -> tuple[dict[str, float], list[tuple[str, str, dict[str, str]]]]:
    """Scores over the rows labelled 0 or 1; `verdicts` (one per row) replace classify's."""
    tp = fp = fn = tn = tp4 = fn4 = 0
    errors = []
    for row, in_context in zip(rows, verdicts or [None] * len(rows), strict=True):
        if row["label"] not in ("0", "1"):
            continue
        text = realworld.raw(row["text"])
        asked = classify(text).is_question if in_context is None else in_context
        truth = row["label"] == "1"
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
