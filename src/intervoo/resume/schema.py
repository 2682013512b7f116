"""The one structured resume, in the JSON Resume shape (https://jsonresume.org/schema).

Field names follow JSON Resume (camelCase) so files import and export unchanged.
Dates are normalized strings: "YYYY-MM" or "YYYY". Each work entry carries a
stable `id` that stories point at.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Location(_Model):
    address: str | None = None
    postalCode: str | None = None
    city: str | None = None
    region: str | None = None
    countryCode: str | None = None


class Profile(_Model):
    network: str | None = None
    username: str | None = None
    url: str | None = None


class Basics(_Model):
    name: str | None = None
    label: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[Profile] = Field(default_factory=list)


class WorkEntry(_Model):
    id: str = ""
    name: str | None = None
    position: str | None = None
    location: str | None = None
    url: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    current: bool = False
    summary: str | None = None
    highlights: list[str] = Field(default_factory=list)


class Education(_Model):
    institution: str | None = None
    area: str | None = None
    studyType: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    score: str | None = None
    courses: list[str] = Field(default_factory=list)


class Skill(_Model):
    name: str
    level: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Project(_Model):
    name: str | None = None
    description: str | None = None
    url: str | None = None
    startDate: str | None = None
    endDate: str | None = None
    highlights: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)


class Resume(_Model):
    basics: Basics = Field(default_factory=Basics)
    work: list[WorkEntry] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)


class Doubt(_Model):
    """Something the parser was unsure about, pointed at by a JSON path ("work[2].startDate")."""

    path: str
    message: str


class ParsedResume(_Model):
    """What the parser returns: the structure, its doubts, and the text it read."""

    resume: Resume
    doubts: list[Doubt] = Field(default_factory=list)
    source_format: str
    source_text: str = ""
