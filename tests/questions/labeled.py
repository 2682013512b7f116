"""The labeled utterance sets (data/*.tsv) and the metrics the targets are stated in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intervoo.events import QuestionKind
from intervoo.questions import classify, completeness

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Labeled:
    text: str
    kind: QuestionKind | None  # None: not a question

    @property
    def is_question(self) -> bool:
        return self.kind is not None


@dataclass(frozen=True, slots=True)
class Metrics:
    precision: float
    recall: float
    kind_accuracy: float  # over true questions that were detected
    size: int
    misses: tuple[str, ...]  # "expected/got: text", for a readable failure


def _rows(name: str) -> list[tuple[str, str]]:
    """(label, text) for each data line of data/<name>.tsv."""
    rows = []
    path = DATA / f"{name}.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"{path.name}:{number}: expected 'label<TAB>text'")
        rows.append((label, text))
    return rows


def load(name: str) -> list[Labeled]:
    return [
        Labeled(text, None if label == "none" else QuestionKind(label))
        for label, text in _rows(name)
    ]


def load_partials(name: str) -> list[str]:
    """The utterances of a `partial`-labeled set: questions cut off mid-phrase."""
    rows = _rows(name)
    wrong = [text for label, text in rows if label != "partial"]
    if wrong:
        raise ValueError(f"{name}.tsv: every label must be 'partial', not for {wrong[0]!r}")
    return [text for _, text in rows]


def evaluate(items: list[Labeled]) -> Metrics:
    tp = fp = fn = kind_right = 0
    misses: list[str] = []
    for item in items:
        got = classify(item.text)
        expected = item.kind.value if item.kind else "none"
        found = got.kind.value if got.is_question and got.kind else "none"
        if got.is_question and item.is_question:
            tp += 1
            kind_right += got.kind == item.kind
        elif got.is_question:
            fp += 1
        elif item.is_question:
            fn += 1
        if expected != found:
            misses.append(f"{expected}/{found}: {item.text}")
    return Metrics(
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / (tp + fn) if tp + fn else 0.0,
        kind_accuracy=kind_right / tp if tp else 0.0,
        size=len(items),
        misses=tuple(misses),
    )


# What "low" and "high" mean for completeness: a trailing partial must sit below a
# finished statement (0.5); a finished question must clear the detector's bar (0.85).
PARTIAL_BELOW = 0.5
FINISHED_AT_LEAST = 0.85


@dataclass(frozen=True, slots=True)
class CompletenessMetrics:
    partials_low: float  # share of trailing partials scored below PARTIAL_BELOW
    finished_high: float  # share of finished questions scored at least FINISHED_AT_LEAST
    misses: tuple[str, ...]


def evaluate_completeness(partials: list[str], finished: list[str]) -> CompletenessMetrics:
    high_partials = [
        f"partial {score:.2f}: {t}" for t in partials if (score := completeness(t)) >= PARTIAL_BELOW
    ]
    low_finished = [
        f"finished {score:.2f}: {t}"
        for t in finished
        if (score := completeness(t)) < FINISHED_AT_LEAST
    ]
    return CompletenessMetrics(
        partials_low=1 - len(high_partials) / len(partials) if partials else 0.0,
        finished_high=1 - len(low_finished) / len(finished) if finished else 0.0,
        misses=tuple(high_partials + low_finished),
    )
