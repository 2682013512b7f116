"""The resume parser's entry points: bytes or a file in, ParsedResume out."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from intervoo.resume.errors import ResumeParseError
from intervoo.resume.formats import MAX_BYTES, decode_text, detect_format, too_large
from intervoo.resume.ids import assign_work_ids
from intervoo.resume.jsonresume import parse_json_resume
from intervoo.resume.schema import ParsedResume, WorkEntry
from intervoo.resume.sections import heading_key
from intervoo.resume.text_parser import parse_text

log = logging.getLogger(__name__)


def parse_bytes(data: bytes, filename: str, content_type: str | None = None) -> ParsedResume:
    """Parse a resume file's bytes; ResumeParseError (413, 415 or 422) says what is wrong."""
    started = time.perf_counter()
    source_format = detect_format(data, filename, content_type)
    if source_format == "json":
        parsed = ParsedResume(
            resume=parse_json_resume(decode_text(data)), source_format="jsonresume"
        )
    else:
        text, headings, layout_work = _document_text(data, source_format)
        text = _readable(text)
        resume, doubts = parse_text(text, headings, layout_work)
        parsed = ParsedResume(
            resume=resume, doubts=doubts, source_format=source_format, source_text=text
        )
    parsed.resume = assign_work_ids(parsed.resume)
    log.info(
        "parsed resume: format=%s bytes=%d roles=%d doubts=%d in %.0f ms",
        source_format, len(data), len(parsed.resume.work), len(parsed.doubts),
        (time.perf_counter() - started) * 1000,
    )  # fmt: skip
    return parsed


MAX_TEXT_CHARS = 300_000  # about 100 pages of text; a resume has 5,000 to 20,000
_UNSTORABLE_RE = re.compile(r"[\x00\ud800-\udfff]")


def _readable(text: str) -> str:
    """The text without what no database stores (NUL, lone surrogates), refused when huge."""
    if len(text) > MAX_TEXT_CHARS:
        raise ResumeParseError(
            f"This resume has {len(text):,} characters of text; at most {MAX_TEXT_CHARS:,} "
            "are read. Upload the resume itself, not a longer document.",
            413,
        )
    return _UNSTORABLE_RE.sub("", text)


def _document_text(
    data: bytes, source_format: str
) -> tuple[str, frozenset[str], list[WorkEntry] | None]:
    """The document's text, the lines its layout sets as headings, and the roles a known
    layout gives by itself (a LinkedIn export: PDF only)."""
    if source_format == "pdf":
        from intervoo.resume.linkedin import is_linkedin_export, linkedin_work
        from intervoo.resume.pdf_layout import heading_lines
        from intervoo.resume.pdf_text import pdf_lines

        lines = pdf_lines(data)
        text = "\n".join(line.text for line in lines)
        headings = heading_lines(lines, lambda t: heading_key(t) is not None)
        work = linkedin_work(lines) if is_linkedin_export(lines) else None
        return text, headings, work or None
    if source_format == "docx":
        from intervoo.resume.docx_text import docx_to_text

        return docx_to_text(data), frozenset(), None
    return decode_text(data), frozenset(), None


def parse_file(path: str | Path) -> ParsedResume:
    """Parse a resume file on disk (refusing files over 10 MB before reading them)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise too_large(size)
        data = path.read_bytes()
    except OSError as exc:
        raise ResumeParseError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
    return parse_bytes(data, path.name)
