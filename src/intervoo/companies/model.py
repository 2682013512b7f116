"""Company profiles and interview targets."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CompanyValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    meaning: str


class CompanyProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str
    name: str
    aliases: list[str] = Field(default_factory=list)
    category: str = "other"
    values: list[CompanyValue] = Field(default_factory=list)
    interview_format: str = ""
    themes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    bundled: bool = False


class JobRequirements(BaseModel):
    """What a job description asks for, extracted without an LLM."""

    skills: list[str] = Field(default_factory=list)
    seniority: str | None = None
    themes: list[str] = Field(default_factory=list)


class Target(BaseModel):
    """One interview: a company, a role, and the job description."""

    id: str = ""
    company_slug: str
    role: str
    job_description: str = ""
    notes: str = ""
    requirements: JobRequirements = Field(default_factory=JobRequirements)


class TargetContext(BaseModel):
    """Everything a prompt needs about the interview it is for."""

    company: CompanyProfile | None
    role: str | None
    values: list[CompanyValue] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    seniority: str | None = None
    notes: str = ""
