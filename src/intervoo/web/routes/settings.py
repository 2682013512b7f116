"""`/api/settings`: the effective settings (secrets masked) and a real LLM connection test."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from intervoo.config import Mode, Settings, public_view

router = APIRouter(prefix="/api/settings", tags=["settings"])
log = logging.getLogger(__name__)

# What the settings screen shows; storage URLs and paths stay out of the browser.
SHOWN = ("llm_provider", "llm_model", "llm_base_url", "llm_api_key", "stt_engine", "stt_model")
# On a multi-user server the endpoint and key are the operator's, not each user's business.
SHOWN_ON_SERVER = ("llm_provider", "llm_model", "stt_engine", "stt_model")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("")
def get_settings(request: Request) -> dict[str, str]:
    settings = _settings(request)
    view = public_view(settings)
    shown = SHOWN_ON_SERVER if settings.mode is Mode.SERVER else SHOWN
    return {name: view[name] for name in shown}


@router.post("/llm/test")
async def test_llm(request: Request) -> dict[str, Any]:
    """One tiny real request to the configured LLM: time to first token, or what is wrong."""
    from intervoo.llm import LLMError
    from intervoo.llm.probe import measure

    if _settings(request).mode is Mode.SERVER:
        # An unmetered request on the operator's key: the operator runs `intervoo llm test`.
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "On this server the LLM is managed by its operator (`intervoo llm test`).",
        )
    try:
        measurement = await measure(_settings(request))
    except LLMError as exc:
        log.info("llm test failed code=%s retryable=%s", exc.code, exc.retryable)
        # retryable: the endpoint is down or busy (a gateway problem); else the setup is wrong
        code = status.HTTP_502_BAD_GATEWAY if exc.retryable else 422
        raise HTTPException(code, exc.message) from None
    return asdict(measurement)
