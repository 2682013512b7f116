"""Fixtures for the LLM tests: a scripted server on 127.0.0.1 and a shared httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.llm_server import LLMServer


@pytest.fixture
async def llm_server() -> AsyncIterator[LLMServer]:
    async with LLMServer() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client
