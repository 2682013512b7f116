"""`/api/settings`: the effective settings (secrets masked), finding a local LLM, a real
connection test, and choosing the LLM without a restart."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from intervoo.config import LLMProvider, Mode, Settings, public_view

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


class LLMChoice(BaseModel):
    """An LLM to test or use: the local server found by detect, or any endpoint."""

    model_config = ConfigDict(extra="forbid")

    provider: LLMProvider = LLMProvider.OPENAI
    base_url: str = Field(min_length=1, max_length=500)
    model: str = Field(min_length=1, max_length=200)
    api_key: str | None = Field(default=None, max_length=500)


def _local_only(request: Request) -> Settings:
    settings = _settings(request)
    if settings.mode is Mode.SERVER:
        # An unmetered request on the operator's key: the operator runs `intervoo llm test`.
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "On this server the LLM is managed by its operator (`intervoo llm test`).",
        )
    return settings


@router.post("/llm/detect")
async def detect_llm(request: Request) -> dict[str, Any]:
    """OpenAI-compatible servers on this machine (Ollama, llama.cpp, LM Studio, vLLM)."""
    from intervoo.llm.detect import KNOWN_PORTS, detect

    settings = _local_only(request)
    found = await detect(settings.llm_detect_ports)
    ports = [*KNOWN_PORTS, *settings.llm_detect_ports]
    return {"servers": [asdict(server) for server in found], "ports": list(dict.fromkeys(ports))}


@router.post("/llm/test")
async def test_llm(request: Request, choice: LLMChoice | None = None) -> dict[str, Any]:
    """One tiny real request: to `choice` when given, else to the configured LLM."""
    from intervoo.llm import LLMError
    from intervoo.llm.probe import measure

    settings = _local_only(request)
    target = _with_choice(settings, choice) if choice is not None else settings
    try:
        measurement = await measure(target)
    except LLMError as exc:
        log.info("llm test failed code=%s retryable=%s", exc.code, exc.retryable)
        # retryable: the endpoint is down or busy (a gateway problem); else the setup is wrong
        code = status.HTTP_502_BAD_GATEWAY if exc.retryable else 422
        raise HTTPException(code, exc.message) from None
    return asdict(measurement)


@router.put("/llm")
async def use_llm(request: Request, choice: LLMChoice) -> dict[str, str]:
    """Use `choice` from the next question on (no restart), and keep it: the endpoint and
    model in the data dir, the key (if any) in the OS keyring, never in a file."""
    from intervoo.config import save_llm_choice
    from intervoo.security.secrets import KeyringUnavailable, store_keyring_secret

    settings = _local_only(request)
    if choice.api_key:
        try:
            await asyncio.to_thread(store_keyring_secret, "llm_api_key", choice.api_key)
        except KeyringUnavailable as exc:
            raise HTTPException(422, str(exc)) from None
    saved = await asyncio.to_thread(
        save_llm_choice, settings, choice.provider, choice.base_url, choice.model
    )
    # In place: live sessions, the security guard and this router share this object.
    settings.llm_provider, settings.llm_base_url = saved.llm_provider, saved.llm_base_url
    settings.llm_model = saved.llm_model
    if choice.api_key:
        settings.llm_api_key = SecretStr(choice.api_key)
    log.info("llm chosen provider=%s", choice.provider.value)
    return get_settings(request)


def _with_choice(settings: Settings, choice: LLMChoice) -> Settings:
    key = SecretStr(choice.api_key) if choice.api_key else settings.llm_api_key
    return settings.model_copy(
        update={
            "llm_provider": choice.provider,
            "llm_base_url": choice.base_url,
            "llm_model": choice.model,
            "llm_api_key": key,
        }
    )
