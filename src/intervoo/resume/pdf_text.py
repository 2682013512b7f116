"""Text from a PDF's text layer with pdfplumber, in reading order (see pdf_layout).

Bounded before pdfminer interprets a page: at most MAX_PAGES pages, and each
page's content streams must inflate to at most MAX_PAGE_CONTENT bytes (checked
with our own bounded inflate, so a stream that would inflate to 1 GB costs us
MAX_PAGE_CONTENT, not 1 GB). A page's text is capped at MAX_PAGE_CHARS characters.
"""

from __future__ import annotations

import io
import logging
import zlib
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from intervoo.resume.errors import ResumeParseError
from intervoo.resume.pdf_layout import TextLine, page_lines, render, running_key, running_lines

log = logging.getLogger(__name__)
_PDF_ERRORS = (
    PdfminerException, MalformedPDFException, PDFPasswordIncorrect, PDFEncryptionError,
    PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError,
    AttributeError, IndexError,
    ZeroDivisionError, OverflowError, RecursionError, zlib.error,
)  # fmt: skip
MAX_PAGES = 20
MAX_PAGE_CONTENT = 2 * 1024 * 1024  # inflated content-stream bytes; real pages use < 200 KB
MAX_PAGE_CHARS = 20_000  # a dense resume page holds about 5,000


def pdf_to_text(data: bytes) -> str:
    """The reading-order text of a PDF; ResumeParseError(422) when it has none to give."""
    return "\n".join(line.text for line in pdf_lines(data))


def pdf_lines(data: bytes) -> list[TextLine]:
    """The PDF's lines in reading order with their font sizes, running headers/footers left out."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ResumeParseError(
                    f"This PDF has {len(pdf.pages)} pages; a resume has at most {MAX_PAGES}."
                )
            pages = [(_page_words(page), page) for page in pdf.pages]
            has_images = any(page.images for page in pdf.pages)
    except _PDF_ERRORS as exc:
        raise _unreadable(exc, len(data)) from None
    running = running_lines([(words, float(page.height)) for words, page in pages])
    lines: list[TextLine] = []
    for words, page in pages:
        for block in page_lines(words, float(page.width)):
            kept = [ln for ln in block if running_key(ln) not in running]
            if kept:
                lines += render(kept)
    if not any(line.text.strip() for line in lines):
        raise ResumeParseError(_no_text_message(has_images))
    return lines


def _unreadable(exc: BaseException, size: int) -> ResumeParseError:
    # pdfplumber wraps pdfminer's errors: look at the one underneath.
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return ResumeParseError(
            "This PDF is password-protected. Remove the password (print it to a new "
            "PDF) and upload it again."
        )
    log.info("unreadable pdf (%d bytes): %s", size, type(cause).__name__)
    return ResumeParseError("This PDF is damaged or not really a PDF.")


def _page_words(page: Any) -> list[dict[str, Any]]:
    _check_content_size(page)
    if len(page.chars) > MAX_PAGE_CHARS:
        raise ResumeParseError(
            f"A page of this PDF holds {len(page.chars):,} characters; a resume page has "
            f"at most {MAX_PAGE_CHARS:,}. Upload a DOCX or paste the text instead."
        )
    page = page.filter(_not_an_icon)
    words: list[dict[str, Any]] = page.extract_words(
        x_tolerance_ratio=0.15, y_tolerance=2, keep_blank_chars=False, extra_attrs=["size"]
    )
    return words


_ICON_FONTS = ("fontawesome", "academicons", "marvosym", "fontello", "materialicons", "simpleicons")


def _not_an_icon(obj: dict[str, Any]) -> bool:
    """Glyphs of icon fonts (the phone, mail, calendar and pin signs of Awesome-CV, AltaCV,
    moderncv) carry no text: their letters ("z", "*") would be read as words."""
    if obj.get("object_type") != "char":
        return True
    font = str(obj.get("fontname", "")).split("+")[-1].lower().replace("-", "").replace(" ", "")
    return not font.startswith(_ICON_FONTS)


def _check_content_size(page: Any) -> None:
    """Refuse a page whose content streams inflate past MAX_PAGE_CONTENT (a PDF bomb) or
    show more text than MAX_PAGE_CHARS allows, before pdfminer interprets a byte of it."""
    contents = resolve1(page.page_obj.attrs.get("Contents"))
    streams = contents if isinstance(contents, list) else [contents]
    total = operators = 0
    for item in streams:
        stream = resolve1(item) if isinstance(item, PDFObjRef) else item
        if isinstance(stream, PDFStream):
            content = _bounded_content(stream, MAX_PAGE_CONTENT + 1 - total)
            total += len(content)
            operators += content.count(b"Tj") + content.count(b"TJ")
        if total > MAX_PAGE_CONTENT:
            raise ResumeParseError(
                "A page of this PDF expands to far more data than any resume; it was not read."
            )
    if operators > MAX_PAGE_CHARS:
        raise ResumeParseError(
            f"A page of this PDF draws text {operators:,} times; a resume page does it a few "
            "thousand times at most. Upload a DOCX or paste the text instead."
        )


def _bounded_content(stream: PDFStream, limit: int) -> bytes:
    """The stream's bytes, inflated no further than `limit` (other filters: raw bytes)."""
    filters = stream.get_filters()
    raw = stream.rawdata if stream.rawdata is not None else stream.data or b""
    first = str(getattr(filters[0][0], "name", filters[0][0])) if filters else ""
    if first not in ("FlateDecode", "Fl"):
        return bytes(raw[:limit])
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    chunk = raw
    while chunk and size < limit:
        part = inflater.decompress(chunk, min(64 * 1024, limit - size))
        parts.append(part)
        size += len(part)
        chunk = inflater.unconsumed_tail
        if not part and not chunk:
            break
    return b"".join(parts)


def _no_text_message(has_images: bool) -> str:
    what = "looks scanned (its pages are images)" if has_images else "has no text"
    return (
        f"This PDF {what}, so there is no text to read. Export it from your editor as a "
        "text PDF, upload a DOCX, or paste the resume as plain text."
    )
