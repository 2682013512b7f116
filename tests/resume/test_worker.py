"""The upload parser's worker process: deadline, memory ceiling, killed when abandoned."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.resume import ResumeParseError
from intervoo.resume.worker import parse_isolated
from tests.live.server import running_server
from tests.support.auth import auth_headers
from tests.support.resumes import SAMPLE, build, to_pdf_one_column


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


async def test_an_upload_whose_client_leaves_stops_its_parse(settings: Settings) -> None:
    """Against a real uvicorn server: the client sends an 18-page PDF and hangs up while it
    is parsed; the worker is killed and nothing is saved."""
    pdf = to_pdf_one_column(repeat=36)
    boundary = "intervoo-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    token = auth_headers(settings)["Authorization"]
    async with running_server(settings) as base:
        port = int(base.rsplit(":", 1)[1])
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        head = (
            f"POST /api/resume HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        for _ in range(1000):  # until the worker runs (bounded: 10 s)
            if _workers():
                break
            await asyncio.sleep(0.01)
        assert _workers(), "the upload never reached the worker"
        writer.close()
        await writer.wait_closed()
        for _ in range(1000):  # until it is gone (bounded: 10 s)
            if not _workers():
                break
            await asyncio.sleep(0.01)
        assert not _workers()
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": token}) as client:
            assert (await client.get("/api/resume")).status_code == 404
