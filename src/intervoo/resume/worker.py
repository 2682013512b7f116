"""Parsing an uploaded resume in a separate process, with a deadline and a memory ceiling.

The parser's own caps (pages, content bytes, characters, lines, roles) bound what a
file can cost; the worker is the guard for what they miss: the process gets an
address-space ceiling (RLIMIT_AS) and a CPU-time limit, the caller a wall-clock
deadline, and a caller that stops waiting (the HTTP client left) kills it. The
server's event loop and GIL never run the parser, so one hostile file cannot stall
another user's live session.

Protocol (stdin -> stdout): one JSON line {"filename", "content_type", "memory_mb",
"cpu_s"}, then the file's bytes; the answer is one JSON object, {"parsed": ...} or
{"error": message, "status": code}.

    python -m intervoo.resume.worker < request
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from typing import Any

from intervoo.resume.errors import ResumeParseError
from intervoo.resume.schema import ParsedResume

log = logging.getLogger(__name__)
DEADLINE_S = 20.0
MEMORY_MB = 768  # address space: the interpreter and pdfplumber take about 100 MB of it
_FAILED = (
    "This file could not be read within the limits a resume needs ({why}); it was not imported."
)


async def parse_isolated(
    data: bytes,
    filename: str,
    content_type: str | None = None,
    *,
    deadline_s: float = DEADLINE_S,
    memory_mb: int = MEMORY_MB,
) -> ParsedResume:
    """parse_bytes in a worker process; ResumeParseError as parse_bytes raises them, and
    422 when the worker runs past its deadline or its memory. Cancelling kills the worker."""
    header = {"filename": filename, "content_type": content_type, "memory_mb": memory_mb,
              "cpu_s": int(deadline_s) + 1}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "intervoo.resume.worker",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        request = json.dumps(header).encode() + b"\n" + data
        async with asyncio.timeout(deadline_s):
            out, _ = await process.communicate(request)
    except TimeoutError:
        log.info("resume worker deadline: %d bytes after %.0f s", len(data), deadline_s)
        raise ResumeParseError(_FAILED.format(why=f"{deadline_s:.0f} s")) from None
    finally:
        if process.returncode is None:
            process.kill()
            with contextlib.suppress(ProcessLookupError):
                await process.wait()
    return _answer(out, process.returncode, memory_mb)


def _answer(out: bytes, returncode: int | None, memory_mb: int) -> ParsedResume:
    try:
        answer: dict[str, Any] = json.loads(out) if out else {}
    except ValueError:
        answer = {}
    if "parsed" in answer:
        return ParsedResume.model_validate(answer["parsed"])
    if "error" in answer:
        raise ResumeParseError(str(answer["error"]), int(answer.get("status", 422)))
    log.info("resume worker died: returncode=%s", returncode)
    raise ResumeParseError(_FAILED.format(why=f"{memory_mb} MB of memory, CPU time"))


def _limit(memory_mb: int, cpu_s: int) -> None:
    import resource

    ceiling = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))


def main() -> None:
    """The worker: limits first, then the parser (imported under them), one answer."""
    stream = sys.stdin.buffer
    header = json.loads(stream.readline())
    _limit(int(header["memory_mb"]), int(header["cpu_s"]))
    data = stream.read()
    try:
        from intervoo.resume import parse_bytes

        parsed = parse_bytes(data, str(header["filename"]), header.get("content_type"))
        answer: dict[str, Any] = {"parsed": parsed.model_dump(mode="json")}
    except ResumeParseError as exc:
        answer = {"error": exc.message, "status": exc.status_code}
    except MemoryError:
        answer = {"error": _FAILED.format(why="memory"), "status": 422}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
