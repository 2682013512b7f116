"""The resume's highlights as evidence: the strongest ones, and the ones a question is about.

"Strongest" is what an introduction needs: results with numbers, from the newest
roles first. "About" is by meaning: the cosine between the question and the
highlight, both embedded by the bundled retrieval model, and only above a level
where the highlight really speaks to the question. A resume line about
sponsoring a race car shares a word with "race condition", not a meaning, and
stays out. Without the model no highlight is "about" anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from intervoo.companies.model import CompanyValue
from intervoo.copilot.text import has_number
from intervoo.embed import TextEmbedder, Vectors
from intervoo.resume.schema import Resume
from intervoo.stories.embeddings import VECTORS
from intervoo.stories.model import Story

# The retrieval model's cosines sit in a narrow band (0.75-0.85 for any resume line and
# any question); a line that does what the question asks about scores above this one.
ABOUT_COSINE = 0.85
# A line with fewer words is a place, a link or a heading a parser kept, not a result.
MIN_WORDS = 5
_LINK = re.compile(r"\b[\w-]+\.(?:com|org|net|io|edu|gov|dev|ai)\b|https?://|www\.", re.I)
# At most this many highlights of one role among the strongest, so older roles show too.
PER_ROLE = 2


@dataclass(frozen=True, slots=True)
class Highlight:
    """One resume highlight; `key` names it stably (role id and position) for references."""

    key: str
    work_id: str
    employer: str | None
    position: str | None
    text: str
    score: float = 0.0


class Evidence:
    """Every highlight of the resume, embedded once per session (cached by text)."""

    def __init__(
        self,
        resume: Resume,
        embedder: TextEmbedder | None,
        *,
        stories: Sequence[Story] = (),
        values: Sequence[CompanyValue] = (),
    ) -> None:
        """The stories and the company's values are embedded now too (the vector cache
        keeps them by text), so answering a question embeds only the question."""
        self.highlights = _highlights(resume)
        self._embedder = embedder
        self._vectors: Vectors | None = None
        if embedder is None:
            return
        if self.highlights:
            self._vectors = VECTORS.passages(embedder, [h.text for h in self.highlights])
        VECTORS.passages(embedder, [story.text for story in stories])
        VECTORS.queries(embedder, [value_text(value) for value in values])

    def question_vector(self, text: str) -> Vectors | None:
        """The question's vector (the one story matching computed: it is cached by text)."""
        if self._embedder is None:
            return None
        vector: Vectors = VECTORS.queries(self._embedder, [text])[0]
        return vector

    def passage_cosines(self, vector: Vectors | None, texts: Sequence[str]) -> list[float] | None:
        """Cosine of the question with each text (stories: their vectors are cached)."""
        if vector is None or self._embedder is None or not texts:
            return None
        cosines: list[float] = (VECTORS.passages(self._embedder, texts) @ vector).tolist()
        return cosines

    def strongest(self, top: int) -> list[Highlight]:
        """Results with numbers first, newest roles first, at most `PER_ROLE` per role."""
        per_role: dict[str, int] = {}
        ranked = sorted(
            enumerate(self.highlights), key=lambda item: (not has_number(item[1].text), item[0])
        )
        out = []
        for _, highlight in ranked:
            if per_role.get(highlight.work_id, 0) < PER_ROLE:
                per_role[highlight.work_id] = per_role.get(highlight.work_id, 0) + 1
                out.append(highlight)
        return out[:top]

    def cosines(self, vector: Vectors | None) -> list[float] | None:
        """Cosine of the question with each highlight, in `highlights` order."""
        if vector is None or self._vectors is None:
            return None
        cosines: list[float] = (self._vectors @ vector).tolist()
        return cosines

    def about(
        self, vector: Vectors | None, top: int, *, floor: float = ABOUT_COSINE
    ) -> list[Highlight]:
        """The highlights that speak to the question, closest first (none without the model)."""
        if vector is None or self._vectors is None:
            return []
        cosines = self._vectors @ vector
        ranked = np.argsort(-cosines, kind="stable")[:top]
        return [
            _scored(self.highlights[i], float(cosines[i])) for i in ranked if cosines[i] >= floor
        ]


def value_text(value: CompanyValue) -> str:
    """How a company value is embedded: as the question "who works like this?"."""
    return f"{value.name}. {value.meaning}"


def sayable(text: str) -> bool:
    """Whether a highlight tells something done: enough words, mostly not names, no link."""
    words = text.split()
    if len(words) < MIN_WORDS or _LINK.search(text):
        return False
    capitalized = sum(1 for word in words if word[:1].isupper())
    return capitalized < 0.6 * len(words)


def _scored(highlight: Highlight, score: float) -> Highlight:
    return Highlight(
        highlight.key, highlight.work_id, highlight.employer, highlight.position,
        highlight.text, round(score, 4),
    )  # fmt: skip


def _highlights(resume: Resume) -> list[Highlight]:
    out = []
    for role, work in enumerate(resume.work):
        work_id = work.id or f"work-{role}"
        for index, text in enumerate(work.highlights):
            if sayable(text):
                out.append(Highlight(f"{work_id}#{index}", work_id, work.name, work.position, text))
    return out
