"""What a question needs from the candidate's library, decided by meaning.

The question's kind (from `intervoo.questions`) says how to answer; the need says
what evidence serves it: "What are you proudest of?" needs the strongest result
whatever the classifier called it, "a time you failed" needs a story shaped like a
setback. A learned head (`need_model`, trained on a few hundred labelled questions)
reads it from the question's vector (the one story matching uses), its kind and its
closeness to a few example questions per need. For an embedding model the head was
not trained on, the nearest examples decide, and the kind adds a small prior. Without
any model, the kind alone decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from intervoo.copilot.need_model import NeedModel, load_need_model
from intervoo.embed import TextEmbedder, Vectors
from intervoo.events import QuestionKind
from intervoo.stories.competencies import competency_weights
from intervoo.stories.embeddings import VECTORS, ShippedVectors
from intervoo.stories.model import Competency


class Need(StrEnum):
    PROFILE = "profile"  # about you, background, walk me through your resume
    MOTIVATION = "motivation"  # why us, why this role
    PROUDEST = "proudest"  # proudest, biggest achievement, strengths
    SETBACK = "setback"  # weakness, failure, mistake
    CONFLICT = "conflict"  # disagreement, difficult person
    EXPERIENCE = "experience"  # a time you..., how have you used / set up X
    CONCEPT = "concept"  # explain X, the difference between X and Y
    CODING = "coding"  # write / implement an algorithm
    DESIGN = "design"  # design a system
    LOGISTICS = "logistics"
    CLOSING = "closing"


# Example questions per need, written apart from every benchmark's questions.
EXAMPLES: dict[Need, tuple[str, ...]] = {
    Need.PROFILE: (
        "Introduce yourself.", "Give me a quick summary of your career so far.",
        "So, who are you and what do you do?", "Talk me through your CV.",
        "Describe your current job.", "What have you been working on recently?",
        "Give me a brief overview of your career.",
    ),
    Need.MOTIVATION: (
        "What attracts you to our company?", "Why are you interested in this position?",
        "Why should we hire you?", "What do you know about us and why does it appeal to you?",
        "Why are you leaving your current job?", "What are you looking for in your next role?",
        "Why do you think this company is a good fit for you?",
    ),
    Need.PROUDEST: (
        "What achievement are you most proud of?", "What is your biggest professional win?",
        "What are your greatest strengths?", "What would your manager say you are best at?",
        "Tell me about the most impactful project of your career.",
    ),
    Need.SETBACK: (
        "What would you say is your biggest weakness?", "Tell me about a project that failed.",
        "Describe an error you made and how you handled it.",
        "What is something you are working to improve about yourself?",
        "Tell me about a time things went badly wrong because of a decision you made.",
        "What feedback have you received that was hard to hear?",
        "Tell me about a goal you fell short of.", "What's the biggest setback you've faced?",
        "What skill are you still developing?",
    ),
    Need.CONFLICT: (
        "Tell me about a conflict with a coworker.", "How do you handle a difficult colleague?",
        "Describe a time you disagreed with your manager.",
        "Tell me about pushing back on a decision you thought was wrong.",
        "Describe working with someone who was hard to get along with.",
    ),
    Need.EXPERIENCE: (
        "Tell me about a time you led a project under a tight deadline.",
        "How have you used Kubernetes in production?", "Describe how you scaled a service.",
        "Give an example of mentoring a junior teammate.",
        "How did you make your team's releases more reliable?",
        "Tell me about working with a customer to solve their problem.",
        "What is your experience with data pipelines?",
        "Tell me about a time you went beyond your job description.",
        "Describe a time you worked with users to improve a feature.",
    ),
    Need.CONCEPT: (
        "What is a deadlock?", "Explain how garbage collection works.",
        "Compare SQL and NoSQL databases.", "What does idempotent mean?",
        "How does HTTPS keep traffic private?", "Explain eventual consistency to a new hire.",
        "Explain how a hash map works, as you would to a junior developer.",
        "What are the pros and cons of caching?", "When would you pick a queue over direct calls?",
    ),
    Need.CODING: (
        "Implement binary search.", "Write code to detect a cycle in a graph.",
        "Given an array of integers, return the two that sum to a target.",
        "Code a function that checks whether a string is a palindrome.",
        "How would you find the kth largest element in an array?",
    ),
    Need.DESIGN: (
        "Design a chat application.", "How would you architect a news feed for millions of users?",
        "Design a rate limiter.", "Sketch the system behind a ride-sharing app.",
        "How would you build a distributed cache?",
    ),
    Need.LOGISTICS: (
        "What are your salary expectations?", "When could you start?",
        "Are you open to relocating?", "Do you need visa sponsorship?",
    ),
    Need.CLOSING: (
        "Do you have any questions for us?", "Is there anything you'd like to ask me?",
        "Anything else you want us to know?",
    ),
}  # fmt: skip

_NEEDS = [need for need, texts in EXAMPLES.items() for _ in texts]
EXAMPLE_TEXTS = [text for texts in EXAMPLES.values() for text in texts]
_TEXTS = EXAMPLE_TEXTS

# The needs a kind of question usually has; the first is the fallback without the model.
_BY_KIND: dict[QuestionKind, tuple[Need, ...]] = {
    QuestionKind.PERSONAL: (Need.PROFILE, Need.PROUDEST, Need.SETBACK),
    QuestionKind.RESUME: (Need.PROFILE, Need.EXPERIENCE),
    QuestionKind.MOTIVATION: (Need.MOTIVATION,),
    # The classifier also calls a work history behavioral when no cue names the resume
    # ("walk me through where you have worked", "the jobs you've had"): a prior for the
    # profile too, so that the meaning decides between it and one story of how I did X.
    QuestionKind.BEHAVIORAL: (
        Need.EXPERIENCE,
        Need.SETBACK,
        Need.CONFLICT,
        Need.PROUDEST,
        Need.PROFILE,
    ),
    QuestionKind.TECHNICAL: (Need.CONCEPT, Need.CODING, Need.EXPERIENCE),
    QuestionKind.SYSTEM_DESIGN: (Need.DESIGN,),
    QuestionKind.LOGISTICS: (Need.LOGISTICS,),
    QuestionKind.CLOSING: (Need.CLOSING,),
}
# Cosine the kind's own needs gain: the classifier is usually right about the kind,
# and the nearest example overrules it only when clearly closer.
KIND_PRIOR = 0.02
# Kinds whose answer comes from the classifier's rules, not from what the library holds:
# only a question the classifier gave one of these kinds may get their needs, and the
# meaning still overrules it ("Could you start by telling me who you are?" is no
# question about a start date, though the classifier reads "start").
_FIXED = frozenset({QuestionKind.LOGISTICS, QuestionKind.CLOSING})
_FIXED_NEEDS = frozenset({Need.LOGISTICS, Need.CLOSING})
# The two needs a story's shape must fit, and what the interview lexicon (the same
# concepts story shapes are read from) calls them. The lexicon's reading of the question
# is a second, independent signal: where its strongest competency is one of these, that
# need gains the same prior as the kind's ("challenged a decision made by a leader" is
# about as close to a setback example as to a conflict one; the lexicon reads a
# disagreement).
_LEXICON_NEEDS: dict[Competency, Need] = {
    Competency.CONFLICT: Need.CONFLICT,
    Competency.FAILURE: Need.SETBACK,
}
LEXICON_PRIOR = KIND_PRIOR
LEXICON_MENTIONS = 2.0
# Probabilities of the learned head within which two needs are a tie.
LEARNED_TIE_MARGIN = 0.2
# Below this probability the head is unsure, and the nearest examples decide: a partial
# ("Tell me about a time you") is like none of its training questions, and the head read
# it as "Tell me about yourself" (0.35), the examples as the story it begins.
LEARNED_MIN_CONFIDENCE = 0.5


# A question that asks what a thing is or how it works asks for no past of mine.
_ABOUT_A_THING = re.compile(
    r"^\s*(?:what is|what's|what are|what does|explain|define|compare|how does|how do (?!you\b))"
    r"|\bdifference between\b",
    re.I,
)
# How many of a need's nearest examples are averaged: one stray example is not enough.
NEAREST = 2


def _closeness(cosines: list[float]) -> float:
    nearest = sorted(cosines, reverse=True)[:NEAREST]
    return sum(nearest) / len(nearest)


def _prior(need: Need, likely: tuple[Need, ...]) -> float:
    return KIND_PRIOR if need in likely else 0.0


# The examples' vectors for the bundled model, built by tools/build_need_vectors.py.
SHIPPED = ShippedVectors(Path(__file__).parent / "data" / "need_vectors.npz")


class NeedReader:
    """Reads the need of a question from its vector. The examples' vectors ship with the
    package (embedding them took each process seconds on its first session); another
    model embeds them when the session starts, once per process."""

    def __init__(self, embedder: TextEmbedder | None, *, learned: bool = True) -> None:
        self._examples: Vectors | None = None
        self._embedder = embedder
        self._model: NeedModel | None = None
        if embedder is not None:
            self._examples = VECTORS.queries(embedder, _TEXTS, SHIPPED)
            self._model = load_need_model(embedder.model_id) if learned else None

    def needs_of(self, questions: Sequence[str]) -> set[Need]:
        """The needs of questions with no kind known (a story's own questions)."""
        if self._examples is None or self._embedder is None or not questions:
            return set()
        vectors = VECTORS.queries(self._embedder, questions)
        return {
            self.need(text, None, vector) for text, vector in zip(questions, vectors, strict=True)
        }

    def need(self, text: str, kind: QuestionKind | None, vector: Vectors | None) -> Need:
        return self.ranked(text, kind, vector)[0][0]

    def ranked(
        self, text: str, kind: QuestionKind | None, vector: Vectors | None
    ) -> list[tuple[Need, float]]:
        """The needs the question may have with their scores, best first (one, scored 1.0,
        when the model is not there: the kind alone decides)."""
        return self.reading(text, kind, vector)[0]

    def reading(
        self, text: str, kind: QuestionKind | None, vector: Vectors | None
    ) -> tuple[list[tuple[Need, float]], float]:
        """`ranked`, and the margin within which two of its scores are a tie (probabilities
        of the learned head, or averaged cosines of the nearest examples)."""
        likely = _BY_KIND[kind] if kind is not None else ()  # no kind: no prior
        if vector is None or self._examples is None:
            return [(likely[0] if likely else Need.EXPERIENCE, 1.0)], KIND_PRIOR
        closeness = need_closeness((self._examples @ vector).tolist())
        allowed = set(closeness) - (_FIXED_NEEDS - set(likely) if kind in _FIXED else _FIXED_NEEDS)
        if _ABOUT_A_THING.search(text):
            allowed.discard(Need.EXPERIENCE)  # "Explain REST to a new hire" asks for no past
        if self._model is not None:
            near = [closeness[Need(need)] for need in self._model.needs]
            learned = self._model.probabilities(vector, kind, near)
            ranked = _best_first([(need, learned[need.value]) for need in allowed])
            if ranked[0][1] >= LEARNED_MIN_CONFIDENCE:
                return ranked, LEARNED_TIE_MARGIN
        lexicon = _lexicon_need(text)

        def score(need: Need) -> float:
            bonus = LEXICON_PRIOR if need is lexicon else 0.0
            return closeness[need] + _prior(need, likely) + bonus

        return _best_first([(need, score(need)) for need in allowed]), KIND_PRIOR


def need_closeness(cosines: Sequence[float], skip: int | None = None) -> dict[Need, float]:
    """Each need's closeness to a question, from its cosines to every example in
    EXAMPLE_TEXTS order (`skip`: an example left out, when the question is that example)."""
    by_need: dict[Need, list[float]] = {}
    for index, (need, cosine) in enumerate(zip(_NEEDS, cosines, strict=True)):
        if index != skip:
            by_need.setdefault(need, []).append(cosine)
    return {need: _closeness(values) for need, values in by_need.items()}


def _best_first(scored: list[tuple[Need, float]]) -> list[tuple[Need, float]]:
    # Ties: the order needs are declared in (stable, as max() was).
    order = {need: i for i, need in enumerate(Need)}
    return sorted(scored, key=lambda item: (-item[1], order[item[0]]))


def _lexicon_need(text: str) -> Need | None:
    """The shaped need the interview lexicon reads in the question: one among its
    strongest competencies, read at least LEXICON_MENTIONS times (one passing word,
    "customers were complaining", is not what the question is about)."""
    weights = competency_weights(text)
    if not weights:
        return None
    top = max(weights.values())
    found = {
        _LEXICON_NEEDS[c]
        for c, w in weights.items()
        if w == top and w >= LEXICON_MENTIONS and c in _LEXICON_NEEDS
    }
    return found.pop() if len(found) == 1 else None
