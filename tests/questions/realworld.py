"""The real-world dev set (../shared/realworld/questions/labeled.tsv) and its scores.

Nobody on the project wrote it; several parts are under licences the project cannot
carry (SwDA is CC BY-NC-SA), so it is read from ../shared, never copied, and what
uses it skips when it is absent. `raw` scores the text as a recognizer without
punctuation gives it: lower-case, punctuation removed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from intervoo.events import QuestionKind
from intervoo.questions import classify

LABELED = Path(__file__).resolve().parents[2] / ".." / "shared" / "realworld" / "questions"
LABELED_TSV = LABELED / "labeled.tsv"
SPEECH_REFS = LABELED.parent / "speech" / "refs.tsv"
FRONT_END_SOURCE = "h5bp/Front-end-Developer-Interview-Questions"
_PUNCTUATION = re.compile(r"[^\w' ]+")


@dataclass(frozen=True, slots=True)
class RealItem:
    text: str
    is_question: bool
    corpus: str  # the `set` column
    source: str


@dataclass(frozen=True, slots=True)
class RealScores:
    precision: float
    recall: float
    recall_4_words: float  # over questions of four words or more
    false_positive_rate: float  # over non-questions
    technical_of_front_end: float  # share of front-end questions detected as technical
    size: int
    misses: tuple[str, ...]


def available() -> bool:
    return LABELED_TSV.is_file()


def load_real() -> list[RealItem]:
    with LABELED_TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        RealItem(row["text"], row["label"] == "1", row["set"], row["source"])
        for row in rows
        if row["label"] in ("0", "1")  # "gray" is ambiguous, not scored
    ]


def speech_references() -> list[str]:
    """The reference transcripts of the real speech clips (none of them a question)."""
    with SPEECH_REFS.open(encoding="utf-8", newline="") as handle:
        return [row["reference"] for row in csv.DictReader(handle, delimiter="\t")]


def raw(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def score(items: list[RealItem], *, as_raw: bool) -> RealScores:
    tp = fp = fn = tn = tp4 = fn4 = technical = front_end = 0
    misses: list[str] = []
    for item in items:
        text = raw(item.text) if as_raw else item.text
        verdict = classify(text)
        if item.is_question and verdict.is_question:
            tp += 1
        elif item.is_question:
            fn += 1
            misses.append(f"missed: {text}")
        elif verdict.is_question:
            fp += 1
            misses.append(f"false positive: {text}")
        else:
            tn += 1
        if item.is_question and len(text.split()) >= 4:
            tp4 += verdict.is_question
            fn4 += not verdict.is_question
        if item.source.startswith(FRONT_END_SOURCE):
            front_end += 1
            technical += verdict.kind is QuestionKind.TECHNICAL
    return RealScores(
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / (tp + fn) if tp + fn else 0.0,
        recall_4_words=tp4 / (tp4 + fn4) if tp4 + fn4 else 0.0,
        false_positive_rate=fp / (fp + tn) if fp + tn else 0.0,
        technical_of_front_end=technical / front_end if front_end else 0.0,
        size=len(items),
        misses=tuple(misses),
    )
