"""Which kind of document a resume file is, from its bytes first and its name second."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePath

from intervoo.resume.errors import ResumeParseError

MAX_BYTES = 10 * 1024 * 1024
SUPPORTED = "PDF, DOCX, Markdown, plain text or JSON Resume"
_TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
_JSON_SUFFIXES = (".json",)
_REFUSED_SUFFIXES = {
    ".doc": "old Word .doc files are not supported; save it as .docx or PDF",
    ".pages": "Pages files are not supported; export it as PDF or DOCX",
    ".odt": "OpenDocument files are not supported; save it as .docx or PDF",
    ".rtf": "RTF files are not supported; save it as .docx or PDF",
}


def detect_format(data: bytes, filename: str, content_type: str | None = None) -> str:
    """ "pdf", "docx", "json", "markdown" or "text"; ResumeParseError 413/415/422 otherwise."""
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    if not data.strip():
        raise ResumeParseError("The file is empty.")
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, suffix)
    if suffix in _REFUSED_SUFFIXES:
        raise ResumeParseError(f"{_REFUSED_SUFFIXES[suffix]}.", 415)
    if suffix == ".pdf" or (content_type or "").endswith("/pdf"):
        raise ResumeParseError("This file is named .pdf but is not a PDF (it may be damaged).")
    if suffix == ".docx":
        raise ResumeParseError("This file is named .docx but is not a DOCX (it may be damaged).")
    if not _is_text(data):
        raise ResumeParseError(f"Unsupported file type: upload a {SUPPORTED} file.", 415)
    if suffix in _JSON_SUFFIXES or data.lstrip()[:1] == b"{":
        return "json"
    if suffix in _TEXT_SUFFIXES:
        return _TEXT_SUFFIXES[suffix]
    return "markdown" if (content_type or "").endswith("markdown") else "text"


def too_large(size: int) -> ResumeParseError:
    """The 413 for a file of `size` bytes over MAX_BYTES."""
    return ResumeParseError(
        f"The file is {size / 1048576:.1f} MB; resumes up to 10 MB are accepted.", 413
    )


def _zip_format(data: bytes, suffix: str) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ResumeParseError("This file is a damaged ZIP/DOCX archive.") from None
    if "word/document.xml" in names:
        return "docx"
    raise ResumeParseError(
        f"Unsupported file type ({suffix or 'ZIP archive'}): upload a {SUPPORTED} file.", 415
    )


def _is_text(data: bytes) -> bool:
    """UTF-8 (or Latin-1 prose) without the control bytes binary formats are full of."""
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls <= len(sample) // 100


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ResumeParseError("The text file's encoding could not be read; save it as UTF-8.")
