"""`/api/debrief`: what the user saves from a live session's debrief. The debrief itself came
over /ws/live at Stop and lives in the page's memory; only what is posted here is kept."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, HTTPException, Request, Response, status

from intervoo.debrief.model import Debrief
from intervoo.store.records import SavedDebrief
from intervoo.store.repos import DebriefRepo
from intervoo.stories.library import StoryInputError, add_story, story_from_input
from intervoo.stories.model import StorySource, StoryStatus
from intervoo.stories.repo import StoryRepo
from intervoo.web.deps import Tenant
from intervoo.web.story_questions import questions_job, run_after_response

router = APIRouter(prefix="/api/debrief", tags=["debrief"])
log = logging.getLogger(__name__)


@router.post("/stories", status_code=status.HTTP_201_CREATED)
def add_told_story(
    tenant: Tenant,
    request: Request,
    response: Response,
    tasks: BackgroundTasks,
    data: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    """ "Add this story": a story told live joins the library as a draft to review (merged
    into the one it retells, if any: 200, not 201)."""
    try:
        story = story_from_input(data.get("story"))
    except StoryInputError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    told = story.model_copy(update={"source": StorySource.PRACTICE, "status": StoryStatus.DRAFT})
    result = add_story(StoryRepo(tenant.session, tenant.user_id), told)
    if result.merged_into:
        response.status_code = status.HTTP_200_OK
    log.info("debrief story saved user=%s id=%s merged=%s", tenant.user_id, result.story.id,
             bool(result.merged_into))  # fmt: skip
    job = questions_job(request, tenant.session, tenant.user_id, [result.story.id])
    run_after_response(tasks, request, tenant.user_id, job)
    return {"story": result.story.model_dump(mode="json"), "merged_into": result.merged_into}


@router.post("", status_code=status.HTTP_201_CREATED)
def save_debrief(tenant: Tenant, debrief: Debrief) -> dict[str, Any]:
    """ "Save the whole debrief": its text as shown (no audio); the drafts in it stay drafts
    inside it, not stories in the library (that is "Add this story")."""
    saved = DebriefRepo(tenant.session, tenant.user_id).add(
        SavedDebrief(
            session_id=debrief.session_id,
            company=debrief.company,
            role=debrief.role,
            body=debrief.model_dump(mode="json"),
        )
    )
    log.info("debrief saved user=%s id=%s questions=%d", tenant.user_id, saved.id,
             len(debrief.questions))  # fmt: skip
    return {"id": saved.id, "created_at": saved.created_at.isoformat()}


@router.get("/saved")
def saved_debriefs(tenant: Tenant) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json") for d in DebriefRepo(tenant.session, tenant.user_id).list()]


@router.delete("/saved/{debrief_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_debrief(tenant: Tenant, debrief_id: str) -> None:
    if not DebriefRepo(tenant.session, tenant.user_id).delete(debrief_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no saved debrief with id {debrief_id}")
