"""The README's server recipe, run as written, on a fresh PostgreSQL cluster (initdb here,
so no role exists yet: `intervoo_app` and the owner are made by the recipe itself) and
Redis. Three changes, and only these: the cluster's port for 5432, a Redis key prefix of
the test's own, and `pip install` checked rather than run (the package is installed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.net import free_port, wait_http_ok
from tests.support.pg import require_service
from tests.support.redis import RedisForTest, test_redis  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
README = Path(__file__).parents[2] / "README.md"
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
PIP_LINE = "pip install 'intervoo[server,browser-stt]'"


def recipe() -> list[str]:
    """The shell lines of the block after `<!-- server-recipe -->`."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- server-recipe -->\n```sh\n(.*?)```", text, re.S)
    assert block, "the README has no server recipe block"
    return block.group(1).splitlines()


def _as_postgres(*command: str) -> None:
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*runner, *command], check=True, capture_output=True, timeout=60)


@pytest.fixture
def fresh_cluster() -> Iterator[int]:
    missing = PG_BIN is None or shutil.which("psql") is None
    reason = "PostgreSQL's initdb or psql is not installed" if missing else None
    require_service(reason, "initdb and psql", "apt-get install postgresql")
    # Not under pytest's tmp dir: the postgres user cannot enter root's 0700 folders.
    data, port = Path(tempfile.mkdtemp(prefix="intervoo-recipe-pg-")), free_port()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1"
    log = str(data / "server.log")  # not our pipe: the server outlives pg_ctl
    _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", log, "-o", options, "-w", "start")
    try:
        yield port
    finally:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(data, ignore_errors=True)


def test_the_readme_server_recipe_as_written(
    fresh_cluster: int,
    tmp_path: Path,
    test_redis: RedisForTest,  # noqa: F811
) -> None:
    lines = [line.replace(":5432/", f":{fresh_cluster}/") for line in recipe()]
    *setup, serve = lines
    assert serve.startswith("intervoo serve") and PIP_LINE in setup
    check = (
        f"{sys.executable} -c 'import limits, procrastinate, redis, importlib.util as u; "
        'assert u.find_spec("moonshine_cpp")\''
    )
    script = "\n".join(check if line == PIP_LINE else line for line in setup)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERVOO_", "PG"))}
    bin_dir = str(Path(sys.executable).parent)  # `intervoo` is the installed command
    env.update(
        PATH=f"{bin_dir}:{env['PATH']}",
        PGHOST="127.0.0.1",
        PGPORT=str(fresh_cluster),
        PGUSER="postgres",
        INTERVOO_DATA_DIR=str(tmp_path / "data"),
        INTERVOO_REDIS_PREFIX=test_redis.prefix,
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "latest" in done.stdout and "shared limits" in done.stdout

    port = free_port()
    env["INTERVOO_PORT"] = str(port)
    serving = f"set -a; . ./intervoo.env; set +a; exec {serve}"
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(["bash", "-c", serving], cwd=tmp_path, env=env, stdout=log,
                                  stderr=log)  # fmt: skip
        try:
            wait_http_ok(f"http://127.0.0.1:{port}/healthz", timeout_s=90)
            signed_in = httpx.post(
                f"http://127.0.0.1:{port}/api/auth/login",
                json={"email": "coach@example.com", "password": "a long coach password"},
                headers={"Host": "intervoo.example.com"},
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
    assert signed_in.status_code == 200, signed_in.text
