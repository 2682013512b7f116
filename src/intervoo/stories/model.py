"""A STAR story from the candidate's own experience."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Competency(StrEnum):
    LEADERSHIP = "leadership"
    OWNERSHIP = "ownership"
    CONFLICT = "conflict"
    FAILURE = "failure/learning"
    AMBIGUITY = "ambiguity"
    PRESSURE = "deadline/pressure"
    INFLUENCE = "influence"
    CUSTOMER = "customer focus"
    TECHNICAL = "technical depth"
    TEAMWORK = "teamwork"
    MENTORING = "mentoring"
    INITIATIVE = "initiative"
    PRIORITIZATION = "prioritization"
    COMMUNICATION = "communication"
    DATA = "data-driven decision"
    INNOVATION = "innovation"
    ADAPTABILITY = "adaptability"


class StorySource(StrEnum):
    PRACTICE = "practice"
    MANUAL = "manual"
    RESUME = "resume"


class StoryStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class Metric(BaseModel):
    """A number with its unit, as said in the story ("40%", "$2M", "3 weeks")."""

    model_config = ConfigDict(frozen=True)

    value: float
    unit: str
    text: str


# The parts a story tells, in the order it tells them.
STORY_FIELDS = ("title", "situation", "task", "action", "result")
# Interview questions kept per story, and the longest one: enough for every way a
# story gets asked about, bounded so a runaway LLM reply cannot bloat a row.
MAX_QUESTIONS = 32
MAX_QUESTION_CHARS = 300


def new_story_id() -> str:
    return uuid4().hex


def _now() -> datetime:
    return datetime.now(UTC)


class Story(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(default_factory=new_story_id)
    title: str
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    competencies: list[Competency] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    # Interview questions this story answers: the practice question that drew it out,
    # ones the configured LLM wrote, or the user's own. Retrieval matches against them.
    questions: list[str] = Field(default_factory=list)
    # Its shape label (`stories.shapes.Shape`), computed by the store on every save from
    # the story's text; "" for a story not saved yet.
    shape: str = ""
    work_ref: str | None = None
    source: StorySource = StorySource.MANUAL
    status: StoryStatus = StoryStatus.DRAFT
    times_used: int = 0
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)

    @field_validator("questions")
    @classmethod
    def _clean_questions(cls, questions: list[str]) -> list[str]:
        kept = clean_questions(questions)
        if len(kept) > MAX_QUESTIONS:
            raise ValueError(f"{len(kept)} questions, at most {MAX_QUESTIONS} per story")
        return kept

    @property
    def text(self) -> str:
        """All of the story as one text, for matching."""
        return " ".join(text for name in STORY_FIELDS if (text := getattr(self, name)))


def clean_questions(questions: list[str]) -> list[str]:
    """Whitespace collapsed, blank ones and repeats (ignoring case) dropped, order kept."""
    kept: dict[str, str] = {}
    for question in questions:
        text = " ".join(question.split())
        if len(text) > MAX_QUESTION_CHARS:
            raise ValueError(f"a question is {len(text)} characters, at most {MAX_QUESTION_CHARS}")
        if text:
            kept.setdefault(text.casefold(), text)
    return list(kept.values())
