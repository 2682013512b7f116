"""The one view of "the interview I am preparing for" that copilot and practice read.

`build_target_context` is pure: a company profile and a target in, everything a prompt
needs out (values, themes, skills, seniority, notes). `load_target_context` reads the
user's active target and its company from the store and hands them to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy.orm import Session

from intervoo.companies.catalog import bundled_company
from intervoo.companies.jobs import extract_requirements
from intervoo.companies.model import CompanyProfile, Target, TargetContext

log = logging.getLogger(__name__)


def build_target_context(company: CompanyProfile | None, target: Target | None) -> TargetContext:
    """Role themes first (what this job asks for), then the company's, without repeats."""
    requirements = target.requirements if target is not None else None
    if target is not None and target.job_description and _is_empty(target):
        # A target saved before its description was analysed: analyse it now.
        requirements = extract_requirements(target.job_description, title=target.role)
    role_themes = requirements.themes if requirements else []
    company_themes = company.themes if company else []
    return TargetContext(
        company=company,
        role=target.role if target is not None else None,
        values=list(company.values) if company else [],
        themes=_unique([*role_themes, *company_themes]),
        skills=list(requirements.skills) if requirements else [],
        seniority=requirements.seniority if requirements else None,
        notes=target.notes if target is not None else "",
    )


def _is_empty(target: Target) -> bool:
    found = target.requirements
    return not (found.skills or found.themes or found.seniority)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def company_for_slug(session: Session, user_id: str, slug: str) -> CompanyProfile | None:
    """The user's own company with this slug, else the bundled one."""
    from intervoo.companies.repo import CompanyRepo

    return CompanyRepo(session, user_id).get(slug) or bundled_company(slug)


def load_target_context(session: Session, user_id: str) -> TargetContext:
    """The active target's context; an empty one (no company, no role) when none is set."""
    return load_active_target(session, user_id)[1]


def load_active_target(session: Session, user_id: str) -> tuple[Target | None, TargetContext]:
    """The active target (or None) and its context."""
    from intervoo.companies.target_repo import TargetRepo

    target = TargetRepo(session, user_id).get_active()
    if target is None:
        return None, build_target_context(None, None)
    company = company_for_slug(session, user_id, target.company_slug)
    if company is None:
        log.warning("target %s names unknown company slug %s", target.id, target.company_slug)
    return target, build_target_context(company, target)
