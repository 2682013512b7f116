"""Lexical scoring over pre-analyzed documents: a small, correct Okapi BM25 and a
tf-idf cosine.

Term weights are computed once at build time into an inverted index
(term -> [(doc, weight)]), so scoring a query is a handful of dictionary
lookups and additions: well under a millisecond for hundreds of stories.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt


class BM25:
    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        min_corpus: int = 0,
    ) -> None:
        """`min_corpus`: compute idf as if there were at least this many documents, so a
        library of three stories scores a matching word like a library of fifty would
        (plain idf collapses towards 0 in tiny corpora, which breaks absolute thresholds)."""
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 >= 0 and 0 <= b <= 1 (got k1={k1}, b={b})")
        self.size = len(docs)
        self._idf_size = max(self.size, min_corpus)
        lengths = [len(d) for d in docs]
        avg_len = (sum(lengths) / self.size) if self.size else 0.0
        doc_freq: Counter[str] = Counter()
        for doc in docs:
            doc_freq.update(set(doc))
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(docs):
            norm = k1 * (1 - b + b * lengths[index] / avg_len) if avg_len else k1
            for term, tf in Counter(doc).items():
                weight = self.idf(doc_freq[term]) * tf * (k1 + 1) / (tf + norm)
                self._postings.setdefault(term, []).append((index, weight))

    def idf(self, df: int) -> float:
        """The BM25+ style idf that stays positive for terms in most documents."""
        return math.log(1 + (self._idf_size - df + 0.5) / (df + 0.5))

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        """Score every document that shares a term with the query (absent = 0)."""
        totals: dict[int, float] = {}
        for term, qtf in Counter(query).items():
            for index, weight in self._postings.get(term, ()):
                totals[index] = totals.get(index, 0.0) + weight * qtf
        return totals

    def term_weight(self, term: str, index: int) -> float:
        return _posting_weight(self._postings, term, index)


_NO_POSTINGS = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class TfIdfCosine:
    """Cosine similarity of sublinear tf-idf vectors over weighted term counts.

    Where BM25 rewards a document for every query term it contains, the cosine
    also asks how much of the document is about those terms: a story whose main
    theme is the question's beats one that mentions it once among many others.
    """

    def __init__(self, docs: Sequence[Mapping[str, float]], *, min_corpus: int = 0) -> None:
        self.size = len(docs)
        self._idf_size = max(self.size, min_corpus)
        doc_freq: Counter[str] = Counter()
        for doc in docs:
            doc_freq.update(term for term, weight in doc.items() if weight > 0)
        self._doc_freq = doc_freq
        postings: dict[str, list[tuple[int, float]]] = {}
        for index, doc in enumerate(docs):
            for term, weight in self._unit_vector(doc).items():
                postings.setdefault(term, []).append((index, weight))
        # Posting lists as arrays, so a query over thousands of documents adds whole lists
        # at once instead of one document at a time.
        self._postings = {
            term: (
                np.array([i for i, _ in listed], dtype=np.int64),
                np.array([w for _, w in listed], dtype=np.float64),
            )
            for term, listed in postings.items()
        }

    def idf(self, df: int) -> float:
        return math.log(1 + self._idf_size / (1 + df))

    def scores(self, query: Mapping[str, float]) -> npt.NDArray[np.float64]:
        """Cosine (0..1) of every document with the query (0 where no term is shared)."""
        totals = np.zeros(self.size, dtype=np.float64)
        for term, q_weight in self._unit_vector(query).items():
            if term in self._postings:
                indices, weights = self._postings[term]
                totals[indices] += q_weight * weights  # a term lists each document once
        return totals

    def term_weight(self, term: str, index: int) -> float:
        """The weight of `term` in document `index` (0 when absent)."""
        indices, weights = self._postings.get(term, _NO_POSTINGS)
        found = weights[indices == index]
        return float(found[0]) if found.size else 0.0

    def _unit_vector(self, counts: Mapping[str, float]) -> dict[str, float]:
        vector = {
            term: _sublinear(weight) * self.idf(self._doc_freq.get(term, 0))
            for term, weight in counts.items()
            if weight > 0
        }
        norm = math.sqrt(sum(w * w for w in vector.values()))
        return {t: w / norm for t, w in vector.items()} if norm else {}


def _posting_weight(postings: dict[str, list[tuple[int, float]]], term: str, index: int) -> float:
    """The weight of `term` in document `index` (0 when absent)."""
    return next((weight for doc, weight in postings.get(term, ()) if doc == index), 0.0)


def _sublinear(tf: float) -> float:
    """1 + log(tf): the fifth mention of a term adds far less than the first."""
    return 1 + math.log(tf) if tf >= 1 else tf
