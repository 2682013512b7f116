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

# Issue 8's targets, and top-1 / top-3 as measured, in two ways:
# - stories alone (words + concept cosine + competency prior + the bundled static
#   MiniLM embeddings): what a library gets with no LLM configured;
# - with the questions an LLM wrote for each story from the story alone, with the two
#   prompts of `stories.question_writer` (`NAME_llm_questions.json`, data/README.md),
#   as the library does in the background when an LLM is configured.
# data/README.md says which sets were tuned on; "heldout5" (construction) was written
# after every weight and prompt was fixed, and measured once.
TARGET_TOP1, TARGET_TOP3 = 0.85, 0.95
SETS = ["dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"]
# (set, with LLM-written questions) -> floors just under what was measured.
FLOORS = {
    ("dev", False): (0.82, 0.88),  # measured 0.824 / 0.882
    ("heldout", False): (0.82, 0.94),  # 0.827 / 0.947
    ("heldout2", False): (0.35, 0.46),  # 0.357 / 0.464
    ("heldout3", False): (0.25, 0.42),  # 0.256 / 0.423
    ("heldout4", False): (0.39, 0.56),  # 0.400 / 0.562
    ("heldout5", False): (0.29, 0.49),  # 0.300 / 0.500
    ("dev", True): (0.92, 0.97),  # 0.931 / 0.980
    ("heldout", True): (0.90, 0.97),  # 0.907 / 0.973
    ("heldout2", True): (0.72, 0.91),  # 0.726 / 0.917
    ("heldout3", True): (0.85, 0.93),  # 0.859 / 0.936
    ("heldout4", True): (0.87, 0.96),  # 0.875 / 0.963
    ("heldout5", True): (0.87, 0.97),  # 0.875 / 0.975
}
# The targets are met only with LLM-written questions, and not on every set: nursing
# (0.73 / 0.92) and teaching's top-3 (0.94) fall short.
_MET = {"dev", "heldout", "heldout4", "heldout5"}
_UNMET = pytest.mark.xfail(strict=True, reason="issue 8 targets not reached on this set")


def _target_case(name: str, with_questions: bool) -> object:
    met = with_questions and name in _MET
    return pytest.param(name, with_questions, marks=[] if met else [_UNMET])


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
    assert accuracy.top1 >= TARGET_TOP1 and accuracy.top3 >= TARGET_TOP3


def _library() -> list[Story]:
    return load_set("dev").stories


def test_disagreement_with_the_boss_finds_the_story_about_it() -> None:
    best = StoryIndex(_library()).match("Tell me about a disagreement with your manager.", top=1)
    assert best[0].story.id == "d-disagree-cto"
    assert "conflict" in best[0].why or "influence" in best[0].why


def test_told_stories_only_fill_places_no_untold_story_can() -> None:
    index = StoryIndex(_library())
    question = "Tell me about a time you disagreed with your CTO."
    told = index.match(question, top=1)[0].story.id
    assert index.match(question, top=1, exclude={told})[0].story.id != told
    everything = index.match(question, top=50, exclude={told})
    assert everything[-1].story.id == told
    assert "already told" in everything[-1].why


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
    """A deterministic stand-in for a sentence model: one dimension per hashed word,
    and it knows one synonym the lexicon does not ("automobile" = "car")."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace("automobile", "car").split():
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1
        return normalize_rows(rows)


def test_dense_embeddings_are_blended_in_when_an_embedder_is_given() -> None:
    stories = [Story(title="garden hedge"), Story(title="car repair")]
    embedder = KeywordEmbedder()
    index = StoryIndex(stories, embedder=embedder)
    assert embedder.calls == 1  # the library is embedded once, at build time
    # No shared word: only the dense signal can tell these apart.
    assert StoryIndex(stories, embedder=None).match("automobile", min_score=0.0) == []
    matches = index.match("automobile", min_score=0.0)
    assert matches[0].story is stories[1]
    assert embedder.calls == 2
