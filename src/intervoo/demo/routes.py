"""`POST /api/demo` loads the sample candidate; `GET /api/demo/audio` is the sample interview."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse

from intervoo.demo import sample
from intervoo.demo.loader import DemoConflictError, load_demo
from intervoo.web.deps import Tenant

router = APIRouter(prefix="/api/demo", tags=["demo"])


@router.post("", status_code=status.HTTP_201_CREATED)
def post_demo(tenant: Tenant, replace: bool = False) -> dict[str, Any]:
    """Load the sample candidate; 409 if that would replace your own resume (unless `replace`)."""
    try:
        loaded = load_demo(tenant.session, tenant.user_id, replace=replace)
    except DemoConflictError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return {**asdict(loaded), "questions": list(sample.QUESTIONS)}


@router.get("/audio", response_class=FileResponse)
def demo_audio() -> FileResponse:
    """The sample interview: espeak-ng speech, 16 kHz mono WAV. Public data, no tenant."""
    return FileResponse(sample.audio_path(), media_type="audio/wav", filename="intervoo-demo.wav")
