"""Fixtures every test may use. Each test gets its own data dir; nothing touches the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from intervoo.config import Settings


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's INTERVOO_* variables, .env file or data dir."""
    import os

    for key in list(os.environ):
        if key.startswith("INTERVOO_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("INTERVOO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")
