"""The same resume, written as every supported kind of document, parses to the same roles."""

from __future__ import annotations

import pytest

from intervoo.resume import parse_bytes
from intervoo.resume.schema import ParsedResume
from tests.support.resumes import BUILDERS, SAMPLE, build


def _roles(parsed: ParsedResume) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(w.name, w.position, w.startDate, w.endDate) for w in parsed.resume.work]


EXPECTED_ROLES = [(w.name, w.position, w.startDate, w.endDate) for w in SAMPLE.work]


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_format_gives_the_same_roles_and_dates(fmt: str) -> None:
    filename, data = build(fmt)
    parsed = parse_bytes(data, filename)
    assert _roles(parsed) == EXPECTED_ROLES
    assert [w.current for w in parsed.resume.work] == [w.current for w in SAMPLE.work]
    assert parsed.doubts == []


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_format_gives_the_same_basics_education_and_highlights(fmt: str) -> None:
    filename, data = build(fmt)
    resume = parse_bytes(data, filename).resume
    for field in ("name", "email", "phone"):
        assert getattr(resume.basics, field) == getattr(SAMPLE.basics, field), field
    assert resume.basics.location is not None and SAMPLE.basics.location is not None
    assert resume.basics.location.city == SAMPLE.basics.location.city
    [education] = resume.education
    expected = SAMPLE.education[0]
    assert (education.institution, education.studyType, education.area) == (
        expected.institution,
        expected.studyType,
        expected.area,
    )
    assert (education.startDate, education.endDate) == (expected.startDate, expected.endDate)
    assert [w.highlights for w in resume.work] == [w.highlights for w in SAMPLE.work]


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_every_format_finds_the_skills(fmt: str) -> None:
    filename, data = build(fmt)
    resume = parse_bytes(data, filename).resume
    found = {k for s in resume.skills for k in (s.keywords or [s.name])}
    assert found == {k for s in SAMPLE.skills for k in s.keywords}


def test_source_format_and_text_are_recorded() -> None:
    filename, data = build("pdf-two-columns")
    parsed = parse_bytes(data, filename)
    assert parsed.source_format == "pdf"
    assert "Dropbox" in parsed.source_text


def test_two_column_pdf_reads_each_column_in_order() -> None:
    """The sidebar must not be interleaved into the experience column."""
    _, data = build("pdf-two-columns")
    text = parse_bytes(data, "r.pdf").source_text
    lines = text.splitlines()
    experience = lines.index("EXPERIENCE")
    sidebar = lines.index("SKILLS")
    assert sidebar < experience
    assert "Kafka" not in "\n".join(lines[experience:])


def test_wrapped_pdf_bullets_are_joined_into_one_highlight() -> None:
    _, data = build("pdf-one-column")
    text = parse_bytes(data, "r.pdf").source_text
    assert "900 ms to 250 ms by redesigning its cache" in text


def test_parsing_the_same_file_twice_gives_the_same_ids() -> None:
    filename, data = build("docx")
    first = parse_bytes(data, filename).resume.work
    second = parse_bytes(data, filename).resume.work
    assert [w.id for w in first] == [w.id for w in second]
    assert len({w.id for w in first}) == len(first)
    assert all(w.id for w in first)
