"""The debrief, as sent at Stop and as posted back to be saved. Plain data, validated.

Nothing here is stored by building it: a debrief lives in the client's memory until the
user saves it (all of it, or one story draft).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from intervoo.stories.model import Story

MAX_TEXT = 20_000
MAX_ITEMS = 300


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionReview(_Data):
    """One question: what was asked, what the candidate said, what to work on."""

    id: str = Field(max_length=120)
    question: str = Field(max_length=MAX_TEXT)
    kind: str = Field(max_length=40)
    said: str = Field(default="", max_length=MAX_TEXT * 5)  # the candidate's own words
    suggestion: str = Field(default="", max_length=MAX_TEXT)
    missed: list[str] = Field(default_factory=list, max_length=40)  # suggested, not said
    note: str = Field(default="", max_length=2000)  # one line of coaching
    score: int | None = Field(default=None, ge=0, le=100)
    on_topic: bool | None = None  # None: not judged (nothing said, or no judge)
    struggled: bool = False


class StoryTold(_Data):
    """A library story the candidate told, and where."""

    story_id: str = Field(max_length=120)
    title: str = Field(max_length=500)
    question_ids: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)


class StoryDraft(_Data):
    """A story told live that the library does not hold yet: saved only on request."""

    question_id: str = Field(max_length=120)
    story: Story
    numbers: list[str] = Field(default_factory=list, max_length=40)


class Debrief(_Data):
    session_id: str = Field(max_length=120)
    company: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, max_length=200)
    questions: list[QuestionReview] = Field(default_factory=list, max_length=MAX_ITEMS)
    stories_told: list[StoryTold] = Field(default_factory=list, max_length=MAX_ITEMS)
    new_stories: list[StoryDraft] = Field(default_factory=list, max_length=MAX_ITEMS)
    follow_ups: list[str] = Field(default_factory=list, max_length=40)
    thank_you: str = Field(default="", max_length=MAX_TEXT)
    improved_by: str | None = Field(default=None, max_length=200)  # the LLM, when one helped
    notes: list[str] = Field(default_factory=list, max_length=20)  # e.g. why the LLM did not

    @property
    def struggled(self) -> list[QuestionReview]:
        return [q for q in self.questions if q.struggled]
