"""The learned question model: is an utterance a question, and of which kind.

Two linear heads over hashed features (features.py), trained by
tools/train_question_model.py from the data in tools/question_data/ (provenance and
licences in its README) and shipped as `data/question_model.npz`, pinned by sha256.
Numpy only: a few dozen weight look-ups per utterance.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from intervoo.events import QuestionKind
from intervoo.questions.features import DIMENSIONS, kind_features, question_features
from intervoo.questions.text import Normalized

MODEL_PATH = Path(__file__).parent / "data" / "question_model.npz"
MODEL_SHA256 = "1b430190e8decf92e6927201d55fe10aea4bee6863b88c30776270a2649eabf7"


class QuestionModelError(RuntimeError):
    """The shipped model file is missing, altered or malformed."""


@dataclass(frozen=True, slots=True)
class QuestionModel:
    question_weights: npt.NDArray[np.float32]  # (DIMENSIONS,)
    question_bias: float
    kind_weights: npt.NDArray[np.float32]  # (DIMENSIONS, kinds)
    kind_bias: npt.NDArray[np.float32]  # (kinds,)
    kinds: tuple[QuestionKind, ...]

    def question_logit(self, norm: Normalized) -> float:
        indices, rules_logit = question_features(norm)
        return rules_logit + float(self.question_weights[indices].sum()) + self.question_bias

    def kind_probabilities(self, words: tuple[str, ...]) -> dict[QuestionKind, float]:
        scores = self.kind_weights[kind_features(words)].sum(axis=0) + self.kind_bias
        exp = np.exp(scores - scores.max())
        probabilities = exp / exp.sum()
        return {kind: float(p) for kind, p in zip(self.kinds, probabilities, strict=True)}


def sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, logit))))


def load_model(path: Path = MODEL_PATH, sha256: str | None = MODEL_SHA256) -> QuestionModel:
    try:
        blob = path.read_bytes()
    except OSError as error:
        raise QuestionModelError(f"question model not readable at {path}: {error}") from error
    if sha256 is not None and hashlib.sha256(blob).hexdigest() != sha256:
        raise QuestionModelError(f"question model at {path} does not match its pinned sha256")
    with np.load(path, allow_pickle=False) as arrays:
        kinds = tuple(QuestionKind(str(k)) for k in arrays["kinds"])
        model = QuestionModel(
            question_weights=arrays["question_weights"].astype(np.float32),
            question_bias=float(arrays["question_bias"]),
            kind_weights=arrays["kind_weights"].astype(np.float32),
            kind_bias=arrays["kind_bias"].astype(np.float32),
            kinds=kinds,
        )
    if model.question_weights.shape != (DIMENSIONS,) or model.kind_weights.shape != (
        DIMENSIONS,
        len(kinds),
    ):
        raise QuestionModelError(f"question model at {path} has the wrong shape for its features")
    return model


@lru_cache(maxsize=1)
def shipped_model() -> QuestionModel:
    """The model shipped with the package, loaded once per process."""
    return load_model()
