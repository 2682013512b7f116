"""The relevance judge's reference set: labelled examples it reads each pair against.

Reference questions (query embeddings) with their on-topic answers, and polished
answers to nothing asked (passage embeddings), from the judge's training split, built
by tools/train_relevance.py into one .npz per embedding model. For a pair it gives:

- question_background: the question's mean cosine to the polished answers to nothing
  asked, how near it sits to a known non-answer (low for "Tell me about yourself",
  high for a story question: answers must clear the question's own baseline);
- answer_background: the answer's mean cosine to its nearest reference questions (high
  for a polished story that sits near any question);
- shape_fit: how much nearer the answer is to the typical answer of the question's
  shape than to that of any other shape;
- work_fit: how much nearer the answer is to the typical interview answer than to the
  typical polished answer to nothing asked (a family reunion told in STAR form is
  story-shaped, but not about work).

Texts are known by a hash, and a pair never meets itself (its question, its answer,
or the answers of its question) in the reference, so the training tool computes the
features of its own examples with the same code. Pure numpy; a few small products.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from intervoo.practice.shapes import Shape

BACKGROUND_K = 10  # nearest neighbours a background similarity averages
NO_QUESTION = -1  # `answered` of a distractor: it answers no reference question


def text_id(text: str) -> int:
    return int.from_bytes(hashlib.sha1(" ".join(text.split()).encode()).digest()[:8], "big") >> 1


@dataclass(frozen=True, slots=True, eq=False)
class Reference:
    questions: np.ndarray  # (n_q, d) unit query embeddings
    question_ids: np.ndarray  # (n_q,) text_id of each
    answers: np.ndarray  # (n_a, d) unit passage embeddings
    answer_ids: np.ndarray  # (n_a,)
    answered: np.ndarray  # (n_a,) the question row each answers, or NO_QUESTION
    answer_shapes: np.ndarray  # (n_a,) the shape each answers ("" for distractors)

    def save(self) -> bytes:
        """An .npz with fixed entry dates, so the same reference gives the same bytes."""
        arrays = {"questions": self.questions.astype(np.float16),
                  "question_ids": self.question_ids,
                  "answers": self.answers.astype(np.float16), "answer_ids": self.answer_ids,
                  "answered": self.answered, "answer_shapes": self.answer_shapes}  # fmt: skip
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, array in arrays.items():
                info = zipfile.ZipInfo(f"{name}.npy")
                info.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(info, "w") as entry:
                    np.lib.format.write_array(entry, np.ascontiguousarray(array))
        return out.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Reference:
        with np.load(io.BytesIO(raw)) as data:
            return cls(
                questions=data["questions"].astype(np.float32), question_ids=data["question_ids"],
                answers=data["answers"].astype(np.float32), answer_ids=data["answer_ids"],
                answered=data["answered"], answer_shapes=data["answer_shapes"],
            )  # fmt: skip

    def context(
        self, question: str, answer: str, q: np.ndarray, a: np.ndarray, shape: Shape
    ) -> dict[str, float]:
        own_q = self.question_ids == text_id(question)
        own_a = self.answer_ids == text_id(answer)
        # The pair's own question, its answer, and that answer's question are left out.
        answers_ok = ~own_a & ~np.isin(self.answered, np.flatnonzero(own_q))
        questions_ok = ~own_q & ~np.isin(np.arange(len(own_q)), self.answered[own_a])
        to_answers, to_questions = self.answers @ q, self.questions @ a
        return {
            "question_background": _top_mean(
                to_answers[answers_ok & (self.answered == NO_QUESTION)]
            ),
            "answer_background": _top_mean(to_questions[questions_ok]),
            "shape_fit": self._shape_fit(a, shape, answers_ok),
            "work_fit": self._work_fit(a, answers_ok),
        }

    def _work_fit(self, a: np.ndarray, usable: np.ndarray) -> float:
        spare = self.answered == NO_QUESTION
        if not (usable & spare).any() or not (usable & ~spare).any():
            return 0.0
        return _near(self.answers[usable & ~spare], a) - _near(self.answers[usable & spare], a)

    def _shape_fit(self, a: np.ndarray, shape: Shape, usable: np.ndarray) -> float:
        near: dict[str, float] = {}
        for name in set(self.answer_shapes.tolist()) - {""}:
            rows = usable & (self.answer_shapes == name)
            if rows.any():
                near[name] = _near(self.answers[rows], a)
        if shape.value not in near or len(near) < 2:
            return 0.0  # a shape without examples says nothing either way
        return near[shape.value] - max(v for k, v in near.items() if k != shape.value)


def _near(rows: np.ndarray, a: np.ndarray) -> float:
    """Cosine of `a` to the rows' centroid."""
    centroid = rows.mean(axis=0)
    return float(centroid @ a / np.linalg.norm(centroid))


def _top_mean(values: np.ndarray) -> float:
    return float(np.sort(values)[-BACKGROUND_K:].mean()) if values.size else 0.0


@cache
def load_reference(name: str) -> Reference:
    raw = resources.files("intervoo.practice").joinpath(f"data/{name}").read_bytes()
    return Reference.from_bytes(raw)
