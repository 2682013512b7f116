"""Questions a story is known to answer, as a retrieval signal.

A story's `questions` come from the practice question that drew it out, from the
configured LLM (`stories.question_writer`), or from the user. Matching a question
against questions is far easier than matching it against the story itself: two
questions share the interviewer's words ("a time you had to let someone go")
where the story has the candidate's ("I dismissed the sous-chef"). Three views,
each 0..1 per story:

- closest: the tf-idf cosine with the story's single closest question;
- all: the tf-idf cosine with all its questions as one text, which rewards a word
  the story gets asked about in several ways;
- meaning: the embedding cosine with its closest question, both without the
  "tell me about a time" direction every behavioural question shares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from intervoo.stories.bm25 import TfIdfCosine
from intervoo.stories.embeddings import Embedder, Vectors, normalize_rows
from intervoo.stories.model import Story
from intervoo.stories.text import CONCEPT_PREFIX, concepts_in, content_stems

# Weights of the three views, relative to each other (tuned on the labeled sets).
CLOSEST_WEIGHT = 0.5
ALL_WEIGHT = 1.0
MEANING_WEIGHT = 1.0
_TOTAL_WEIGHT = CLOSEST_WEIGHT + ALL_WEIGHT + MEANING_WEIGHT


def question_terms(text: str) -> list[str]:
    """Word stems and `~concept` tokens, the terms both sides are compared on."""
    return content_stems(text) + [CONCEPT_PREFIX + c for c in concepts_in(text)]


@dataclass(frozen=True, slots=True)
class AskedMatch:
    score: float  # 0..1
    question: str  # the story's question closest to the one asked


class AskedQuestions:
    """An index over the questions of one library's stories."""

    def __init__(
        self,
        stories: Sequence[Story],
        *,
        embedder: Embedder | None,
        frame: Vectors | None,
        min_corpus: int,
    ) -> None:
        self._texts = [q for story in stories for q in story.questions]
        self._owners = np.array(
            [i for i, story in enumerate(stories) for _ in story.questions], dtype=np.int64
        )
        self._stories = len(stories)
        terms = [Counter(question_terms(q)) for q in self._texts]
        self._each = TfIdfCosine(terms, min_corpus=min_corpus)
        per_story: list[Counter[str]] = [Counter() for _ in stories]
        for owner, counts in zip(self._owners, terms, strict=True):
            per_story[owner].update(counts)
        self._all = TfIdfCosine(per_story, min_corpus=min_corpus)
        self._frame = frame
        self._vectors: Vectors | None = None
        if embedder is not None and frame is not None and self._texts:
            self._vectors = _without_rows(embedder.embed(self._texts), frame)

    def __bool__(self) -> bool:
        return bool(self._texts)

    def scores(self, terms: Sequence[str], vector: Vectors | None) -> dict[int, AskedMatch]:
        """Per story with questions, how close its questions come to the one asked."""
        if not self._texts:
            return {}
        each = np.zeros(len(self._texts), dtype=np.float64)
        for index, score in self._each.scores(Counter(terms)).items():
            each[index] = CLOSEST_WEIGHT * score
        if self._vectors is not None and vector is not None:
            each += MEANING_WEIGHT * np.clip(self._vectors @ vector, 0.0, 1.0)
        best = np.full(self._stories, -1, dtype=np.int64)
        best_score = np.zeros(self._stories, dtype=np.float64)
        for index in np.argsort(each):  # ascending: the last write per story is its best
            best[self._owners[index]] = index
            best_score[self._owners[index]] = each[index]
        totals = best_score
        for story, score in self._all.scores(Counter(terms)).items():
            totals[story] += ALL_WEIGHT * score
        return {
            int(story): AskedMatch(float(totals[story]) / _TOTAL_WEIGHT, self._texts[best[story]])
            for story in np.flatnonzero(best >= 0)
        }


def _without_rows(vectors: Vectors, direction: Vectors) -> Vectors:
    """Each row with its component along the unit `direction` removed, renormalized."""
    return normalize_rows(vectors - np.outer(vectors @ direction, direction))
