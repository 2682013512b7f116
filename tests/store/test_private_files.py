"""The data dir is created 0700 and intervoo.db 0600 (with its WAL files), like the token:
other local users read nothing. An old 0644 database file is tightened on open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from intervoo.config import Settings
from intervoo.store import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_dir_and_database_are_private(settings: Settings) -> None:
    db = Database(settings)
    try:
        db.upgrade()
        db.ensure_local_user()
    finally:
        db.dispose()
    assert _mode(settings.data_dir) == 0o700
    files = list(settings.data_dir.glob("intervoo.db*"))
    assert settings.data_dir / "intervoo.db" in files
    assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_an_old_world_readable_database_is_tightened(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True)
    old = settings.data_dir / "intervoo.db"
    old.touch(mode=0o644)
    old.chmod(0o644)
    db = Database(settings)
    try:
        db.upgrade()
    finally:
        db.dispose()
    assert _mode(old) == 0o600
