"""Typed LLM errors, and the pure mapping from HTTP statuses and error payloads to them.

Every message is written for the user ("what went wrong, what to check"). No message ever
contains the API key: the client redacts it before raising, and nothing here sees it.
"""

from __future__ import annotations

import json
from typing import Any


class LLMError(Exception):
    """A failed LLM call. `retryable` says whether trying again later may succeed."""

    code = "llm_error"

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


class LLMConfigError(LLMError):
    """The settings cannot describe a working endpoint (no model, bad base URL)."""

    code = "llm_config"


class LLMAuthError(LLMError):
    """401/403: the API key is missing, wrong, or lacks access."""

    code = "llm_auth"


class LLMModelNotFound(LLMError):
    """404: the endpoint does not know the configured model (or the base URL is wrong)."""

    code = "llm_model_not_found"


class LLMRateLimited(LLMError):
    """429: too many requests. `retry_after_s` is the server's hint, when it gave one."""

    code = "llm_rate_limited"

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message, retryable=True)
        self.retry_after_s = retry_after_s


class LLMServerError(LLMError):
    """5xx or an 'overloaded' event: the provider failed; a later try may work."""

    code = "llm_server_error"


class LLMConnectionError(LLMError):
    """The endpoint could not be reached at all (refused, DNS, TLS)."""

    code = "llm_connection"


class LLMTimeout(LLMError):
    """Connecting, the first token, or the next token took longer than configured."""

    code = "llm_timeout"


class LLMStreamError(LLMError):
    """The event stream broke: dropped mid-way, malformed, or an error event."""

    code = "llm_stream_error"


MAX_DETAIL_CHARS = 300


def error_detail(body: bytes) -> str:
    """The human part of an error body, from any provider's JSON shape, else the raw text."""
    text = body.decode("utf-8", "replace").strip()
    try:
        payload = json.loads(text)
    except ValueError:
        return _shorten(text)
    return _shorten(_message_of(payload) or text)


def _message_of(payload: Any) -> str | None:
    # OpenAI/Anthropic: {"error": {"message": ...}}; Ollama: {"error": "..."}; others: {"message"}.
    if isinstance(payload, dict):
        inner = payload.get("error")
        if isinstance(inner, str):
            return inner
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(payload.get("message"), str):
            return str(payload["message"])
        if isinstance(payload.get("detail"), str):
            return str(payload["detail"])
    return None


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"


def error_for_status(
    status: int, detail: str, *, model: str, endpoint: str, retry_after_s: float | None = None
) -> LLMError:
    """The typed error for a non-2xx response to the streaming request."""
    said = f" ({detail})" if detail else ""
    if status in (401, 403):
        return LLMAuthError(
            f"{endpoint} refused the API key (HTTP {status}){said}; check INTERVOO_LLM_API_KEY"
        )
    if status == 404:
        return LLMModelNotFound(
            f"{endpoint} does not know model {model!r} (HTTP 404){said}; "
            "check INTERVOO_LLM_MODEL and INTERVOO_LLM_BASE_URL"
        )
    if status == 429:
        return LLMRateLimited(
            f"{endpoint} is rate limiting requests (HTTP 429){said}", retry_after_s
        )
    if status == 408:
        return LLMTimeout(f"{endpoint} timed out the request (HTTP 408){said}", retryable=True)
    if status >= 500:
        return LLMServerError(f"{endpoint} failed (HTTP {status}){said}", retryable=True)
    return LLMError(f"{endpoint} rejected the request (HTTP {status}){said}")


# Anthropic's error `type`s, and the names OpenAI-compatible servers use in error events.
_KIND_TO_STATUS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "rate_limit_exceeded": 429,
    "api_error": 500,
    "server_error": 500,
    "overloaded_error": 529,
}


def error_for_event(payload_error: Any, *, model: str, endpoint: str) -> LLMError:
    """The typed error for an `error` object sent inside the event stream."""
    if isinstance(payload_error, dict):
        kind = str(payload_error.get("type") or payload_error.get("code") or "")
        message = payload_error.get("message")
        detail = _shorten(message if isinstance(message, str) else kind)
    else:
        kind, detail = "", _shorten(str(payload_error))
    status = _KIND_TO_STATUS.get(kind)
    if status is None:
        return LLMStreamError(f"{endpoint} sent an error mid-stream ({detail or 'no detail'})")
    return error_for_status(status, detail, model=model, endpoint=endpoint)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form only; dates are rare here)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
