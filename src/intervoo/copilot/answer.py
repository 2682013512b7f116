"""The shape of every suggestion: one speakable opener, then 3–5 short bullets, with sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from intervoo.companies.model import CompanyValue
from intervoo.copilot.matching import HighlightLike
from intervoo.copilot.text import clip_words, end_with_period, sentence_case
from intervoo.resume.schema import WorkEntry
from intervoo.stories.model import Story

if TYPE_CHECKING:
    from intervoo.copilot.material import Material

OPENER_MAX_WORDS = 28
BULLET_MAX_WORDS = 32
MAX_BULLETS = 5
# With an LLM, the line on screen the moment a question is detected, before its material
# is chosen (issue 31: never a blank wait). Choosing it embeds the question: 15-45 ms on
# an idle core, 50-250 ms on a laptop that is also running the model, so a line that waits
# for it cannot be there within 50 ms; and before the embedding only the question's kind
# is known, which the classifier gets wrong for 5 of bench/llm_prefix.py's 20 questions
# ("What makes Stripe the right place for you?": technical). So it is true of any
# question: the beat a candidate takes anyway. The model's answer, opener first, follows.
HOLDING_LINE = "Let me think about that for a second."


@dataclass(frozen=True)
class Answer:
    opener: str
    bullets: tuple[str, ...]
    sources: tuple[str, ...] = ()
    story_ids: tuple[str, ...] = ()

    @property
    def phrases(self) -> tuple[str, ...]:
        """What streams, in order: the opener line first so it can be said at once."""
        return (f"{self.opener}\n", *(f"- {bullet}\n" for bullet in self.bullets))

    @property
    def text(self) -> str:
        return "".join(self.phrases)


class AnswerBuilder:
    """Collects lines and sources, trimming each line to glance length."""

    def __init__(self) -> None:
        self._opener = ""
        self._bullets: list[str] = []
        self._sources: list[str] = []
        self._story_ids: list[str] = []

    def opener(self, text: str) -> None:
        self._opener = end_with_period(sentence_case(clip_words(text, OPENER_MAX_WORDS)))

    def bullet(self, text: str) -> None:
        line = end_with_period(sentence_case(clip_words(text, BULLET_MAX_WORDS)))
        if line and line not in self._bullets and len(self._bullets) < MAX_BULLETS:
            self._bullets.append(line)

    @property
    def bullet_count(self) -> int:
        return len(self._bullets)

    @property
    def said(self) -> str:
        """Everything written so far (opener and bullets), to avoid saying a number twice."""
        return " ".join([self._opener, *self._bullets])

    def source(self, label: str) -> None:
        if label not in self._sources:
            self._sources.append(label)

    def story(self, story: Story) -> None:
        self.source(story_source(story))
        if story.id not in self._story_ids:
            self._story_ids.append(story.id)

    def build(self) -> Answer:
        return Answer(
            opener=self._opener,
            bullets=tuple(self._bullets),
            sources=tuple(self._sources),
            story_ids=tuple(self._story_ids),
        )


def story_source(story: Story) -> str:
    return f"story: {story.title}"


def work_source(entry: WorkEntry) -> str:
    return f"resume: {work_label(entry.position, entry.name)}"


def highlight_source(highlight: HighlightLike) -> str:
    return f"resume: {work_label(highlight.position, highlight.employer)}"


def value_source(company: str | None, value: CompanyValue) -> str:
    return f"company: {company} — {value.name}" if company else f"company value: {value.name}"


def work_label(position: str | None, employer: str | None) -> str:
    if position and employer:
        return f"{position} at {employer}"
    return position or employer or "work history"


def material_sources(material: Material) -> tuple[str, ...]:
    """Sources of an LLM answer: the stories and highlights its prompt was given to draw on."""
    labels = [story_source(story) for story in material.stories]
    labels += [highlight_source(highlight) for highlight in material.highlights]
    labels += [highlight_source(p.highlight) for p in material.pairs if p.highlight is not None]
    return tuple(dict.fromkeys(labels))
