"""The one hand-written streaming LLM client (OpenAI-compatible and Anthropic wire formats).

Errors and the Message type import eagerly; the client imports httpx on first use, so that
`intervoo --help` (which loads every command group) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from intervoo.llm.errors import (
    LLMAuthError,
    LLMConfigError,
    LLMConnectionError,
    LLMError,
    LLMModelNotFound,
    LLMRateLimited,
    LLMServerError,
    LLMStreamError,
    LLMTimeout,
)
from intervoo.llm.messages import Message

if TYPE_CHECKING:
    from intervoo.llm.client import LLMClient, create_client
    from intervoo.llm.stream import LLMStream, RetryPolicy, Timeouts

_LAZY = {
    "LLMClient": "intervoo.llm.client",
    "create_client": "intervoo.llm.client",
    "LLMStream": "intervoo.llm.stream",
    "RetryPolicy": "intervoo.llm.stream",
    "Timeouts": "intervoo.llm.stream",
}

__all__ = [
    "LLMAuthError",
    "LLMClient",
    "LLMConfigError",
    "LLMConnectionError",
    "LLMError",
    "LLMModelNotFound",
    "LLMRateLimited",
    "LLMServerError",
    "LLMStream",
    "LLMStreamError",
    "LLMTimeout",
    "Message",
    "RetryPolicy",
    "Timeouts",
    "create_client",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'intervoo.llm' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
