"""Find the story to tell for a question, in well under a millisecond per question.

Questions and the stories that answer them rarely share words, so three signals
are blended, each saturated to 0..1:

- words: BM25 over word stems (the precise signal when the words are shared);
- concepts: BM25 over `~concept` tokens from the interview lexicon, which
  bridges paraphrases ("my boss" / "the VP");
- competencies: what the question probes (conflict, failure, ...) against how
  strongly each story shows it, relative to the rest of the library, so "a time
  you failed" finds the library's clearest failure story even with no word shared;
- asked: how close the questions the story is known to answer come to this one
  (see `asked`): the strongest signal when a story has them;
- meaning: the cosine between the question and the story embedded by the bundled
  retrieval model (`intervoo.embed`, an asymmetric question -> passage model),
  which knows what no lexicon listed ("advocated for a patient" / "called the
  rapid response team"). Story vectors are centered on the library's mean (what
  every story in a nurse's library shares says nothing about which one fits), the
  question loses its "tell me about a time when" direction, which every
  behavioural question shares, and the score is how far a story stands above the
  rest of the library.

Building the index does all the text analysis; `match` only analyzes the
question and adds precomputed weights.

Measured and left out (issue 22, tuned on dev and logistics only, read on the four
other professions): a vector per field and per sentence with the best one counting;
the title and task embedded as questions and compared question to question; a linear
map of question vectors fitted on dev's labelled and LLM-written questions (0.15 ->
0.37 top-1 on nursing by meaning alone, but within +-0.03 of this ranker once fused);
reciprocal-rank fusion. Each raised some unseen sets and lowered others (z-scored
passage + best sentence + words: hospitality 0.50 -> 0.68 top-1, nursing 0.38 -> 0.29,
and dev 0.73 -> 0.57), none raised every set, none came near 0.80: the model's own
question -> story cosine is the ceiling (0.15-0.45 top-1 alone).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from intervoo.embed import TextEmbedder, default_embedder
from intervoo.events import QuestionKind
from intervoo.resume.schema import Resume
from intervoo.stories.asked import AskedQuestions, AskedScores
from intervoo.stories.bm25 import BM25, TfIdfCosine
from intervoo.stories.competencies import competency_weights, weights_of_concepts
from intervoo.stories.embeddings import (
    VECTORS,
    Vectors,
    VectorStore,
    normalize_rows,
    without_direction,
)
from intervoo.stories.model import Competency, Story
from intervoo.stories.text import (
    CONCEPT_PREFIX,
    analyze,
    concepts_in,
    content_stems,
    stem,
    words,
)

# Weights of the signals, each 0..1.
WORD_WEIGHT = 0.5
CONCEPT_WEIGHT = 2.0
COMPETENCY_WEIGHT = 0.1
DENSE_WEIGHT = 1.0
# Spreads above the library's mean cosine at which the meaning signal counts fully.
DENSE_SPREADS = 3.0
ASKED_WEIGHT = 32.0
# Center story vectors on the library's mean only from this many stories on: the mean
# of two or three stories is mostly those stories themselves.
DENSE_CENTER_MIN = 5
# A meaning score (0..1) at which a story is said to be "close in meaning" in its `why`.
DENSE_WHY = 0.5
# An `asked` score at which the story's closest question is quoted in its `why`.
ASKED_WHY = 0.3
# The openings every behavioural question shares; their direction is removed from
# question vectors so what is left is what the question is about.
_QUESTION_FRAMES = (
    "Tell me about a time when you", "Describe a situation where you", "How do you",
    "Give an example of", "How have you", "Have you ever", "What did you do when",
    "Walk me through",
)  # fmt: skip
# How much each part of a story counts: the title says in few words what it is about.
FIELD_WEIGHTS = {"title": 2.0, "situation": 1.0, "task": 1.0, "action": 1.0, "result": 1.0}
# Highlight BM25 score at which relevance counts as one half.
HIGHLIGHT_HALF = 6.0
# Score small libraries as if they had this many stories (see BM25 `min_corpus`).
MIN_CORPUS = 30
# Competency mentions in a story at which its strength counts as one half.
STORY_COMPETENCY_HALF = 3.0
# A story already told in this session ranks with this share of its score.
TOLD_DISCOUNT = 0.7
# Below this (0..1) a story does not fit the question: fall back to highlights.
MIN_SCORE = 0.12
# A question's strongest competency counts fully, the next ones less.
_RANK_WEIGHTS = (1.0, 0.6, 0.4)
# Kinds of question no story answers ("when can you start?", "any questions for us?").
_STORYLESS_KINDS = frozenset(
    {QuestionKind.LOGISTICS, QuestionKind.CLOSING, QuestionKind.MOTIVATION}
)
_TECHNICAL_KINDS = frozenset({QuestionKind.TECHNICAL, QuestionKind.SYSTEM_DESIGN})


@dataclass(frozen=True, slots=True)
class StoryMatch:
    story: Story
    score: float
    why: str


@dataclass(frozen=True, slots=True)
class HighlightMatch:
    work_id: str
    employer: str
    position: str
    text: str
    score: float
    why: str = ""


@dataclass(frozen=True, slots=True)
class _Highlight:
    work_id: str
    employer: str
    position: str
    text: str


@dataclass(frozen=True, slots=True)
class _Query:
    stems: list[str]
    concepts: list[str]
    competencies: dict[Competency, float]
    vector: Vectors | None

    @property
    def terms(self) -> list[str]:
        return self.stems + self.concepts


class StoryIndex:
    """An immutable index over one user's stories (and resume highlights for the fallback)."""

    def __init__(
        self,
        stories: Iterable[Story],
        *,
        resume: Resume | None = None,
        embedder: TextEmbedder | Literal["default"] | None = "default",
        vectors: VectorStore | None = None,
    ) -> None:
        """`embedder`: "default" uses the retrieval model shipped with the package
        (lexical matching alone when it is not installed); None turns dense matching off.
        `vectors`: where stored story vectors are read (and missing ones kept)."""
        self.stories: list[Story] = list(stories)
        analyzed = [_story_terms(s) for s in self.stories]
        self._words = TfIdfCosine([stems for stems, _ in analyzed], min_corpus=MIN_CORPUS)
        self._concepts = TfIdfCosine([c for _, c in analyzed], min_corpus=MIN_CORPUS)
        self._strengths = _relative_strengths([_competency_strengths(s) for s in self.stories])
        # competency -> [(story, strength)], so a question only touches the stories that show it.
        self._by_competency: dict[Competency, list[tuple[int, float]]] = defaultdict(list)
        for index, strengths in enumerate(self._strengths):
            for competency, strength in strengths.items():
                self._by_competency[competency].append((index, strength))
        self._surface = [_surface_words(s.text) for s in self.stories]
        self._highlights = _highlights(resume) if resume else []
        self._highlight_bm25 = BM25(
            [analyze(h.text) for h in self._highlights], min_corpus=MIN_CORPUS
        )
        self._embedder = default_embedder() if embedder == "default" else embedder
        self._vectors: Vectors | None = None
        self._frame: Vectors | None = None
        if self._embedder is not None and self.stories:
            self._vectors, self._frame = _library_vectors(self._embedder, self.stories, vectors)
        self._asked = AskedQuestions(
            self.stories,
            embedder=self._embedder,
            frame=self._frame,
            min_corpus=MIN_CORPUS,
            vectors=vectors,
        )

    def __len__(self) -> int:
        return len(self.stories)

    def match(
        self,
        question: str,
        *,
        top: int = 3,
        kind: QuestionKind | None = None,
        exclude: Collection[str] = (),
        min_score: float = MIN_SCORE,
    ) -> list[StoryMatch]:
        """The best stories for the question, best first; `exclude` holds ids already told
        in this session, which give way to an untold story that fits nearly as well."""
        if top < 1:
            raise ValueError(f"top must be at least 1, got {top}")
        if kind in _STORYLESS_KINDS or not self.stories:
            return []
        query = self._query(question, kind)
        asked = self._asked.scores(query.terms, query.vector)
        dense = self._dense(query)
        scores, fit = self._scores(query, asked, dense)
        told = set(exclude)
        fitting = np.flatnonzero((fit >= min_score) & (scores > 0))
        # A story told already ranks as if it fit a little less: when two fit, the one
        # not yet told comes first, but a told story that fits far better still wins.
        ranking = scores[fitting]
        if told:
            was_told = np.array([self.stories[i].id in told for i in fitting], dtype=bool)
            ranking = ranking * np.where(was_told, TOLD_DISCOUNT, 1.0)
        ranked = fitting[np.lexsort((fitting, -ranking))][:top]  # ties: library order
        return [self._explain(query, int(i), float(scores[i]), told, asked, dense) for i in ranked]

    def match_highlights(self, question: str, *, top: int = 3) -> list[HighlightMatch]:
        """Resume highlights closest to the question, for when no story fits."""
        if top < 1:
            raise ValueError(f"top must be at least 1, got {top}")
        scores = self._highlight_bm25.scores(analyze(question))
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:top]
        return [
            _highlight_match(self._highlights[i], _saturate(score, HIGHLIGHT_HALF))
            for i, score in ranked
        ]

    def _query(self, question: str, kind: QuestionKind | None) -> _Query:
        concepts = concepts_in(question)
        competencies = _query_competencies(concepts)
        if kind in _TECHNICAL_KINDS and Competency.TECHNICAL not in competencies:
            competencies[Competency.TECHNICAL] = _RANK_WEIGHTS[-1]
        vector = None
        if self._embedder is not None and self._frame is not None:
            embedded = VECTORS.queries(self._embedder, [question])
            vector = without_direction(embedded, self._frame)[0]
        stems = content_stems(question)
        return _Query(stems, [CONCEPT_PREFIX + c for c in concepts], competencies, vector)

    def _scores(
        self, query: _Query, asked: AskedScores, dense: npt.NDArray[np.float64] | None
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """(score, fit) of every story for the question, each 0..1. The score ranks: its
        own text, blended with how close its questions come when the library has any.
        The fit says whether it answers the question at all: the better of its text and
        its questions, so a story asked about some other way (one practice question)
        still fits by its text, however much weight questions carry in the ranking."""
        text = WORD_WEIGHT * self._words.scores(Counter(query.stems))
        text += CONCEPT_WEIGHT * self._concepts.scores(Counter(query.concepts))
        for index, score in self._competency_overlap(query.competencies).items():
            text[index] += COMPETENCY_WEIGHT * score
        text_weight = WORD_WEIGHT + CONCEPT_WEIGHT + COMPETENCY_WEIGHT
        if dense is not None:
            text_weight += DENSE_WEIGHT
            text += DENSE_WEIGHT * dense
        fit = np.maximum(text / text_weight, asked.by_story)
        if not self._asked:
            return text / text_weight, fit
        return (text + ASKED_WEIGHT * asked.by_story) / (text_weight + ASKED_WEIGHT), fit

    def _competency_overlap(self, query: dict[Competency, float]) -> dict[int, float]:
        """Per story, the share of the question's competency weight it shows (0..1)."""
        total = sum(query.values())
        overlap: dict[int, float] = {}
        for competency, weight in query.items():
            for index, strength in self._by_competency.get(competency, ()):
                overlap[index] = overlap.get(index, 0.0) + weight * strength / total
        return overlap

    def _dense(self, query: _Query) -> npt.NDArray[np.float64] | None:
        """Per story, 0..1, how far its meaning stands out for the question."""
        if self._vectors is None or query.vector is None:
            return None
        return _standout(self._vectors @ query.vector)

    def _term_weight(self, term: str, index: int) -> float:
        if term.startswith(CONCEPT_PREFIX):
            return self._concepts.term_weight(term, index)
        return self._words.term_weight(term, index)

    def _explain(
        self,
        query: _Query,
        index: int,
        score: float,
        told: set[str],
        asked: AskedScores,
        dense: npt.NDArray[np.float64] | None,
    ) -> StoryMatch:
        story = self.stories[index]
        shared = [c.value for c in query.competencies if self._strengths[index].get(c, 0.0) > 0]
        weights = {t: self._term_weight(t, index) for t in set(query.terms)}
        terms = sorted((t for t, w in weights.items() if w), key=lambda t: -weights[t])
        cues = [self._surface[index].get(t, t.removeprefix(CONCEPT_PREFIX)) for t in terms]
        parts = []
        if shared:
            parts.append("shows " + ", ".join(shared[:2]))
        if cues:
            parts.append("mentions " + ", ".join(list(dict.fromkeys(cues))[:3]))
        if dense is not None and dense[index] >= DENSE_WHY:
            parts.append("close in meaning")
        if asked.by_story[index] >= ASKED_WHY:
            parts.append(f'answers "{asked.closest_question(index)}"')
        if story.id in told:
            parts.append("already told in this session")
        return StoryMatch(story=story, score=round(score, 4), why="; ".join(parts) or "closest")


def _standout(cosines: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    """How far each story's cosine stands above the library's, 0..1: a retrieval model's
    cosines sit in a narrow band (0.75-0.9 for every story), so their raw values say
    little; how many spreads one story is above the others says which one fits."""
    if len(cosines) < 2:
        return np.clip(cosines, 0.0, 1.0).astype(np.float64)
    spread = max(float(cosines.std()), 1e-6)
    standout: npt.NDArray[np.float64] = np.clip(
        (cosines - cosines.mean()) / (DENSE_SPREADS * spread), 0.0, 1.0
    )
    return standout


def _saturate(score: float, half: float) -> float:
    return score / (score + half) if score > 0 else 0.0


def _library_vectors(
    embedder: TextEmbedder, stories: Sequence[Story], store: VectorStore | None
) -> tuple[Vectors, Vectors]:
    """(story vectors, the unit direction of question frames), each cached by its text."""
    vectors = VECTORS.passages(embedder, [s.text for s in stories], store)
    frames = VECTORS.queries(embedder, _QUESTION_FRAMES)
    if len(stories) >= DENSE_CENTER_MIN:
        vectors = normalize_rows(vectors - vectors.mean(axis=0, keepdims=True))
    return vectors, normalize_rows(frames.mean(axis=0, keepdims=True))[0]


def _story_terms(story: Story) -> tuple[dict[str, float], dict[str, float]]:
    """(word stems, concept tokens), each counted with the weight of its field."""
    stems: dict[str, float] = defaultdict(float)
    concepts: dict[str, float] = defaultdict(float)
    for field, weight in FIELD_WEIGHTS.items():
        text = getattr(story, field)
        for term in content_stems(text):
            stems[term] += weight
        for concept in concepts_in(text):
            concepts[CONCEPT_PREFIX + concept] += weight
    return stems, concepts


def _competency_strengths(story: Story) -> dict[Competency, float]:
    # Saturating strength: three mentions of conflict is a conflict story, one
    # passing mention is only a little one.
    detected = competency_weights(story.text)
    strengths = {c: w / (w + STORY_COMPETENCY_HALF) for c, w in detected.items()}
    for tagged in story.competencies:
        strengths[tagged] = 1.0
    return strengths


def _relative_strengths(
    strengths: list[dict[Competency, float]],
) -> list[dict[Competency, float]]:
    """Scale each competency so the library's strongest story for it scores 1: a
    question about failure should find the clearest failure story, even in a library
    where every story mentions failure only in passing."""
    peak: dict[Competency, float] = {}
    for story in strengths:
        for competency, strength in story.items():
            peak[competency] = max(peak.get(competency, 0.0), strength)
    return [{c: w / peak[c] for c, w in story.items()} for story in strengths]


def _query_competencies(concepts: list[str]) -> dict[Competency, float]:
    weights = weights_of_concepts(concepts)
    ranked = sorted(weights, key=lambda c: -weights[c])
    return {c: _RANK_WEIGHTS[min(i, len(_RANK_WEIGHTS) - 1)] for i, c in enumerate(ranked)}


def _surface_words(text: str) -> dict[str, str]:
    """stem -> the first word in the story that produced it, to explain matches readably."""
    surface: dict[str, str] = {}
    for word in words(text):
        surface.setdefault(stem(word), word)
    return surface


def _highlights(resume: Resume) -> list[_Highlight]:
    return [
        _Highlight(work.id, work.name or "", work.position or "", text)
        for work in resume.work
        for text in work.highlights
        if text.strip()
    ]


def _highlight_match(highlight: _Highlight, score: float) -> HighlightMatch:
    where = " as ".join(p for p in (highlight.employer, highlight.position) if p)
    why = "no story fits this question; closest resume highlight" + (f" ({where})" if where else "")
    return HighlightMatch(
        work_id=highlight.work_id,
        employer=highlight.employer,
        position=highlight.position,
        text=highlight.text,
        score=round(score, 4),
        why=why,
    )
