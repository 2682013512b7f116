"""Text from a DOCX with python-docx: paragraphs and table cells in document order.

A DOCX is a ZIP. Before python-docx inflates anything we check the ZIP's own
directory: a bounded number of parts and of inflated bytes (zipfile never
inflates past the size an entry declares, so the check is a real bound).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from intervoo.resume.errors import ResumeParseError

log = logging.getLogger(__name__)
MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200  # a text part that shrank more than this is a bomb, not a document
_BULLET_STYLES = ("list", "bullet")


def check_zip_bounds(data: bytes) -> None:
    """Refuse ZIPs that would inflate past the limits (ZIP bombs) before inflating them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ResumeParseError("This DOCX is damaged or not really a DOCX.") from None
    total = sum(info.file_size for info in infos)
    too_dense = any(
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if len(infos) > MAX_PARTS or total > MAX_INFLATED_BYTES or too_dense:
        log.info("refused docx: %d parts, %d inflated bytes", len(infos), total)
        raise ResumeParseError(
            "This DOCX would expand to far more data than any resume; it was not opened."
        )


def docx_to_text(data: bytes) -> str:
    check_zip_bounds(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        log.info("unreadable docx (%d bytes): %s", len(data), type(exc).__name__)
        raise ResumeParseError("This DOCX is damaged or not really a DOCX.") from None
    except Exception as exc:  # lxml raises its own XMLSyntaxError for broken parts
        if type(exc).__name__ != "XMLSyntaxError":
            raise
        raise ResumeParseError("This DOCX is damaged (its XML cannot be read).") from None
    if not str(document.element.tag).endswith("}document"):
        # python-docx opens any XML as the main part; only w:document has a body to read.
        raise ResumeParseError("This DOCX is damaged: its main part is not a Word document.")
    lines = list(_document_lines(document))
    text = "\n".join(lines)
    if not text.strip():
        raise ResumeParseError("This DOCX has no text.")
    return text


def _document_lines(document: Any) -> Iterator[str]:
    """Header, then body paragraphs and tables in order (tables: one line per row, tab-joined)."""
    for section in document.sections[:1]:
        for paragraph in section.header.paragraphs:
            if paragraph.text.strip():
                yield paragraph.text
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            yield from _table_lines(block)
        else:
            yield _paragraph_line(block)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = "\n".join(p.text for p in cell.paragraphs).strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        if len(cells) == 1 or any("\n" in c for c in cells):
            for cell_text in cells:
                yield from cell_text.split("\n")
        elif cells:
            yield "\t".join(cells)


def _paragraph_line(paragraph: Any) -> str:
    text = str(paragraph.text)
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if text.strip() and (numbered or any(s in style for s in _BULLET_STYLES)):
        return f"• {text.strip()}"
    return text
