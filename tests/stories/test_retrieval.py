"""StoryIndex: accuracy on the labeled sets, told stories, fallback, kinds, the embedding hook."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from intervoo.events import QuestionKind
from intervoo.resume.schema import Resume, WorkEntry
from intervoo.stories.embeddings import Vectors, normalize_rows
from intervoo.stories.model import Story
from intervoo.stories.question_writer import WRITTEN_QUESTIONS
from intervoo.stories.retrieval import StoryIndex
from tests.stories.evaluation import load_set, measure

# Issue 22's targets, and top-1 / top-3 as measured, in two ways:
# - stories alone (words + concept cosine + competency prior + the bundled retrieval
#   model, `intervoo.embed`): what a library gets with no LLM configured;
# - with the questions an LLM wrote for each story from the story alone, with the two
#   prompts of `stories.question_writer` (`NAME_llm_questions.json`, data/README.md),
#   as the library does in the background when an LLM is configured.
# data/README.md says which sets were tuned on.
TARGETS = {False: (0.80, 0.92), True: (0.90, 0.97)}  # by "with LLM-written questions"
SETS = ["dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"]
# (set, with LLM-written questions) -> floors just under what was measured.
FLOORS = {
    ("dev", False): (0.72, 0.94),  # measured 0.725 / 0.941
    ("heldout", False): (0.80, 0.94),  # 0.800 / 0.947
    ("heldout2", False): (0.38, 0.65),  # 0.381 / 0.655
    ("heldout3", False): (0.44, 0.70),  # 0.449 / 0.705
    ("heldout4", False): (0.50, 0.81),  # 0.500 / 0.812
    ("heldout5", False): (0.47, 0.66),  # 0.475 / 0.662
    ("dev", True): (0.92, 0.99),  # 0.922 / 0.990
    ("heldout", True): (0.93, 0.96),  # 0.933 / 0.960
    ("heldout2", True): (0.75, 0.90),  # 0.750 / 0.905
    ("heldout3", True): (0.85, 0.94),  # 0.859 / 0.949
    ("heldout4", True): (0.88, 0.97),  # 0.887 / 0.975
    ("heldout5", True): (0.90, 0.97),  # 0.900 / 0.975
}
# Where the targets are met; the rest are strict xfails, so reaching one is noticed.
_MET = {("heldout", False), ("dev", True), ("heldout5", True)}
_UNMET = pytest.mark.xfail(strict=True, reason="issue 22 targets not reached on this set")
# Every accuracy test embeds a whole labeled set with the real model (seconds each).
_SLOW = pytest.mark.slow


def _target_case(name: str, with_questions: bool) -> object:
    met = (name, with_questions) in _MET
    return pytest.param(name, with_questions, marks=[_SLOW] if met else [_SLOW, _UNMET])


_TARGET_CASES = [
    _target_case(name, with_questions) for name in SETS for with_questions in (False, True)
]


@pytest.mark.parametrize("name", SETS)
def test_labeled_sets_are_big_enough_and_consistent(name: str) -> None:
    labeled = load_set(name, llm_questions=True)
    ids = {s.id for s in labeled.stories}
    assert len(ids) == len(labeled.stories) >= 25
    assert len(labeled.questions) >= 75
    assert all(expected in ids for _, expected in labeled.questions)
    # Each story's 20 written questions, a few fewer where the two replies repeat one.
    assert all(18 <= len(s.questions) <= WRITTEN_QUESTIONS for s in labeled.stories)


@_SLOW
@pytest.mark.parametrize(("name", "with_questions"), sorted(FLOORS))
def test_accuracy_does_not_regress(name: str, with_questions: bool) -> None:
    labeled = load_set(name, llm_questions=with_questions)
    accuracy = measure(StoryIndex(labeled.stories), labeled.questions)
    top1, top3 = FLOORS[(name, with_questions)]
    assert accuracy.top1 >= top1 and accuracy.top3 >= top3, accuracy.misses


@pytest.mark.parametrize(("name", "with_questions"), _TARGET_CASES)
def test_accuracy_meets_the_issue_targets(name: str, with_questions: bool) -> None:
    labeled = load_set(name, llm_questions=with_questions)
    accuracy = measure(StoryIndex(labeled.stories), labeled.questions)
    top1, top3 = TARGETS[with_questions]
    assert accuracy.top1 >= top1 and accuracy.top3 >= top3


def _library() -> list[Story]:
    return load_set("dev").stories


def test_disagreement_with_the_boss_finds_the_story_about_it() -> None:
    # Two more stories are disagreements with a superior and may come first (a dev-set
    # top-1 miss since the retrieval model joined); the live prompt sees the top 3.
    found = StoryIndex(_library()).match("Tell me about a time you disagreed with your boss.")
    best = next(m for m in found if m.story.id == "d-disagree-cto")
    assert found.index(best) < 3
    assert "conflict" in best.why or "influence" in best.why


def test_when_two_stories_fit_the_one_not_yet_told_comes_first() -> None:
    stories = [
        Story(id="search", title="Moved search from Elasticsearch to OpenSearch, no downtime"),
        Story(id="db", title="Moved billing from MySQL to PostgreSQL without downtime"),
        Story(id="ui", title="Redesigned the onboarding screens"),
    ]
    index = StoryIndex(stories)
    question = "Tell me about a migration you did without downtime."
    first, second = (m.story.id for m in index.match(question, top=2))
    assert {first, second} == {"search", "db"}
    again = index.match(question, top=2, exclude={first})
    assert [m.story.id for m in again] == [second, first]
    assert "already told" in again[1].why


def test_a_told_story_that_fits_far_better_is_still_told() -> None:
    stories = [
        Story(id="db", title="Migrated Elasticsearch to OpenSearch with zero downtime"),
        Story(id="ui", title="Redesigned the billing dashboard"),
    ]
    index = StoryIndex(stories)
    question = "Tell me about a migration you led without downtime."
    assert [m.story.id for m in index.match(question, exclude={"db"})][0] == "db"


def test_scores_are_between_0_and_1_and_sorted() -> None:
    matches = StoryIndex(_library()).match("Tell me about a time you failed.", top=10)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


@pytest.mark.parametrize(
    "kind", [QuestionKind.LOGISTICS, QuestionKind.CLOSING, QuestionKind.MOTIVATION]
)
def test_no_story_answers_logistics_closing_or_motivation(kind: QuestionKind) -> None:
    assert StoryIndex(_library()).match("When could you start?", kind=kind) == []


def test_unrelated_question_matches_no_story_and_falls_back_to_highlights() -> None:
    resume = Resume(
        work=[
            WorkEntry(
                id="w1", name="Acme", position="Engineer",
                highlights=["Built the Kotlin payments SDK used by 40 partner banks"],
            ),
            WorkEntry(id="w2", name="Initech", highlights=["Ran the intern program"]),
        ]
    )  # fmt: skip
    index = StoryIndex(_library()[:3], resume=resume)
    question = "Have you worked with Kotlin SDKs for banks?"
    assert index.match(question) == []
    highlights = index.match_highlights(question, top=2)
    assert highlights[0].work_id == "w1" and highlights[0].employer == "Acme"
    assert "no story fits" in highlights[0].why


def test_a_one_story_library_still_matches_what_fits() -> None:
    story = Story(title="Cut the AWS bill", result="We saved $250k a year on cloud costs.")
    assert StoryIndex([story]).match("How have you saved your company money?")[0].story is story


def test_bad_top_is_refused() -> None:
    with pytest.raises(ValueError, match="top"):
        StoryIndex(_library()).match("anything", top=0)


class KeywordEmbedder:
    """A deterministic stand-in for a retrieval model: one dimension per hashed word,
    and it knows one synonym the lexicon does not ("automobile" = "car")."""

    model_id = "keyword-test"
    dims = 64

    def __init__(self) -> None:
        self.calls = 0

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        rows = np.zeros((len(texts), self.dims), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace("automobile", "car").split():
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dims] += 1
        return normalize_rows(rows)


def test_dense_embeddings_are_blended_in_when_an_embedder_is_given() -> None:
    stories = [Story(title="garden hedge"), Story(title="car repair")]
    embedder = KeywordEmbedder()
    index = StoryIndex(stories, embedder=embedder)
    built = embedder.calls
    StoryIndex(stories, embedder=embedder)
    assert embedder.calls == built  # vectors are kept by text: the next session embeds none
    # No shared word: only the dense signal can tell these apart.
    assert StoryIndex(stories, embedder=None).match("automobile", min_score=0.0) == []
    matches = index.match("automobile", min_score=0.0)
    assert matches[0].story is stories[1]
    assert embedder.calls == built + 1
