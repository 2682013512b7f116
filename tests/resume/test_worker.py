"""The upload parser's worker process: deadline, memory ceiling, killed when abandoned."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from intervoo.resume import ResumeParseError
from intervoo.resume.worker import parse_isolated
from tests.support.resumes import SAMPLE, build


def _workers() -> set[int]:
    """Our own child processes running the resume worker (from /proc)."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"intervoo.resume.worker" in cmdline and stat[0] != "Z":
            found.add(int(proc.name))
    return found


async def test_the_worker_parses_like_parse_bytes() -> None:
    filename, data = build("pdf-one-column")
    parsed = await parse_isolated(data, filename)
    assert [w.name for w in parsed.resume.work] == [w.name for w in SAMPLE.work]
    with pytest.raises(ResumeParseError) as caught:
        await parse_isolated(b"%PDF-1.4 nothing", "r.pdf")
    assert caught.value.message == "This PDF is damaged or not really a PDF."


@pytest.mark.parametrize("options", [{"deadline_s": 0.01}, {"memory_mb": 40}])
async def test_past_its_deadline_or_memory_the_worker_stops_with_a_clear_error(
    options: dict[str, float],
) -> None:
    filename, data = build("pdf-one-column")
    with pytest.raises(ResumeParseError) as caught:
        await parse_isolated(data, filename, **options)  # type: ignore[arg-type]
    assert caught.value.status_code == 422 and "limits" in caught.value.message
    assert not _workers()


async def test_an_abandoned_parse_kills_its_worker() -> None:
    filename, data = build("pdf-one-column")
    task = asyncio.ensure_future(parse_isolated(data, filename))
    for _ in range(500):  # until the worker exists (bounded: 5 s)
        if _workers() or task.done():
            break
        await asyncio.sleep(0.01)
    assert _workers(), "the worker never started"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not _workers()
