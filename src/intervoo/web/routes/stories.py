"""The story library over HTTP: CRUD, import/export, seeding from the resume, and matching.

Every route goes through `Tenant` (or, across an LLM call, `db.session(user_id)`), so it
only ever sees the requesting user's stories. When an LLM is configured, a story added,
imported or whose text is edited gets its interview questions written in the background,
after the response. Log lines carry ids and counts, never story text.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Body,
    HTTPException,
    Query,
    Request,
    Response,
    status,
)
from pydantic import BaseModel, Field

from intervoo.events import QuestionKind
from intervoo.llm import LLMConfigError, LLMError
from intervoo.llm.http import llm_http
from intervoo.llm.probe import require_client
from intervoo.resume.repo import ResumeRepo
from intervoo.security.limits import LLMBudgetExceeded
from intervoo.stories.library import (
    AddResult,
    StoryInputError,
    add_each,
    add_story,
    apply_edit,
    counts,
    export_stories,
    stories_from_import,
    story_from_input,
    story_summary,
)
from intervoo.stories.matching import match_or_fallback
from intervoo.stories.model import STORY_FIELDS, StoryStatus
from intervoo.stories.question_writer import fill_questions
from intervoo.stories.repo import StoryRepo
from intervoo.stories.seed import stories_from_resume
from intervoo.stories.vector_repo import StoryVectorRepo
from intervoo.web.deps import Tenant, current_user_id, get_db
from intervoo.web.story_questions import llm_charge, questions_job, run_after_response

router = APIRouter(prefix="/api/stories", tags=["stories"])
log = logging.getLogger(__name__)

_MAX_QUESTION_CHARS = 2000


class MatchRequest(BaseModel):
    question: str = Field(min_length=1, max_length=_MAX_QUESTION_CHARS)
    top: int = Field(default=3, ge=1, le=20)
    kind: QuestionKind | None = None
    exclude: list[str] = Field(default_factory=list)


def _invalid(exc: StoryInputError) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc))


def _not_found(story_id: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"no story with id {story_id}")


@router.get("")
def list_stories(
    tenant: Tenant, status_: Annotated[StoryStatus | None, Query(alias="status")] = None
) -> list[dict[str, Any]]:
    stories = StoryRepo(tenant.session, tenant.user_id).list(status=status_)
    return [story_summary(s) for s in stories]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_story(
    tenant: Tenant,
    request: Request,
    response: Response,
    tasks: BackgroundTasks,
    data: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    """Add a story; a retelling of an existing one is merged into it (200, not 201)."""
    try:
        result = add_story(StoryRepo(tenant.session, tenant.user_id), story_from_input(data))
    except StoryInputError as exc:
        raise _invalid(exc) from None
    if result.merged_into:
        response.status_code = status.HTTP_200_OK
    log.info("story add user=%s id=%s merged=%s", tenant.user_id, result.story.id,
             bool(result.merged_into))  # fmt: skip
    job = questions_job(request, tenant.session, tenant.user_id, [result.story.id])
    run_after_response(tasks, request, tenant.user_id, job)
    return {"story": result.story.model_dump(mode="json"), "merged_into": result.merged_into}


@router.get("/export")
def export(tenant: Tenant) -> list[dict[str, Any]]:
    """Every story, as the JSON array `POST /api/stories/import` reads."""
    return export_stories(StoryRepo(tenant.session, tenant.user_id).list())


@router.post("/import")
def import_stories(
    tenant: Tenant, request: Request, tasks: BackgroundTasks, data: Annotated[Any, Body()]
) -> dict[str, int]:
    """A JSON array of stories (what export returns); retellings are merged. Then the
    imported stories still short of questions get them written in the background."""
    try:
        stories = stories_from_import(data)
    except StoryInputError as exc:
        raise _invalid(exc) from None
    results = add_each(StoryRepo(tenant.session, tenant.user_id), stories)
    summary = counts(results)
    log.info("story import user=%s count=%d merged=%d", tenant.user_id, len(stories),
             summary["merged"])  # fmt: skip
    job = questions_job(request, tenant.session, tenant.user_id, _ids(results))
    run_after_response(tasks, request, tenant.user_id, job)
    return summary


@router.post("/seed")
def seed_from_resume(tenant: Tenant, request: Request, tasks: BackgroundTasks) -> dict[str, int]:
    """Draft stories from the resume's measurable highlights (again: merged, not doubled),
    their questions written in the background."""
    stored = ResumeRepo(tenant.session, tenant.user_id).get()
    if stored is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "no resume yet: upload one first")
    drafts = stories_from_resume(stored.resume)
    results = add_each(StoryRepo(tenant.session, tenant.user_id), drafts)
    job = questions_job(request, tenant.session, tenant.user_id, _ids(results))
    run_after_response(tasks, request, tenant.user_id, job)
    return counts(results)


def _ids(results: list[AddResult]) -> list[str]:
    """Each added or merged-into story once, in order."""
    return list(dict.fromkeys(result.story.id for result in results))


@router.post("/match")
def match(tenant: Tenant, request: MatchRequest) -> list[dict[str, Any]]:
    """The best stories for a question: `[{"id","title","score","why"}]`, or resume
    highlights (id null, "why" says no story fits) when none does."""
    stored = ResumeRepo(tenant.session, tenant.user_id).get()
    stories = StoryRepo(tenant.session, tenant.user_id).list()
    try:
        return match_or_fallback(
            stories,
            request.question,
            resume=stored.resume if stored else None,
            top=request.top,
            kind=request.kind,
            exclude=request.exclude,
            vectors=StoryVectorRepo(tenant.session, tenant.user_id),
        )
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None


@router.get("/{story_id}")
def get_story(tenant: Tenant, story_id: str) -> dict[str, Any]:
    story = StoryRepo(tenant.session, tenant.user_id).get(story_id)
    if story is None:
        raise _not_found(story_id)
    return story.model_dump(mode="json")


@router.patch("/{story_id}")
def edit_story(
    tenant: Tenant,
    request: Request,
    tasks: BackgroundTasks,
    story_id: str,
    changes: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    repo = StoryRepo(tenant.session, tenant.user_id)
    story = repo.get(story_id)
    if story is None:
        raise _not_found(story_id)
    try:
        updated = repo.update(apply_edit(story, changes))
    except StoryInputError as exc:
        raise _invalid(exc) from None
    if set(STORY_FIELDS) & set(changes):  # what it is about changed: questions may too
        job = questions_job(request, tenant.session, tenant.user_id, [story_id])
        run_after_response(tasks, request, tenant.user_id, job)
    return updated.model_dump(mode="json")


@router.post("/{story_id}/questions")
async def write_story_questions(request: Request, story_id: str) -> dict[str, Any]:
    """The LLM writes the interview questions this story answers, now (even for a story
    that has some); returns the story with them merged in."""
    db, user_id = get_db(request), current_user_id(request)

    def exists() -> bool:
        with db.session(user_id) as session:
            return StoryRepo(session, user_id).get(story_id) is not None

    if not await asyncio.to_thread(exists):
        raise _not_found(story_id)
    async with llm_http(request.app.state.settings) as http:
        try:
            llm = require_client(request.app.state.settings, http)
        except LLMConfigError as exc:  # none configured, or configured wrong
            raise HTTPException(status.HTTP_409_CONFLICT, exc.message) from None
        try:
            filled = fill_questions(llm, db, user_id, [story_id], force=True,
                                    charge=llm_charge(request, user_id))  # fmt: skip
            written = [story async for story in filled]
        except LLMBudgetExceeded as exc:
            raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, exc.message) from None
        except LLMError as exc:
            log.info("story questions failed user=%s id=%s code=%s", user_id, story_id, exc.code)
            raise HTTPException(status.HTTP_502_BAD_GATEWAY, exc.message) from None
    if not written:  # deleted while the LLM wrote
        raise _not_found(story_id)
    return written[0].model_dump(mode="json")


@router.delete("/{story_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_story(tenant: Tenant, story_id: str) -> None:
    if not StoryRepo(tenant.session, tenant.user_id).delete(story_id):
        raise _not_found(story_id)
    log.info("story delete user=%s id=%s", tenant.user_id, story_id)
