"""`/api/resume`: upload a resume file, read the structure, save corrections.

Parsing happens before anything is written, and saving (resume + seeded stories)
is one transaction: a bad file or a failed save leaves the stored resume as it was.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Body,
    File,
    HTTPException,
    Request,
    UploadFile,
    status,
)

from intervoo.resume import ResumeParseError, parse_bytes
from intervoo.resume.formats import MAX_BYTES
from intervoo.resume.service import import_resume, update_resume
from intervoo.store import NotFoundError, ResumeRepo, StoredResume
from intervoo.web.deps import Tenant
from intervoo.web.story_questions import write_questions_later

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


@router.post("", status_code=status.HTTP_201_CREATED)
def upload_resume(
    tenant: Tenant,
    request: Request,
    tasks: BackgroundTasks,
    file: Annotated[UploadFile, File(description="PDF, DOCX, MD, TXT or JSON")],
) -> dict[str, Any]:
    """Import a resume file as your resume; roles you had keep their ids and stories. Draft
    stories seeded from new roles get their questions written in the background."""
    try:
        data = _read_bounded(file)
        parsed = parse_bytes(data, file.filename or "", file.content_type)
    except ResumeParseError as exc:
        log.info("resume upload refused user=%s status=%d", tenant.user_id, exc.status_code)
        raise HTTPException(exc.status_code, exc.message) from None
    finally:
        file.file.close()
    result = import_resume(tenant.session, tenant.user_id, parsed)
    if result.seeded_stories:
        tasks.add_task(write_questions_later, request, tenant.user_id, None)
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
