import math

import pytest

from intervoo.stories.bm25 import BM25, TfIdfCosine


def test_scores_follow_the_okapi_formula() -> None:
    docs = [["cache", "latency", "cache"], ["team", "conflict"], ["latency", "team", "x", "y"]]
    bm25 = BM25(docs, k1=1.2, b=0.75)
    avg = (3 + 2 + 4) / 3

    def expected(doc: list[str], term: str) -> float:
        df = sum(term in d for d in docs)
        idf = math.log(1 + (3 - df + 0.5) / (df + 0.5))
        tf = doc.count(term)
        return idf * tf * 2.2 / (tf + 1.2 * (1 - 0.75 + 0.75 * len(doc) / avg))

    scores = bm25.scores(["cache", "latency"])
    assert scores[0] == pytest.approx(expected(docs[0], "cache") + expected(docs[0], "latency"))
    assert scores[2] == pytest.approx(expected(docs[2], "latency"))
    assert 1 not in scores


def test_min_corpus_keeps_idf_meaningful_in_tiny_libraries() -> None:
    tiny = BM25([["cost"]])
    floored = BM25([["cost"]], min_corpus=30)
    assert floored.scores(["cost"])[0] > 5 * tiny.scores(["cost"])[0]


def test_empty_corpus_and_bad_parameters() -> None:
    assert BM25([]).scores(["anything"]) == {}
    with pytest.raises(ValueError, match="k1"):
        BM25([["a"]], b=2.0)


def test_cosine_is_one_for_the_same_terms_and_favours_focused_documents() -> None:
    focused = {"failure": 3.0, "lesson": 1.0}
    passing = {"failure": 1.0, "cache": 2.0, "latency": 2.0, "team": 1.0}
    cosine = TfIdfCosine([focused, passing, {"team": 1.0}])
    assert cosine.scores(focused)[0] == pytest.approx(1.0)
    scores = cosine.scores({"failure": 1.0})
    assert scores[0] > scores[1] > 0
    assert scores[2] == 0.0
    assert all(0 < s <= 1 + 1e-9 for s in scores[:2])


def test_cosine_of_an_empty_query_or_corpus_is_empty() -> None:
    assert TfIdfCosine([]).scores({"anything": 1.0}).tolist() == []
    assert TfIdfCosine([{"a": 1.0}]).scores({}).tolist() == [0.0]
    assert TfIdfCosine([{"a": 1.0}]).scores({"a": 0.0}).tolist() == [0.0]
