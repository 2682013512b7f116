"""Run by test_disk_full.py in its own process: an app whose database file cannot grow.

The file size limit (RLIMIT_FSIZE) stands in for a full disk: SQLite's write fails the
same way. SIGXFSZ is ignored so the write returns an error instead of killing us.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client

STORY = {"situation": "s", "task": "t", "action": "I did it.", "result": "Saved 30%."}
BIG = {**STORY, "title": "A long story", "situation": "word " * 180_000}  # under the body cap
SMALL = {**STORY, "title": "A short story"}


def cli_import(data_dir: Path, limit: int) -> dict[str, object]:
    """`intervoo stories import` of a file too big for what the disk has left."""
    import contextlib
    import io
    import os

    from intervoo.cli import main as intervoo

    story_file = data_dir / "stories.json"
    story = {**STORY, "title": "Another long story", "situation": "word " * 40_000,
             "result": "Cut churn 12%."}  # fmt: skip
    story_file.write_text(json.dumps([story]), encoding="utf-8")
    os.environ["INTERVOO_DATA_DIR"] = str(data_dir)
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    sys.argv = ["intervoo", "stories", "import", str(story_file)]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
        intervoo()
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    return {"stderr": err.getvalue()}


def main(data_dir: Path) -> None:
    out: dict[str, object] = {}
    with authenticated_client(create_app(Settings(data_dir=data_dir))) as client:
        client.get("/api/stories")  # created and migrated while the disk has room
        largest = max(f.stat().st_size for f in data_dir.iterdir() if f.is_file())
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (largest + 256 * 1024, hard))
        full = client.post("/api/stories", json=BIG)
        out["full"] = {"status": full.status_code, "body": full.json()}
        resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
        out["after"] = client.post("/api/stories", json=SMALL).status_code
        out["stories"] = [s["title"] for s in client.get("/api/stories").json()]
    out["cli"] = cli_import(data_dir, 100 * 1024)  # the WAL starts empty after shutdown
    print(json.dumps(out))  # noqa: T201 - the result, for the test that runs this


if __name__ == "__main__":
    main(Path(sys.argv[1]))
