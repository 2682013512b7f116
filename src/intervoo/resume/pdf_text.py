"""Text from a PDF's text layer with pdfplumber, reading two-column pages column by column.

pdfplumber gives each word's position, which plain text extraction throws away:
with it we find a vertical gutter, read the left column before the right one,
and mark wide gaps inside a line with a tab (they separate fields, e.g. a role
and its right-aligned dates).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from intervoo.resume.errors import ResumeParseError

log = logging.getLogger(__name__)
_PDF_ERRORS = (
    PdfminerException, PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError, PSException,
    ValueError, KeyError, TypeError, AssertionError,
)  # fmt: skip
MAX_PAGES = 20
BULLETS = frozenset("•●▪◦‣∙○■□➢►▸-–*")
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one line


@dataclass
class _Line:
    top: float
    x0: float
    x1: float
    words: list[dict[str, Any]]


def pdf_to_text(data: bytes) -> str:
    """The reading-order text of a PDF; ResumeParseError(422) when it has none to give."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ResumeParseError(
                    f"This PDF has {len(pdf.pages)} pages; a resume has at most {MAX_PAGES}."
                )
            pages = [_page_text(page) for page in pdf.pages]
            has_images = any(page.images for page in pdf.pages)
    except _PDF_ERRORS as exc:
        # pdfplumber wraps pdfminer's errors: look at the one underneath.
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ResumeParseError(
                "This PDF is password-protected. Remove the password (print it to a new "
                "PDF) and upload it again."
            ) from None
        log.info("unreadable pdf (%d bytes): %s", len(data), type(cause).__name__)
        raise ResumeParseError("This PDF is damaged or not really a PDF.") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ResumeParseError(_no_text_message(has_images))
    return text


def _no_text_message(has_images: bool) -> str:
    what = "looks scanned (its pages are images)" if has_images else "has no text"
    return (
        f"This PDF {what}, so there is no text to read. Export it from your editor as a "
        "text PDF, upload a DOCX, or paste the resume as plain text."
    )


def _page_text(page: Any) -> str:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    if not words:
        return ""
    lines = _lines(words)
    gutter = _find_gutter(words, lines, float(page.width))
    if gutter is None:
        return _render(lines)
    spanning: list[_Line] = []
    rest: list[dict[str, Any]] = []
    for line in lines:
        if _crosses(line, gutter):
            spanning.append(line)
        else:
            rest += line.words
    left = _lines([w for w in rest if w["x1"] <= gutter])
    right = _lines([w for w in rest if w["x0"] >= gutter])
    first_column_top = min(ln.top for ln in left + right)
    above = [ln for ln in spanning if ln.top < first_column_top]
    below = [ln for ln in spanning if ln.top >= first_column_top]
    return "\n".join(_render(part) for part in (above, left, right, below) if part)


def _find_gutter(words: list[dict[str, Any]], lines: list[_Line], width: float) -> float | None:
    """An x in the middle of the page that almost no line crosses, with text on both sides.

    One-column pages have long lines (bullets) crossing every x; right-aligned dates
    alone do not make a column, so each side must hold a fair share of the words.
    Of the least-crossed xs, the middle of the first run of them is the gutter.
    """
    scored: list[tuple[int, float]] = []
    for step in range(25, 76):
        x = width * step / 100
        left = sum(1 for w in words if w["x1"] <= x)
        right = sum(1 for w in words if w["x0"] >= x)
        if min(left, right) >= 0.2 * len(words):
            scored.append((sum(1 for ln in lines if _crosses(ln, x)), x))
    if not scored:
        return None
    fewest = min(crossing for crossing, _ in scored)
    if fewest > 0.1 * len(lines):
        return None
    run: list[float] = []
    for crossing, x in scored:
        if crossing == fewest:
            run.append(x)
        elif run:
            break
    return run[len(run) // 2]


def _crosses(line: _Line, x: float) -> bool:
    """A line crosses x when a word covers x or two consecutive words are close around it."""
    for word, following in zip(line.words, line.words[1:], strict=False):
        if word["x0"] <= x <= word["x1"]:
            return True
        if word["x1"] < x < following["x0"] and following["x0"] - word["x1"] < _gap(word):
            return True
    return bool(line.words[-1]["x0"] <= x <= line.words[-1]["x1"])


def _gap(word: dict[str, Any]) -> float:
    """The widest space that still separates two words of one phrase (about one em)."""
    return float(word["bottom"] - word["top"]) * 1.2


def _lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into lines, each read left to right, the lines top to bottom."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        line = next((ln for ln in lines if abs(ln.top - word["top"]) < _LINE_TOLERANCE), None)
        if line is None:
            lines.append(_Line(word["top"], word["x0"], word["x1"], [word]))
        else:
            line.words.append(word)
            line.x0, line.x1 = min(line.x0, word["x0"]), max(line.x1, word["x1"])
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return sorted(lines, key=lambda ln: ln.top)


def _render(lines: list[_Line]) -> str:
    """Lines (top to bottom) as text; a wide gap becomes a tab, a tall gap a blank line.

    A line indented to the text of the bullet above it is that bullet wrapped: it is
    joined to it, so a wrapped bullet is never mistaken for the next role's header.
    """
    out: list[str] = []
    previous: _Line | None = None
    bullet_text_x: float | None = None
    for line in lines:
        height = float(line.words[0]["bottom"] - line.words[0]["top"])
        text = _line_text(line)
        tall_gap = previous is not None and line.top - previous.top > height * 2.2
        if bullet_text_x is not None and not tall_gap and abs(line.x0 - bullet_text_x) < 2:
            out[-1] = f"{out[-1]} {text}"
            previous = line
            continue
        if tall_gap:
            out.append("")
        out.append(text)
        bullet_text_x = _bullet_text_x(line)
        previous = line
    return "\n".join(out)


def _line_text(line: _Line) -> str:
    text = _word_text(line.words[0])
    for word, following in zip(line.words, line.words[1:], strict=False):
        wide = following["x0"] - word["x1"] > _gap(word)
        text += ("\t" if wide else " ") + _word_text(following)
    return text


def _word_text(word: dict[str, Any]) -> str:
    """A word's text; a glyph the font gives no Unicode for ("(cid:127)") is a bullet sign."""
    return _CID_RE.sub("•", str(word["text"]))


def _bullet_text_x(line: _Line) -> float | None:
    """Where the text of a bulleted line starts, or None when the line has no bullet."""
    first = _word_text(line.words[0])
    if first in BULLETS and len(line.words) > 1:
        return float(line.words[1]["x0"])
    return None
