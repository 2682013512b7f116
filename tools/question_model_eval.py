"""Train the question model in memory and score it, side by side with the shipped one.

For developers comparing training variants, never at run time: trains with
tools/train_question_model.py's data and settings (nothing is written), then
scores the fresh and the shipped model on the real-world dev set (raw) and on the
held-out-style MRDA sets of ../shared/question_heldout, over a few thresholds.

    .venv/bin/python tools/question_model_eval.py [--splits val] [--thresholds 0.42,0.5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import numpy as np  # noqa: E402
import train_question_model as training  # noqa: E402

import intervoo.questions  # noqa: E402, F401  (the package's `classify` shadows its module)
from intervoo.questions import DetectorSettings  # noqa: E402
from intervoo.questions.model import QuestionModel, load_model  # noqa: E402
from tests.questions import meetings as heldout  # noqa: E402
from tests.questions import realworld  # noqa: E402

classify_module = sys.modules["intervoo.questions.classify"]


def _as_model(arrays: dict[str, np.ndarray]) -> QuestionModel:
    from intervoo.events import QuestionKind

    return QuestionModel(
        question_weights=arrays["question_weights"].astype(np.float32),
        question_bias=float(arrays["question_bias"]),
        kind_weights=arrays["kind_weights"].astype(np.float32),
        kind_bias=arrays["kind_bias"].astype(np.float32),
        kinds=tuple(QuestionKind(str(k)) for k in arrays["kinds"]),
    )


def _probabilities(texts: list[str]) -> np.ndarray:
    return np.array([classify_module.classify(t).confidence for t in texts])


def _recall_at(p: np.ndarray, truth: np.ndarray, long: np.ndarray, fp_rate: float) -> float:
    """Recall on 4+ word questions at the threshold that lets `fp_rate` of non-questions through."""
    negatives = np.sort(p[~truth])[::-1]
    cut = negatives[int(fp_rate * len(negatives))]
    return round(float((p[truth & long] > cut).mean()), 3)


def _at(p: np.ndarray, truth: np.ndarray, long: np.ndarray, threshold: float) -> dict[str, float]:
    asked = p >= threshold
    tp, fp = int((asked & truth).sum()), int((asked & ~truth).sum())
    return {
        "P": round(tp / max(1, tp + fp), 3),
        "R4": round(float(asked[truth & long].mean()), 3),
        "FP": round(fp / max(1, int((~truth).sum())), 4),
    }


def _sets(splits: list[str]) -> dict[str, tuple[list[str], np.ndarray, np.ndarray]]:
    sets = {}
    if realworld.available():
        items = realworld.load_real()
        texts = [realworld.raw(i.text) for i in items]
        sets["dev_raw"] = (texts, np.array([i.is_question for i in items]))
    for split in splits:
        rows = heldout.load(split)
        texts = [realworld.raw(r["text"]) for r in rows]
        sets[f"mrda_{split}"] = (texts, np.array([r["label"] == "1" for r in rows]))
    return {
        name: (texts, truth, np.array([len(t.split()) >= 4 for t in texts]))
        for name, (texts, truth) in sets.items()
    }


def _scores(
    model: QuestionModel,
    thresholds: list[float],
    sets: dict,
    turns: list[float],  # type: ignore[type-arg]
) -> dict[str, object]:
    """Scores per set and threshold; with `turns`, MRDA replayed with each turn evidence
    at the first threshold."""
    classify_module.shipped_model = lambda: model  # type: ignore[attr-defined]
    classify_module.QUESTION_THRESHOLD = 0.0  # type: ignore[attr-defined]  (confidence of all)
    out: dict[str, object] = {}
    for name, (texts, truth, long) in sets.items():
        p = _probabilities(texts)
        out[name] = {
            "R4@FP1%": _recall_at(p, truth, long, 0.01),
            "R4@FP2%": _recall_at(p, truth, long, 0.02),
            **{str(t): _at(p, truth, long, t) for t in thresholds},
        }
    classify_module.QUESTION_THRESHOLD = thresholds[0]  # type: ignore[attr-defined]
    for evidence in turns:
        for split in [n.removeprefix("mrda_") for n in sets if n.startswith("mrda_")]:
            rows = heldout.load(split, gray=True)
            settings = DetectorSettings(turn_evidence=evidence)
            scores, _ = heldout.score(rows, heldout.asked_in_context(rows, settings))
            out[f"mrda_{split}_turn_{evidence}"] = {
                k: scores[k] for k in ("precision", "recall_4_words", "false_positive_rate")
            }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="val")
    parser.add_argument("--thresholds", default="0.42")
    parser.add_argument("--shipped", action="store_true", help="score the shipped model too")
    parser.add_argument("--with", dest="parts", default="", help="optional data: topical,spoken")
    parser.add_argument("--turns", default="", help="turn evidences to replay MRDA with")
    parser.add_argument("--rules-weight", type=float, help="override features.RULES_WEIGHT")
    parser.add_argument("--l2", type=float, help="override the question head's L2")
    args = parser.parse_args()
    if args.rules_weight is not None:
        sys.modules["intervoo.questions.features"].RULES_WEIGHT = args.rules_weight
    if args.l2 is not None:
        training.L2["question"] = args.l2
    for part in filter(None, args.parts.split(",")):
        training.USE[part] = True
    thresholds = [float(t) for t in args.thresholds.split(",")]
    turns = [float(t) for t in args.turns.split(",") if t]
    splits = args.splits.split(",") if args.splits else []
    sets = _sets(splits)
    began = time.perf_counter()
    examples = training.training_examples()
    fresh = _as_model(training.train(examples))
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + 1
    sys.stdout.write(
        json.dumps(
            {
                "with": args.parts,
                "examples": counts,
                "train_s": round(time.perf_counter() - began, 1),
            }
        )
        + "\n"
    )
    models = [("fresh", fresh)] + ([("shipped", load_model())] if args.shipped else [])
    for name, model in models:
        sys.stdout.write(
            json.dumps({"model": name, **_scores(model, thresholds, sets, turns)}) + "\n"
        )


if __name__ == "__main__":
    main()
