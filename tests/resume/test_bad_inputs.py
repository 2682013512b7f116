"""Every bad file gets a clear error with the right status, and nothing is guessed from it."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from intervoo.resume import ResumeParseError, parse_bytes, parse_file
from intervoo.resume.docx_text import MAX_INFLATED_BYTES
from tests.support.resumes import build, encrypted_pdf, image_only_pdf, to_json_resume


def _error(data: bytes, filename: str, content_type: str | None = None) -> ResumeParseError:
    with pytest.raises(ResumeParseError) as caught:
        parse_bytes(data, filename, content_type)
    return caught.value


def test_password_protected_pdf_says_so() -> None:
    error = _error(encrypted_pdf(), "resume.pdf")
    assert error.status_code == 422
    assert "password" in error.message


def test_image_only_pdf_suggests_pasting_the_text() -> None:
    error = _error(image_only_pdf(), "scan.pdf")
    assert error.status_code == 422
    assert "scanned" in error.message and "paste" in error.message


def test_corrupt_pdf() -> None:
    _, data = build("pdf-one-column")
    error = _error(data[: len(data) // 3] + b"\x00garbage" * 50, "resume.pdf")
    assert error.status_code == 422
    assert "damaged" in error.message


def test_file_named_pdf_that_is_not_one() -> None:
    error = _error(b"hello, this is not a pdf", "resume.pdf", "application/pdf")
    assert (error.status_code, "not a PDF" in error.message) == (422, True)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_file(data: bytes) -> None:
    error = _error(data, "resume.txt")
    assert (error.status_code, error.message) == (422, "The file is empty.")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "photo.png"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "resume.doc"),
        (b"{\\rtf1\\ansi Jordan}", "resume.rtf"),
    ],
)
def test_unsupported_types_are_415(data: bytes, filename: str) -> None:
    error = _error(data, filename)
    assert error.status_code == 415
    assert "PDF" in error.message or "docx" in error.message


def test_zip_that_is_not_a_docx_is_415() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/cat.txt", "meow")
    assert _error(buffer.getvalue(), "resume.zip").status_code == 415


def test_over_10_mb_is_413() -> None:
    _, data = build("pdf-one-column")
    error = _error(data + b"%" * (10 * 1024 * 1024), "resume.pdf")
    assert error.status_code == 413
    assert "10 MB" in error.message


def test_over_10_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    with pytest.raises(ResumeParseError) as caught:
        parse_file(path)
    assert caught.value.status_code == 413


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResumeParseError) as caught:
        parse_file(tmp_path / "nope.pdf")
    assert "nope.pdf" in caught.value.message


def _docx_bomb(inflated_bytes: int) -> bytes:
    """A real DOCX whose document part is padded with a run of zeros that deflates ~1000:1."""
    _, genuine = build("docx")
    out = io.BytesIO()
    deflate = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(genuine)) as src, zipfile.ZipFile(out, "w", deflate) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename), compress_type=deflate)
        with dst.open("word/media/padding.bin", "w") as padding:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated_bytes // len(chunk)):
                padding.write(chunk)
    return out.getvalue()


def test_docx_zip_bomb_is_refused_without_inflating_it() -> None:
    bomb = _docx_bomb(MAX_INFLATED_BYTES * 2)
    assert len(bomb) < 1024 * 1024  # small on the wire, 100 MB inflated
    error = _error(bomb, "resume.docx")
    assert error.status_code == 422
    assert "expand" in error.message


def test_docx_with_a_lying_size_header_cannot_inflate_past_it() -> None:
    """A part that declares a small size but holds more is cut off by zipfile and refused."""
    _, genuine = build("docx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(genuine)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data += b" " * (5 * 1024 * 1024)
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    raw = bytearray(out.getvalue())
    _shrink_declared_size(raw, b"word/document.xml", 5000)
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("word/document.xml")  # stops at the declared 5000 bytes: bad CRC
    error = _error(bytes(raw), "resume.docx")
    assert (error.status_code, "damaged" in error.message) == (422, True)


def _shrink_declared_size(raw: bytearray, name: str | bytes, size: int) -> None:
    """Rewrite the uncompressed size of one entry in its local and central headers."""
    name = name if isinstance(name, bytes) else name.encode()
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) != -1:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            if raw[start + name_offset : start + name_offset + len(name)] == name:
                raw[start + size_offset : start + size_offset + 4] = size.to_bytes(4, "little")
            start += 4


def test_corrupt_docx() -> None:
    _, data = build("docx")
    error = _error(data[:2000], "resume.docx")
    assert error.status_code == 422
    assert "damaged" in error.message


def test_invalid_json_resume_names_the_field() -> None:
    document = json.loads(to_json_resume())
    document["work"][1]["startDate"] = "last spring"
    error = _error(json.dumps(document).encode(), "resume.json")
    assert error.status_code == 422
    assert "work[1].startDate" in error.message and "last spring" in error.message


def test_json_resume_with_a_wrong_type_names_the_field() -> None:
    document = json.loads(to_json_resume())
    document["work"][0]["highlights"] = "one long string"
    error = _error(json.dumps(document).encode(), "resume.json")
    assert "work[0].highlights" in error.message


def test_json_that_is_not_a_json_resume() -> None:
    error = _error(b'{"name": "x", "items": []}', "data.json")
    assert "not a JSON Resume" in error.message


def test_broken_json() -> None:
    error = _error(b'{"basics": {"name": "x",}', "resume.json")
    assert error.status_code == 422
    assert "line 1" in error.message
