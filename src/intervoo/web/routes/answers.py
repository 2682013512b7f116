"""`/api/answers`: live suggestions the user explicitly saved (nothing else from live is kept)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from intervoo.companies.target_repo import TargetRepo
from intervoo.events import QuestionKind
from intervoo.store import SavedAnswer, SavedAnswerRepo
from intervoo.web.deps import Tenant

router = APIRouter(prefix="/api/answers", tags=["answers"])
log = logging.getLogger(__name__)


class AnswerInput(BaseModel):
    question: str = Field(min_length=1, max_length=2000)
    answer: str = Field(min_length=1, max_length=8000)
    kind: QuestionKind | None = None
    sources: list[str] = Field(default_factory=list, max_length=20)


@router.post("", status_code=status.HTTP_201_CREATED)
def save_answer(tenant: Tenant, body: AnswerInput) -> dict[str, Any]:
    """Keep one suggestion, tagged with the interview it was for (the active target)."""
    target = TargetRepo(tenant.session, tenant.user_id).get_active()
    saved = SavedAnswerRepo(tenant.session, tenant.user_id).add(
        SavedAnswer(
            question=body.question,
            answer=body.answer,
            kind=body.kind,
            sources=body.sources,
            company_slug=target.company_slug if target else None,
            role=target.role if target else None,
        )
    )
    log.info("answer saved user=%s id=%s chars=%d", tenant.user_id, saved.id, len(body.answer))
    return saved.model_dump(mode="json")


@router.get("")
def list_answers(tenant: Tenant) -> list[dict[str, Any]]:
    answers = SavedAnswerRepo(tenant.session, tenant.user_id).list()
    return [answer.model_dump(mode="json") for answer in answers]


@router.delete("/{answer_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_answer(tenant: Tenant, answer_id: str) -> None:
    if not SavedAnswerRepo(tenant.session, tenant.user_id).delete(answer_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no saved answer with id {answer_id}")
