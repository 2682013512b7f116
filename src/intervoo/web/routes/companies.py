"""Companies and the active interview target over HTTP.

GET /api/companies (?q= finds one by name, alias or typo; ?category= filters),
GET /api/companies/{slug} (an id, or a name as typed), POST /api/companies (a company of
your own), DELETE /api/companies/{slug}, and GET/PUT /api/target. Every route goes through
`Tenant`: a user sees the bundled companies and only their own.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Response, status
from pydantic import BaseModel, Field

from intervoo.companies.catalog import find_company
from intervoo.companies.context import load_active_target
from intervoo.companies.jobs import MAX_JOB_DESCRIPTION_CHARS
from intervoo.companies.model import CompanyProfile
from intervoo.companies.repo import CompanyRepo
from intervoo.companies.service import (
    MAX_NOTES_CHARS,
    MAX_ROLE_CHARS,
    CompanyInputError,
    UnknownCompanyError,
    add_company,
    all_companies,
    company_input,
    resolve_company,
    set_target,
    target_view,
)
from intervoo.web.deps import Tenant

router = APIRouter(tags=["companies"])


class TargetInput(BaseModel):
    company: str = Field(min_length=1, max_length=200, description="A name, alias or id.")
    role: str = Field(min_length=1, max_length=MAX_ROLE_CHARS)
    job_description: str = Field(default="", max_length=MAX_JOB_DESCRIPTION_CHARS)
    notes: str = Field(default="", max_length=MAX_NOTES_CHARS)


def _summary(company: CompanyProfile) -> dict[str, Any]:
    return {
        "slug": company.slug,
        "name": company.name,
        "category": company.category,
        "aliases": company.aliases,
        "values": [value.name for value in company.values],
        "bundled": company.bundled,
    }


def _invalid(exc: CompanyInputError) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc))


@router.get("/api/companies")
def list_companies(
    tenant: Tenant, q: str | None = None, category: str | None = None
) -> list[dict[str, Any]]:
    companies = all_companies(tenant.session, tenant.user_id)
    if q is not None:
        if not q.strip():
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "q is empty")
        user_companies = [c for c in companies if not c.bundled]
        found = find_company(q, extra=user_companies)
        companies = [found] if found is not None else []
    if category is not None:
        companies = [c for c in companies if c.category == category]
    return [_summary(c) for c in companies]


@router.get("/api/companies/{slug}")
def get_company(slug: str, tenant: Tenant) -> dict[str, Any]:
    try:
        company = resolve_company(tenant.session, tenant.user_id, slug)
    except CompanyInputError as exc:
        raise _invalid(exc) from None
    except UnknownCompanyError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    return company.model_dump(mode="json")


@router.post("/api/companies")
def post_company(
    body: Annotated[Any, Body()], tenant: Tenant, response: Response
) -> dict[str, Any]:
    try:
        profile, created = add_company(tenant.session, tenant.user_id, company_input(body))
    except CompanyInputError as exc:
        raise _invalid(exc) from None
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return profile.model_dump(mode="json")


@router.delete("/api/companies/{slug}", status_code=status.HTTP_204_NO_CONTENT)
def delete_company(slug: str, tenant: Tenant) -> Response:
    if not CompanyRepo(tenant.session, tenant.user_id).delete(slug):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"you have added no company with id {slug}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/target")
def get_target(tenant: Tenant) -> dict[str, Any]:
    target, context = load_active_target(tenant.session, tenant.user_id)
    return target_view(target, context)


@router.put("/api/target")
def put_target(body: TargetInput, tenant: Tenant) -> dict[str, Any]:
    try:
        target, context = set_target(
            tenant.session,
            tenant.user_id,
            company=body.company,
            role=body.role,
            job_description=body.job_description,
            notes=body.notes,
        )
    except CompanyInputError as exc:
        raise _invalid(exc) from None
    except UnknownCompanyError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    return target_view(target, context)
