"""A question planned for a practice session, whatever made it (bank, resume, skills, LLM)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from intervoo.events import QuestionKind
from intervoo.stories.model import Competency


class QuestionSource(StrEnum):
    BANK = "bank"
    RESUME = "resume"
    SKILL = "skill"
    OWN = "own"  # a question the candidate brought (from a job posting, a past interview)


class PlannedQuestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str  # stable across sessions: the key for "no repeats"
    text: str
    kind: QuestionKind
    competency: Competency | None = None
    source: QuestionSource = QuestionSource.BANK
    work_ref: str | None = None  # the resume entry a resume question is about
    personalized: bool = False  # rephrased by the LLM for this target
