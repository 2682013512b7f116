"""`/api/resume`: upload a resume file, read the structure, save corrections.

Parsing happens before anything is written, and saving (resume + seeded stories)
is one transaction: a bad file or a failed save leaves the stored resume as it was.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Body,
    Depends,
    File,
    Form,
    HTTPException,
    Request,
    UploadFile,
    status,
)
from starlette.concurrency import run_in_threadpool

from intervoo.resume import ResumeParseError
from intervoo.resume.formats import MAX_BYTES
from intervoo.resume.repo import ResumeRepo, StoredResume
from intervoo.resume.schema import Doubt, ParsedResume
from intervoo.resume.service import ImportResult, import_resume, update_resume
from intervoo.resume.worker import parse_isolated
from intervoo.store import NotFoundError
from intervoo.web.deps import Tenant, current_user_id, get_db
from intervoo.web.story_questions import questions_job, run_after_response

router = APIRouter(prefix="/api/resume", tags=["resume"])
log = logging.getLogger(__name__)


def _view(stored: StoredResume) -> dict[str, Any]:
    """What the UI shows: the structure, what to double-check, where it came from."""
    return stored.model_dump(mode="json", exclude={"source_text"})


def _read_bounded(upload: UploadFile) -> bytes:
    """The upload's bytes, refusing (413) anything over the limit without reading it all."""
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            "The file is over 10 MB; resumes up to 10 MB are accepted.",
        )
    return data


async def _client_left(request: Request) -> None:
    """Returns when the client disconnects (the body is read: the next message is that)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _parse(
    request: Request, data: bytes, filename: str, content_type: str | None
) -> ParsedResume:
    """Parse in the worker process; if the client leaves first, the worker is killed."""
    parsing = asyncio.ensure_future(parse_isolated(data, filename, content_type))
    leaving = asyncio.ensure_future(_client_left(request))
    try:
        await asyncio.wait({parsing, leaving}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        leaving.cancel()
        if not parsing.done():
            parsing.cancel()  # kills the worker
            log.info("resume upload abandoned by the client; parsing stopped")
    if parsing.cancelled():
        raise HTTPException(499, "The client left before the resume was read.")
    result: ParsedResume = parsing.result()
    return result


async def _with_llm(request: Request, parsed: ParsedResume) -> ParsedResume:
    """The verified LLM pass (resume.llm_structure); without an LLM, or when it fails, the
    offline parse stands and a doubt says why."""
    from intervoo.llm import LLMError, create_client
    from intervoo.llm.http import llm_http
    from intervoo.resume.llm_structure import structure_with_llm

    settings = request.app.state.settings
    try:
        async with llm_http(settings) as http:
            llm = create_client(settings, http)
            if llm is None:
                why = "no LLM is configured"
            else:
                return await structure_with_llm(parsed, llm)
    except LLMError as exc:
        log.info("resume llm structuring failed: code=%s", exc.code)
        why = "the LLM could not be reached"
    doubt = Doubt(path="work", message=f"Only the offline parser read this file: {why}.")
    return parsed.model_copy(update={"doubts": [*parsed.doubts, doubt]})


def _save(request: Request, user_id: str, parsed: ParsedResume) -> tuple[ImportResult, str | None]:
    """Store the parsed resume in one tenant transaction (as the Tenant dependency does),
    with the job that writes the seeded stories' questions."""
    with get_db(request).session(user_id) as session:
        result = import_resume(session, user_id, parsed)
        job = questions_job(request, session, user_id, None) if result.seeded_stories else None
        return result, job


@router.post("", status_code=status.HTTP_201_CREATED)
async def upload_resume(
    user_id: Annotated[str, Depends(current_user_id)],
    request: Request,
    tasks: BackgroundTasks,
    file: Annotated[UploadFile, File(description="PDF, DOCX, MD, TXT or JSON")],
    structure: Annotated[
        str, Form(pattern="^(offline|llm)$", description="llm: also ask the configured LLM")
    ] = "offline",
) -> dict[str, Any]:
    """Import a resume file as your resume; roles you had keep their ids and stories. Draft
    stories seeded from new roles get their questions written in the background.

    Parsing runs in a worker process with a deadline and a memory ceiling (issue 18)."""
    try:
        data = await run_in_threadpool(_read_bounded, file)
        parsed = await _parse(request, data, file.filename or "", file.content_type)
        if structure == "llm" and parsed.source_text:
            parsed = await _with_llm(request, parsed)
    except ResumeParseError as exc:
        log.info("resume upload refused user=%s status=%d", user_id, exc.status_code)
        raise HTTPException(exc.status_code, exc.message) from None
    finally:
        await file.close()
    result, job = await run_in_threadpool(_save, request, user_id, parsed)
    run_after_response(tasks, request, user_id, job)
    return {
        **_view(result.stored),
        "imported": {
            "roles": len(result.stored.resume.work),
            "kept_ids": result.kept_ids,
            "new_roles": result.new_roles,
            "seeded_stories": result.seeded_stories,
        },
    }


@router.get("")
def get_resume(tenant: Tenant) -> dict[str, Any]:
    """Your current resume and what the parser was unsure about."""
    stored = ResumeRepo(tenant.session, tenant.user_id).get()
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No resume yet: upload one first.")
    return _view(stored)


@router.put("")
def put_resume(tenant: Tenant, resume: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """Save your corrections to the structure (a JSON Resume object)."""
    try:
        stored = update_resume(tenant.session, tenant.user_id, resume)
    except ResumeParseError as exc:
        raise HTTPException(exc.status_code, exc.message) from None
    except NotFoundError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No resume yet: upload one first.") from None
    return _view(stored)
