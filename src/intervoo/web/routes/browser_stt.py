"""The browser recognizer's files: `GET /browser-stt/manifest.json` and `/browser-stt/files/NAME`.

Public like /static (they are open-source package files, the same for everyone); only the
pinned names are served, each only when its sha256 matches. The files never change under a
name for one version, so browsers may keep them (the live screen also keeps the models in
the Cache API and checks their hash there).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse

from intervoo.web.browser_stt import ASSETS, checked_path, manifest

# Not in the OpenAPI schema: static files, public like /static, not an API.
router = APIRouter(tags=["browser-stt"])
MEDIA_TYPES = {".mjs": "text/javascript", ".wasm": "application/wasm"}
KEEP = "public, max-age=31536000, immutable"


@router.get("/browser-stt/manifest.json", include_in_schema=False)
async def browser_stt_manifest(request: Request) -> dict[str, Any]:
    """Whether this server can give a browser its recognizer, what each file's hash is, and
    what to install when it cannot."""
    return await asyncio.to_thread(manifest, request.app.state.settings)


@router.get("/browser-stt/files/{name}", include_in_schema=False)
async def browser_stt_file(name: str, request: Request) -> FileResponse:
    asset = ASSETS.get(name)
    if asset is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no browser speech file named {name!r}")
    path = await asyncio.to_thread(checked_path, request.app.state.settings, asset)
    if path is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            f"{name} is not installed on this server (see /browser-stt/manifest.json)",
        )
    media = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"Cache-Control": KEEP})
