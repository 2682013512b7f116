"""Domain models that exist only because something is stored (the rest live in their packages)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from intervoo.events import QuestionKind
from intervoo.store.models import new_id
from intervoo.store.types import utcnow


class PracticeSession(BaseModel):
    """One mock interview."""

    id: str = Field(default_factory=new_id)
    target_id: str | None = None
    company_slug: str | None = None
    role: str | None = None
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class PracticeAttempt(BaseModel):
    """One question of a mock interview and the candidate's answer to it.

    `feedback` and `scores` are whatever the practice feature produces (JSON objects);
    `story_id` points at the story extracted from this answer, if any.
    """

    model_config = ConfigDict(extra="ignore")

    id: str = Field(default_factory=new_id)
    session_id: str
    position: int = 0
    question: str
    kind: QuestionKind | None = None
    competency: str | None = None
    answer_text: str = ""
    feedback: dict[str, Any] = Field(default_factory=dict)
    scores: dict[str, int | float] = Field(default_factory=dict)  # "overall" and each score
    story_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class SavedAnswer(BaseModel):
    """A live suggestion the user chose to keep."""

    id: str = Field(default_factory=new_id)
    question: str
    answer: str
    kind: QuestionKind | None = None
    company_slug: str | None = None
    role: str | None = None
    sources: list[Any] = Field(default_factory=list)
    created_at: datetime = Field(default_factory=utcnow)


class SavedDebrief(BaseModel):
    """A live session's debrief the user chose to keep (`intervoo.debrief.model.Debrief`)."""

    id: str = Field(default_factory=new_id)
    session_id: str
    company: str | None = None
    role: str | None = None
    body: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow)
