"""The retrieval seam the copilot reads, as structural types.

`intervoo.stories.retrieval.StoryIndex` satisfies `StoryMatcher`; the copilot
depends only on this shape so it can be tested with any index of plain values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from intervoo.events import QuestionKind
from intervoo.stories.model import Story


class StoryMatchLike(Protocol):
    @property
    def story(self) -> Story: ...

    @property
    def score(self) -> float: ...

    @property
    def why(self) -> str: ...


class HighlightLike(Protocol):
    @property
    def work_id(self) -> str: ...

    @property
    def employer(self) -> str | None: ...

    @property
    def position(self) -> str | None: ...

    @property
    def text(self) -> str: ...

    @property
    def score(self) -> float: ...


class StoryMatcher(Protocol):
    def match(
        self,
        question: str,
        *,
        top: int = 3,
        kind: QuestionKind | None = None,
        exclude: Collection[str] = (),
        min_score: float = ...,
    ) -> Sequence[StoryMatchLike]:
        """Best first; only stories that fit at least `min_score` (0..1; 0: all that fit)."""
        ...
