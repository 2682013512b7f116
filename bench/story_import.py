"""Story import at scale: time to add N templated stories, and what it does to others.

Each story has the same shape and its own employer and numbers, so none may merge.
Measured on SQLite: the whole `add_each` transaction (lock, one read, in-memory
duplicate index, inserts) for N = 500 and 2,000, beside the plain scan of every
stored story per add (the old algorithm's shape, facts precomputed) for the same
stories; and, while the 2,000 import runs, the latency of another user's request
(list 50 stories) against its idle latency.

Targets (issue 18): 2,000 stories well under a few seconds; the other user's
requests no more than 50 ms slower. Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.stories

from intervoo.config import Settings  # noqa: E402
from intervoo.store import Database  # noqa: E402
from intervoo.stories.library import add_each, counts, prepare, story_from_input  # noqa: E402
from intervoo.stories.merge import same_story_score, story_facts  # noqa: E402
from intervoo.stories.repo import StoryRepo
from tests.stories.test_merge_facts import templated  # noqa: E402

SIZES = (500, 2000)
OTHER = "other"


def _import(db: Database, user: str, n: int) -> tuple[float, dict[str, int]]:
    stories = [story_from_input(templated(i)) for i in range(n)]
    start = time.perf_counter()
    with db.session(user) as session:
        summary = counts(add_each(StoryRepo(session, user), stories))
    return time.perf_counter() - start, summary


def _scan_seconds(n: int) -> float:
    facts = [story_facts(prepare(story_from_input(templated(i)))) for i in range(n)]
    start = time.perf_counter()
    for i, mine in enumerate(facts):
        for other in facts[:i]:
            same_story_score(mine, other)
    return time.perf_counter() - start


def _other_request_ms(db: Database) -> float:
    start = time.perf_counter()
    with db.session(OTHER) as session:
        StoryRepo(session, OTHER).list()
    return (time.perf_counter() - start) * 1000


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 2) if len(values) > 1 else values[0]


def _import_while_probing(
    db: Database, user: str, n: int
) -> tuple[float, dict[str, int], list[float]]:
    """The import, with another user's request made every 10 ms until it ends."""
    busy: list[float] = []
    done = threading.Event()

    def probe() -> None:
        while not done.is_set():
            busy.append(_other_request_ms(db))
            time.sleep(0.01)

    prober = threading.Thread(target=probe)
    prober.start()
    seconds, summary = _import(db, user, n)
    done.set()
    prober.join()
    return seconds, summary, busy


def main() -> None:
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Settings(data_dir=Path(tmp)))
        db.upgrade()
        db.ensure_user(OTHER)
        with db.session(OTHER) as session:
            add_each(StoryRepo(session, OTHER), [story_from_input(templated(i)) for i in range(50)])
        idle = [_other_request_ms(db) for _ in range(40)]
        for n in SIZES:
            user = f"u{n}"
            db.ensure_user(user)
            seconds, summary, busy = _import_while_probing(db, user, n)
            result[f"import_{n}"] = {"seconds": round(seconds, 2), **summary}
            result[f"other_request_ms_during_{n}"] = {
                "idle_p95": _p95(idle),
                "busy_p95": _p95(busy),
                "samples": len(busy),
            }
            result[f"scan_pairs_only_{n}_seconds"] = round(_scan_seconds(n), 2)
        db.dispose()
    print(json.dumps(result))  # noqa: T201


if __name__ == "__main__":
    main()
