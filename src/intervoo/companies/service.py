"""Company and target operations shared by the CLI and the API, on one tenant session.

Bad input raises `CompanyInputError` (a sentence the user can act on); a name that matches
no company raises `UnknownCompanyError`. Both surfaces turn these into their own errors.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.orm import Session

from intervoo.companies.catalog import (
    bundled_companies,
    bundled_company,
    find_company,
    profile_problems,
    slugify,
)
from intervoo.companies.context import build_target_context, company_for_slug
from intervoo.companies.jobs import JobDescriptionError, extract_requirements
from intervoo.companies.model import CompanyProfile, CompanyValue, Target, TargetContext
from intervoo.stories.model import Competency

log = logging.getLogger(__name__)

MAX_ROLE_CHARS = 200
MAX_NOTES_CHARS = 5_000


class CompanyInputError(ValueError):
    """Input for a company or a target that cannot be used as given."""


class UnknownCompanyError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"no company matches {name!r}: add it first (`intervoo company add` or "
            "POST /api/companies)"
        )
        self.name = name


def parse_theme(text: str) -> str:
    """A competency by its value ("customer focus") or name ("CUSTOMER"), as its value."""
    wanted = text.strip().lower()
    for competency in Competency:
        if wanted in (competency.value, competency.name.lower()):
            return competency.value
    known = ", ".join(c.value for c in Competency)
    raise CompanyInputError(f"unknown theme {text!r}; use one of: {known}")


class CompanyInput(BaseModel):
    """A company the user adds: only the name is required."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    slug: str | None = Field(default=None, max_length=120)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    category: str = "other"
    values: list[CompanyValue] = Field(default_factory=list, max_length=40)
    interview_format: str = Field(default="", max_length=2_000)
    themes: list[str] = Field(default_factory=list, max_length=17)
    sources: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("themes")
    @classmethod
    def _known_themes(cls, themes: list[str]) -> list[str]:
        return [parse_theme(t) for t in themes]

    def to_profile(self) -> CompanyProfile:
        try:
            slug = slugify(self.slug or self.name)
        except ValueError as exc:
            raise CompanyInputError(str(exc)) from None
        profile = CompanyProfile(
            slug=slug,
            name=self.name,
            aliases=[a for a in self.aliases if a],
            category=self.category,
            values=self.values,
            interview_format=self.interview_format,
            themes=self.themes,
            sources=self.sources,
        )
        problems = profile_problems(profile)
        if problems:
            raise CompanyInputError("; ".join(problems))
        return profile


def company_input(data: Any) -> CompanyInput:
    """Validate raw input (a JSON object) into a CompanyInput, one clear message on error."""
    try:
        return CompanyInput.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"{'.'.join(map(str, e['loc'])) or 'company'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise CompanyInputError("; ".join(lines)) from None


def all_companies(session: Session, user_id: str) -> list[CompanyProfile]:
    """The user's companies first, then the bundled ones."""
    from intervoo.companies.repo import CompanyRepo

    return [*CompanyRepo(session, user_id).list_user(), *bundled_companies()]


def resolve_company(session: Session, user_id: str, name: str) -> CompanyProfile:
    """The company a slug or typed name means (the user's own first)."""
    from intervoo.companies.repo import CompanyRepo

    if not name.strip():
        raise CompanyInputError("name a company")
    found = company_for_slug(session, user_id, name.strip()) or find_company(
        name, extra=CompanyRepo(session, user_id).list_user()
    )
    if found is None:
        raise UnknownCompanyError(name)
    return found


def add_company(session: Session, user_id: str, data: CompanyInput) -> tuple[CompanyProfile, bool]:
    """Save a user company; (profile, created). Re-adding the same name replaces it."""
    from intervoo.companies.repo import CompanyRepo

    profile = data.to_profile()
    if bundled_company(profile.slug) is not None:
        raise CompanyInputError(
            f"{profile.name!r} is a bundled company (id {profile.slug}); "
            "give yours a different name, or add your notes to the target instead"
        )
    repo = CompanyRepo(session, user_id)
    created = repo.get(profile.slug) is None
    saved = repo.add(profile)
    log.info("company %s %s (values=%d)", saved.slug, "added" if created else "replaced",
             len(saved.values))  # fmt: skip
    return saved, created


def set_target(
    session: Session,
    user_id: str,
    *,
    company: str,
    role: str,
    job_description: str = "",
    notes: str = "",
) -> tuple[Target, TargetContext]:
    """Make this interview the active target, with its requirements read from the JD."""
    from intervoo.companies.target_repo import TargetRepo

    role = role.strip()
    if not role or len(role) > MAX_ROLE_CHARS:
        raise CompanyInputError(f"the role must be 1 to {MAX_ROLE_CHARS} characters")
    if len(notes) > MAX_NOTES_CHARS:
        raise CompanyInputError(f"notes must be at most {MAX_NOTES_CHARS} characters")
    profile = resolve_company(session, user_id, company)
    try:
        requirements = extract_requirements(job_description, title=role)
    except JobDescriptionError as exc:
        raise CompanyInputError(str(exc)) from None
    target = TargetRepo(session, user_id).set_active(
        Target(
            company_slug=profile.slug,
            role=role,
            job_description=job_description,
            notes=notes.strip(),
            requirements=requirements,
        )
    )
    log.info(
        "target %s set: company=%s jd_chars=%d skills=%d themes=%d",
        target.id, profile.slug, len(job_description), len(requirements.skills),
        len(requirements.themes),
    )  # fmt: skip
    return target, build_target_context(profile, target)


def target_view(target: Target | None, context: TargetContext) -> dict[str, Any]:
    """What `target show --json` and GET /api/target return."""
    return {
        "target": target.model_dump(mode="json") if target is not None else None,
        "context": context.model_dump(mode="json"),
    }
