"""The one way to build the HTTP client that talks to the configured LLM.

httpx's default `trust_env=True` reads HTTP(S)_PROXY / ALL_PROXY from the environment
and would route even a local model's traffic (127.0.0.1) through a remote proxy, and
reads ~/.netrc. Text goes only where the user configured: the LLM endpoint itself, or
through INTERVOO_LLM_PROXY when they name one.
"""

from __future__ import annotations

import httpx

from intervoo.config import Settings


def llm_http(settings: Settings | None) -> httpx.AsyncClient:
    """An AsyncClient that ignores proxy and netrc settings from the environment."""
    proxy = settings.llm_proxy if settings is not None else None
    return httpx.AsyncClient(trust_env=False, proxy=proxy or None)
