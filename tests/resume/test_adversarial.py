"""Inputs built to hurt (issue 18): each gives a clear 4xx error or a bounded parse, never a
500, a stall or a memory spike. Each test is bounded by its input caps, not by timing."""

from __future__ import annotations

import io
import json
import zipfile
import zlib

import pytest

from intervoo.resume import ResumeParseError, parse_bytes
from intervoo.resume.jsonresume import MAX_DEPTH
from intervoo.resume.text_parser import MAX_ROLES
from tests.support.resumes import build, to_text


def _error(data: bytes, filename: str) -> ResumeParseError:
    with pytest.raises(ResumeParseError) as caught:
        parse_bytes(data, filename)
    return caught.value


@pytest.mark.parametrize(
    "line",
    [
        "a" * 25_000,
        "a." * 12_500,
        " " * 25_000 + "x",
        "1 " * 12_500 + "x",
        "x@" * 12_500,
        "Jan 2019 - a.b " * 1_700,
        "(1" * 12_500,
    ],
    ids=["letters", "dots", "spaces", "digits", "ats", "dates", "parens"],
)
def test_one_huge_line_parses_in_linear_time(line: str) -> None:
    # Before: URL_RE / the field splitters backtracked quadratically (or worse) on such a line.
    text = to_text() + "\n" + line + "\n"
    parsed = parse_bytes(text.encode(), "resume.txt")
    assert parsed.resume.basics.name == "Jordan Rivera"


def test_a_text_with_too_many_roles_is_refused() -> None:
    role = "Engineer at Acme{n}\tJan 2019 - Feb 2020\n- Did a thing\n"
    text = "Jordan Rivera\nEXPERIENCE\n" + "".join(role.format(n=i) for i in range(MAX_ROLES + 5))
    error = _error(text.encode(), "resume.md")
    assert error.status_code == 422 and str(MAX_ROLES) in error.message


def test_a_huge_text_is_refused_before_parsing() -> None:
    role = "Engineer at Acme\tJan 2019 - Feb 2020\n" + "- Did a thing that mattered a lot\n" * 8
    error = _error(("Jordan Rivera\nEXPERIENCE\n" + role * 30_000).encode(), "resume.txt")
    assert error.status_code == 413 and "characters" in error.message


def _pdf_with_content(
    content: bytes, media_box: bytes = b"[0 0 612 792]", zeros_mb: int = 0
) -> bytes:
    """A one-page PDF whose page content stream is `content` (Flate-compressed), followed
    by `zeros_mb` MB of zero bytes (compressed chunk by chunk, never held inflated)."""
    packer = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    stream = packer.compress(content) + b"".join(packer.compress(chunk) for _ in range(zeros_mb))
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box
        + b" /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


def test_a_pdf_stream_that_inflates_to_a_gigabyte_is_refused_unread() -> None:
    # 128 MB of zeros compress to 130 KB (1 GB: 1 MB); the bounded inflate stops after 2 MB.
    bomb = _pdf_with_content(b"BT /F1 10 Tf 72 700 Td (Jordan) Tj ET\n", zeros_mb=128)
    assert len(bomb) < 1024 * 1024
    error = _error(bomb, "resume.pdf")
    assert error.status_code == 422 and "expands" in error.message


@pytest.mark.parametrize("operators", [1_000_000, 30_000])
def test_a_page_with_too_many_text_operators_is_refused(operators: int) -> None:
    # 1 M operators: over the page's content cap; 30 k: under it, over the characters cap.
    ops = b"BT /F1 1 Tf " + b"(x) Tj " * operators + b"ET"
    error = _error(_pdf_with_content(ops), "resume.pdf")
    assert error.status_code == 422


@pytest.mark.parametrize("media_box", [b"[0 0 foo bar]", b"5", b"[0 0]", b"[0 0 1e999 1e999]"])
def test_a_bad_media_box_is_a_clear_error(media_box: bytes) -> None:
    data = _pdf_with_content(b"BT /F1 10 Tf 72 700 Td (Jordan Rivera) Tj ET", media_box)
    try:
        parsed = parse_bytes(data, "resume.pdf")
    except ResumeParseError as error:
        assert error.status_code == 422
    else:
        assert "Jordan" in parsed.source_text


def test_a_docx_whose_root_is_not_a_document() -> None:
    _, data = build("docx")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = (
                    b'<?xml version="1.0"?><w:body xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main"><w:p/></w:body>'
                )
            target.writestr(item, body)
    error = _error(out.getvalue(), "resume.docx")
    assert error.status_code == 422 and "DOCX" in error.message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 600, 100_000])
def test_deeply_nested_json_is_a_clear_error(depth: int) -> None:
    data = '{"basics": {"name": "J"}, "work": [' + "[" * depth + "]" * depth + "]}"
    error = _error(data.encode(), "resume.json")
    assert error.status_code == 422 and "nested" in error.message


def test_a_5000_digit_integer_is_a_clear_error() -> None:
    data = '{"basics": {"name": "J"}, "work": [{"name": ' + "9" * 5000 + "}]}"
    error = _error(data.encode(), "resume.json")
    assert error.status_code == 422


@pytest.mark.parametrize("bad", ["\\ud800", "\\udfff", "a\\u0000b"])
def test_lone_surrogates_and_nul_in_json_name_the_field(bad: str) -> None:
    data = json.dumps({"basics": {"name": "J"}, "work": [{"name": "X"}]}).replace('"X"', f'"{bad}"')
    error = _error(data.encode(), "resume.json")
    assert error.status_code == 422 and "work[0].name" in error.message


def test_nul_bytes_deep_in_a_text_file_are_dropped() -> None:
    text = to_text() + "\n" * 10 + "x" * 9000 + "\x00tail\n"
    parsed = parse_bytes(text.encode(), "resume.txt")
    assert "\x00" not in parsed.source_text


def test_a_json_resume_with_100k_roles_is_refused() -> None:
    document = {"basics": {"name": "J"}, "work": [{"name": "Acme"}] * 100_000}
    error = _error(json.dumps(document).encode(), "resume.json")
    assert error.status_code == 422 and "work" in error.message
    document = {"work": [{"name": "Acme", "highlights": ["x"] * 1000}]}
    error = _error(json.dumps(document).encode(), "resume.json")
    assert "work[0].highlights" in error.message
