"""What a pasted job description asks for: skills, seniority and themes, without an LLM.

The rules (a skills vocabulary, title and years for seniority, responsibility phrases for
themes) are fast, offline and predictable. Where an LLM is configured it may improve on
them later through `RequirementsRefiner`: it gets the rules' draft and returns a better one,
so the offline result is always there to fall back on.
"""

from __future__ import annotations

from typing import Protocol

from intervoo.companies.model import JobRequirements
from intervoo.companies.seniority import infer_seniority
from intervoo.companies.skills import find_skills
from intervoo.companies.themes import find_themes

MAX_JOB_DESCRIPTION_CHARS = 50_000


class JobDescriptionError(ValueError):
    """A job description that cannot be read (wrong type, or far too long to be one)."""


def check_job_description(job_description: object) -> str:
    if not isinstance(job_description, str):
        raise JobDescriptionError("a job description must be text")
    if len(job_description) > MAX_JOB_DESCRIPTION_CHARS:
        raise JobDescriptionError(
            f"the job description is {len(job_description)} characters; "
            f"paste at most {MAX_JOB_DESCRIPTION_CHARS} (the posting itself, not the whole page)"
        )
    return job_description


def extract_requirements(job_description: str, *, title: str | None = None) -> JobRequirements:
    """Skills in order of first mention, the seniority, and the themes to prepare (heaviest
    first). `title` (the role as the user typed it) beats the description's own first line."""
    text = check_job_description(job_description)
    seniority = infer_seniority(text, title)
    return JobRequirements(
        skills=find_skills(text),
        seniority=seniority.value if seniority else None,
        themes=[theme.value for theme in find_themes(text)],
    )


class RequirementsRefiner(Protocol):
    """Improves the offline draft, e.g. with the configured LLM. Not built yet: the seam only."""

    async def refine(self, job_description: str, draft: JobRequirements) -> JobRequirements: ...


async def extract_requirements_refined(
    job_description: str,
    refiner: RequirementsRefiner | None,
    *,
    title: str | None = None,
) -> JobRequirements:
    """The offline extraction, refined when a refiner is given."""
    draft = extract_requirements(job_description, title=title)
    if refiner is None:
        return draft
    return await refiner.refine(job_description, draft)
