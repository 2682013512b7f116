"""Questions a story is known to answer, as a retrieval signal.

A story's `questions` come from the practice question that drew it out, from the
configured LLM (`stories.question_writer`), or from the user. Matching a question
against questions is far easier than matching it against the story itself: two
questions share the interviewer's words ("a time you had to let someone go")
where the story has the candidate's ("I dismissed the sous-chef"). Per story, 0..1:

- its closest question, by the tf-idf cosine plus the embedding cosine (both
  questions without the "tell me about a time" direction every behavioural
  question shares);
- all its questions as one text, by the tf-idf cosine, which rewards a word the
  story gets asked about in several ways.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from intervoo.embed import TextEmbedder
from intervoo.stories.bm25 import TfIdfCosine
from intervoo.stories.embeddings import (
    VECTORS,
    Vectors,
    VectorStore,
    normalize_rows,
    without_direction,
)
from intervoo.stories.model import Story
from intervoo.stories.text import CONCEPT_PREFIX, concepts_in, content_stems

# Relative weights (tuned on the labeled sets): the closest question's words and its
# meaning, and the words of all the story's questions together.
CLOSEST_WEIGHT = 0.5
ALL_WEIGHT = 1.0
MEANING_WEIGHT = 1.0
_TOTAL_WEIGHT = CLOSEST_WEIGHT + ALL_WEIGHT + MEANING_WEIGHT
# Stories whose every question is compared by meaning: those whose questions' centroid
# comes closest. The others' questions count their centroid's cosine, which is what
# keeps a 500-story library's match in milliseconds (10,000 vectors read per question
# otherwise); a library this small or smaller is compared exactly.
SHORTLIST = 48


@lru_cache(maxsize=1 << 16)
def question_terms(text: str) -> tuple[str, ...]:
    """Word stems and `~concept` tokens, the terms both sides are compared on. Cached: a
    library's questions are analyzed again each time an index is built (every live
    session, every match request), and that analysis is most of the build."""
    return (*content_stems(text), *(CONCEPT_PREFIX + c for c in concepts_in(text)))


@dataclass(frozen=True, slots=True)
class AskedScores:
    """How close each story's questions come to the one asked."""

    by_story: npt.NDArray[np.float64]  # 0..1 per story (0 for those with no questions)
    _each: npt.NDArray[np.float64]  # per question: its closest-question score
    _index: AskedQuestions

    def closest_question(self, story: int) -> str:
        """The story's question closest to the one asked (it must have questions)."""
        start, end = self._index.span(story)
        return self._index.texts[start + int(np.argmax(self._each[start:end]))]


class AskedQuestions:
    """An index over the questions of one library's stories."""

    def __init__(
        self,
        stories: Sequence[Story],
        *,
        embedder: TextEmbedder | None,
        frame: Vectors | None,
        min_corpus: int,
        vectors: VectorStore | None = None,
    ) -> None:
        self.texts = [q for story in stories for q in story.questions]
        # Each story's questions are contiguous: story i owns texts[starts[i]:starts[i+1]].
        counts = np.array([len(story.questions) for story in stories], dtype=np.int64)
        self._starts = np.concatenate([[0], np.cumsum(counts)])
        self._asked = np.flatnonzero(counts)  # stories with at least one question
        terms = [Counter(question_terms(q)) for q in self.texts]
        self._each = TfIdfCosine(terms, min_corpus=min_corpus)
        per_story: list[Counter[str]] = []
        for story in range(len(stories)):
            merged: Counter[str] = Counter()
            for counted in terms[self._starts[story] : self._starts[story + 1]]:
                merged.update(counted)
            per_story.append(merged)
        self._all = TfIdfCosine(per_story, min_corpus=min_corpus)
        self._vectors: Vectors | None = None
        if embedder is not None and frame is not None and self.texts:
            embedded = VECTORS.queries(embedder, self.texts, vectors)
            self._vectors = without_direction(embedded, frame)
        # Per question, the position of its story among those with questions.
        self._owner = np.repeat(np.arange(len(self._asked)), counts[self._asked])
        self._centroids: Vectors | None = None
        self._shortlist = SHORTLIST
        if self._vectors is not None and len(self._asked) > self._shortlist:
            sums = np.add.reduceat(self._vectors, self._starts[self._asked], axis=0)
            self._centroids = normalize_rows(sums)

    def __bool__(self) -> bool:
        return bool(self.texts)

    def _meaning(self, vector: Vectors) -> npt.NDArray[np.float32]:
        """Per question, its cosine with the one asked (its centroid's, off the shortlist)."""
        assert self._vectors is not None
        if self._centroids is None:
            return self._vectors @ vector
        coarse = self._centroids @ vector
        shortlist = np.zeros(len(coarse), dtype=bool)
        shortlist[np.argpartition(-coarse, self._shortlist)[: self._shortlist]] = True
        exact = shortlist[self._owner]
        cosines = coarse[self._owner]
        cosines[exact] = self._vectors[exact] @ vector
        return cosines

    def span(self, story: int) -> tuple[int, int]:
        return int(self._starts[story]), int(self._starts[story + 1])

    def scores(self, terms: Sequence[str], vector: Vectors | None) -> AskedScores:
        """Per story with questions, how close its questions come to the one asked."""
        if not self.texts:
            return AskedScores(np.zeros(len(self._starts) - 1), np.zeros(0), self)
        counted = Counter(terms)
        each = CLOSEST_WEIGHT * self._each.scores(counted)
        if self._vectors is not None and vector is not None:
            each += MEANING_WEIGHT * np.clip(self._meaning(vector), 0.0, 1.0)
        totals = ALL_WEIGHT * self._all.scores(counted)
        totals[self._asked] += np.maximum.reduceat(each, self._starts[self._asked])
        return AskedScores(totals / _TOTAL_WEIGHT, each, self)
