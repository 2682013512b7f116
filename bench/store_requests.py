"""How long one API-style unit of work takes through the tenant-scoped session.

One "request" = open `Database.session(user)` (on PostgreSQL: set the tenant, RLS
on), list the user's 50 stories, commit. Measured on SQLite (local install) and
on PostgreSQL as the unprivileged app role when a server is reachable
(INTERVOO_TEST_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432/postgres).

Target: p95 under 10 ms per request on both, so storage never dominates a
request (the live hot path never touches the database at all).
Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support.pg

from intervoo.config import Settings  # noqa: E402
from intervoo.store import Database  # noqa: E402
from intervoo.stories.model import Story  # noqa: E402
from intervoo.stories.repo import StoryRepo

STORIES = 50
REQUESTS = 300
TARGET_P95_MS = 10.0
USERS = ("a" * 32, "b" * 32)


def _fill(db: Database) -> None:
    for user in USERS:
        db.ensure_user(user)
        with db.session(user) as session:
            repo = StoryRepo(session, user)
            for i in range(STORIES):
                repo.add(Story(title=f"story {i}", situation="s " * 40, action="a " * 80))


def _measure(db: Database) -> dict[str, float | bool]:
    db.upgrade()
    _fill(db)
    timings = []
    for i in range(REQUESTS):
        user = USERS[i % 2]
        start = time.perf_counter()
        with db.session(user) as session:
            stories = StoryRepo(session, user).list()
        timings.append((time.perf_counter() - start) * 1000)
        assert len(stories) == STORIES
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    return {
        "p50_ms": round(statistics.median(timings), 3),
        "p95_ms": round(p95, 3),
        "meets_target": p95 < TARGET_P95_MS,
    }


def main() -> None:
    result: dict[str, object] = {
        "bench": "store_requests",
        "stories_per_user": STORIES,
        "requests": REQUESTS,
        "target_p95_ms": TARGET_P95_MS,
    }
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        sqlite = Database(Settings(data_dir=Path(tmp) / "sqlite"))
        stack.callback(sqlite.dispose)
        result["sqlite"] = _measure(sqlite)
        try:
            from tests.support.pg import fresh_pg_database, unreachable_reason

            reason = unreachable_reason()
            if reason is not None:
                raise RuntimeError(reason)
            pg = stack.enter_context(fresh_pg_database())
        except Exception as exc:  # no PostgreSQL here: report it rather than fail
            result["postgresql"] = {"skipped": str(exc)}
        else:
            postgres = Database(pg.settings(Path(tmp) / "pg"))
            stack.callback(postgres.dispose)
            result["postgresql"] = _measure(postgres)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
