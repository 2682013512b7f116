"""A learned reader of what a question needs: a softmax head over the question's vector.

Trained by tools/train_need_model.py on a few hundred labelled interview questions
(tools/need_data/README.md says where each comes from) and shipped as
`data/need_model.npz`, pinned by sha256. Its inputs are the bundled retrieval model's
query vector, the question classifier's kind (one-hot) and each need's closeness to
the nearest example questions of `intervoo.copilot.needs` (the older reader, which it
learns how far to trust, as it learns the kind's weight instead of a fixed prior).
The head belongs to one embedding model: for another (a bigger one the user
installed) it is not loaded, and the nearest examples decide, as before.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from intervoo.events import QuestionKind

MODEL_PATH = Path(__file__).parent / "data" / "need_model.npz"
MODEL_SHA256 = "33d41788c04b171cef351e44369e3f6e7362abddedbbc8277f9d6e9ab136ba1a"


@dataclass(frozen=True)
class NeedModel:
    model_id: str  # the embedding model whose vectors it reads
    needs: tuple[str, ...]
    kinds: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (dims + len(kinds) + len(needs)) x len(needs)
    bias: npt.NDArray[np.float32]
    closeness_scale: float

    def probabilities(
        self, vector: npt.NDArray[np.float32], kind: QuestionKind | None, closeness: list[float]
    ) -> dict[str, float]:
        """`closeness`: each need's closeness to its examples, in `needs` order."""
        features = need_features(self.kinds, self.closeness_scale, vector, kind, closeness)
        scores = features @ self.weights + self.bias
        exp = np.exp(scores - scores.max())
        return dict(zip(self.needs, (exp / exp.sum()).tolist(), strict=True))


def need_features(
    kinds: tuple[str, ...],
    closeness_scale: float,
    vector: npt.NDArray[np.float32],
    kind: QuestionKind | None,
    closeness: list[float],
) -> npt.NDArray[np.float32]:
    """The head's input; the closeness relative to the nearest need's, so its scale is the
    same whatever the embedding model's typical cosine."""
    near = np.array(closeness, dtype=np.float32)
    relative = closeness_scale * (near - near.max())
    return np.concatenate([vector.astype(np.float32), kind_one_hot(kinds, kind), relative])


def kind_one_hot(kinds: tuple[str, ...], kind: QuestionKind | None) -> npt.NDArray[np.float32]:
    out = np.zeros(len(kinds), dtype=np.float32)
    if kind is not None and kind.value in kinds:
        out[kinds.index(kind.value)] = 1.0
    return out


@functools.cache  # one read per process: every session's context asks for it
def load_need_model(
    model_id: str, path: Path = MODEL_PATH, sha256: str | None = MODEL_SHA256
) -> NeedModel | None:
    """The shipped head, if it is intact and was trained on `model_id`'s vectors."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if sha256 is not None and hashlib.sha256(blob).hexdigest() != sha256:
        return None  # damaged or stale: the nearest examples decide
    with np.load(io.BytesIO(blob)) as data:
        if str(data["model_id"]) != model_id:
            return None
        return NeedModel(
            model_id=model_id,
            needs=tuple(str(n) for n in data["needs"]),
            kinds=tuple(str(k) for k in data["kinds"]),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            closeness_scale=float(data["closeness_scale"]),
        )
