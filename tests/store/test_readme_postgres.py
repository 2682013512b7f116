"""The README's PostgreSQL flow, run as written: `intervoo db upgrade` with only the owner's
URL migrates PostgreSQL (not the local SQLite file), psql gives intervoo_app a login, and
`intervoo serve` starts as intervoo_app; it refuses, with one line, an app URL that is the
table owner or a superuser."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from intervoo.store.rls import APP_ROLE
from tests.support.auth import TEST_SECRET_KEY
from tests.support.net import free_port, wait_http_ok
from tests.support.pg import APP_PASSWORD, SERVER_URL, _url_for, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def owned_database() -> Iterator[str]:
    """A fresh database owned by a fresh, non-superuser role (`CREATE DATABASE … OWNER`)."""
    require_postgres()
    name, owner = f"intervoo_readme_{uuid4().hex[:10]}", f"owner_{uuid4().hex[:10]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(owner)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(owner)
            )
        )
    try:
        yield _url_for(name, user=owner, password=None)
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(owner)))


def _intervoo(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "intervoo.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def _serve_refuses(env: dict[str, str], database_url: str) -> str:
    done = _intervoo({**env, "INTERVOO_DATABASE_URL": database_url}, "serve", "--port", "1")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_the_readme_postgres_flow_as_written(owned_database: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVOO_")}
    env.update(INTERVOO_DATA_DIR=str(data_dir), INTERVOO_DATABASE_ADMIN_URL=owned_database)

    upgraded = _intervoo(env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "latest" in upgraded.stdout and "postgresql" in upgraded.stdout
    assert not (data_dir / "intervoo.db").exists()  # the local SQLite file was not touched
    password = f"ALTER ROLE intervoo_app LOGIN PASSWORD '{APP_PASSWORD}'"
    subprocess.run(["psql", owned_database, "-q", "-c", password], check=False)  # as README
    app_url = make_url(owned_database).set(username=APP_ROLE, password=APP_PASSWORD)

    server_env = {**env, "INTERVOO_MODE": "server", "INTERVOO_SECRET_KEY": TEST_SECRET_KEY}
    owner_line = _serve_refuses(server_env, owned_database)
    assert "owns" in owner_line and "intervoo_app" in owner_line
    super_line = _serve_refuses(server_env, SERVER_URL)
    assert "superuser" in super_line

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "intervoo.cli", "serve", "--port", str(port)],
        env={**server_env, "INTERVOO_DATABASE_URL": app_url.render_as_string(False)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=60).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
