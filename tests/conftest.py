"""Fixtures every test may use. Each test gets its own data dir; nothing touches the user's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from tests.support.llm_server import LLMServer


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's INTERVOO_* variables, .env file or data dir."""
    import os

    for key in list(os.environ):
        if key.startswith("INTERVOO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    # Servers started by tests load the speech model when audio comes, not at start (CPU).
    monkeypatch.setenv("INTERVOO_WARM_SPEECH_MODEL", "false")
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
async def llm_server() -> AsyncIterator[LLMServer]:
    """A scripted LLM wire-format server on 127.0.0.1."""
    async with LLMServer() as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client
