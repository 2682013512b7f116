"""The data API: the same request made as different users returns only each one's data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from intervoo.config import Mode, Settings
from intervoo.security import SecurityConfigError
from intervoo.store import LOCAL_USER_ID
from intervoo.web.app import create_app
from tests.store.conftest import USER_A, USER_B
from tests.support.auth import TEST_SECRET_KEY, authenticated_client
from tests.support.net import free_port, wait_http_ok
from tests.support.pg import PgDatabase

SERVER_SCRIPT = Path(__file__).with_name("serve_as_header_user.py")


def _export_of(tag: str) -> dict[str, Any]:
    story = {"id": f"{tag}-s1", "title": f"{tag} story", "situation": "", "task": "", "action": ""}
    story |= {"result": "", "competencies": ["ownership"], "metrics": [], "source": "manual"}
    story |= {"status": "approved", "times_used": 1, "work_ref": None, "last_used_at": None}
    story |= {"created_at": "2024-01-01T00:00:00+00:00", "updated_at": "2024-01-02T00:00:00+00:00"}
    return {"format": "intervoo-export", "version": 1, "tables": {"stories": [story]}}


def _header_identity(request: Request) -> str | None:
    return request.headers.get("x-test-user")


def _titles(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [story["title"] for story in response.json()["tables"]["stories"]]


@pytest.fixture
def pg_client(pg_settings: Settings) -> Iterator[TestClient]:
    app = create_app(pg_settings)
    app.state.identify = _header_identity
    with authenticated_client(app) as client:
        yield client


@pytest.mark.postgres
def test_the_same_request_as_a_and_as_b_returns_each_ones_data(pg_client: TestClient) -> None:
    for user, tag in ((USER_A, "A"), (USER_B, "B")):
        pg_client.app.state.db.ensure_user(user)  # type: ignore[attr-defined]
        created = pg_client.post("/api/data/import", json=_export_of(tag), headers=_as(user))
        assert created.status_code == 201, created.text
    assert _titles(pg_client.get("/api/data/export", headers=_as(USER_A))) == ["A story"]
    assert _titles(pg_client.get("/api/data/export", headers=_as(USER_B))) == ["B story"]
    deleted = pg_client.delete("/api/data", headers=_as(USER_A))
    assert deleted.json() == {"deleted": {**_zeroes(), "stories": 1}}
    assert _titles(pg_client.get("/api/data/export", headers=_as(USER_A))) == []
    assert _titles(pg_client.get("/api/data/export", headers=_as(USER_B))) == ["B story"]


@pytest.mark.postgres
def test_a_request_from_nobody_is_refused(pg_client: TestClient) -> None:
    assert pg_client.get("/api/data/export").status_code == 401


def test_local_install_serves_the_local_user_from_sqlite(settings: Settings) -> None:
    with authenticated_client(create_app(settings)) as client:
        created = client.post("/api/data/import", json=_export_of("L"))
        assert created.status_code == 201, created.text
        again = client.post("/api/data/import", json=_export_of("L"))
        assert again.status_code == 409 and "already has data" in again.json()["detail"]
        bad = client.post("/api/data/import", json={"format": "nope"})
        assert bad.status_code == 422 and "not an Intervoo export" in bad.json()["detail"]
        assert _titles(client.get("/api/data/export")) == ["L story"]
        assert client.app.state.db.ensure_local_user() == LOCAL_USER_ID  # type: ignore[attr-defined]
    assert (settings.data_dir / "intervoo.db").exists()


def test_server_mode_without_auth_lets_nobody_in(settings: Settings) -> None:
    settings.mode = Mode.SERVER
    # Server mode refuses SQLite outright (tests/security covers 401s on PostgreSQL).
    with pytest.raises(SecurityConfigError, match="needs PostgreSQL"):
        create_app(settings)


@pytest.mark.postgres
@pytest.mark.slow
def test_two_app_processes_share_one_postgresql(pg_database: PgDatabase, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "INTERVOO_DATA_DIR": str(tmp_path / "data"),
        "INTERVOO_DATABASE_URL": pg_database.app_url,
        "INTERVOO_DATABASE_ADMIN_URL": pg_database.admin_url,
        "INTERVOO_MODE": "server",
        "INTERVOO_SECRET_KEY": TEST_SECRET_KEY,
    }
    with ExitStack() as stack:
        # Both start at once on an empty database: one migrates, the other waits for it.
        first, second = (_start_server(stack, env, tmp_path / f"p{i}.log") for i in (1, 2))
        wait_http_ok(f"{first}/healthz", timeout_s=60)
        wait_http_ok(f"{second}/healthz", timeout_s=60)
        with httpx.Client(timeout=10) as http:
            _ensure_users(pg_database, tmp_path)
            assert (
                http.post(
                    f"{first}/api/data/import", json=_export_of("A"), headers=_as(USER_A)
                ).status_code
                == 201
            )
            assert _titles(http.get(f"{second}/api/data/export", headers=_as(USER_A))) == [
                "A story"
            ]
            assert _titles(http.get(f"{second}/api/data/export", headers=_as(USER_B))) == []
            assert (
                http.post(
                    f"{second}/api/data/import", json=_export_of("B"), headers=_as(USER_B)
                ).status_code
                == 201
            )
            assert _titles(http.get(f"{first}/api/data/export", headers=_as(USER_A))) == ["A story"]
            assert _titles(http.get(f"{first}/api/data/export", headers=_as(USER_B))) == ["B story"]


def _start_server(stack: ExitStack, env: dict[str, str], log: Path) -> str:
    port = free_port()
    log_file = stack.enter_context(log.open("wb"))
    proc = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT), str(port)], env=env, stdout=log_file, stderr=log_file
    )

    def stop() -> None:
        proc.terminate()
        proc.wait(timeout=10)

    stack.callback(stop)
    return f"http://127.0.0.1:{port}"


def _ensure_users(pg: PgDatabase, tmp_path: Path) -> None:
    from intervoo.store import Database

    db = Database(pg.settings(tmp_path / "data"))
    try:
        db.ensure_user(USER_A)
        db.ensure_user(USER_B)
    finally:
        db.dispose()


def _as(user: str) -> dict[str, str]:
    return {"X-Test-User": user}


def _zeroes() -> dict[str, int]:
    from intervoo.store.models import USER_TABLES

    return dict.fromkeys(USER_TABLES, 0)
