"""Layouts read from word positions: LinkedIn's export, Awesome-CV's rows, footers, headings."""

from __future__ import annotations

from intervoo.resume import parse_bytes
from intervoo.resume.sections import normalize_dashes
from tests.support.layouts import AWESOME_EXPECTED, LINKEDIN_EXPECTED, awesome_cv, linkedin_export


def test_linkedin_export_roles_come_from_its_font_levels() -> None:
    parsed = parse_bytes(linkedin_export(), "Profile.pdf")
    got = [(w.name, w.position, w.startDate) for w in parsed.resume.work]
    assert got == LINKEDIN_EXPECTED
    first = parsed.resume.work[0]
    assert first.current and first.location == "Lisbon, Lisbon, Portugal"
    assert parsed.resume.work[1].endDate == "2021-01"
    # The sidebar is read apart from the main column: its skills are not a role's text.
    assert all("Apache Spark" not in h for w in parsed.resume.work for h in w.highlights)
    assert "Page 1 of 2" not in (parsed.source_text or "")


def test_awesome_cv_rows_soft_hyphen_dates_footer_and_awards() -> None:
    parsed = parse_bytes(awesome_cv(), "cv.pdf")
    got = [(w.name, w.position, w.startDate, w.endDate) for w in parsed.resume.work]
    assert got == AWESOME_EXPECTED
    assert "Robin Vale · Résumé" not in (parsed.source_text or "")
    # The awards are reported as a section not imported, never turned into jobs.
    assert any("was not imported" in d.message for d in parsed.doubts)


def test_soft_hyphens_read_as_a_pdf_shows_them() -> None:
    assert normalize_dashes("Mar. 2021 \u00ad Jan. 2023") == "Mar. 2021 – Jan. 2023"
    assert normalize_dashes("Co\u00adFounder") == "Co-Founder"
    assert normalize_dashes("infra\u00ad structure") == "infrastructure"


def test_durations_alone_do_not_make_a_pdf_a_linkedin_export() -> None:
    from tests.support.resumes import text_to_pdf

    text = (
        "Sam Lee\nsam@example.com\n\nExperience\n"
        "Staff Engineer | Initech\tMarch 2017 - January 2021 (3 years 10 months)\n"
        "• Built the billing system\n"
        "Engineer | Globex Corporation\tMay 2014 - February 2017 (2 years 9 months)\n"
        "• Kept the lights on\n"
    )
    work = parse_bytes(text_to_pdf(text), "resume.pdf").resume.work
    assert [(w.name, w.position, w.startDate) for w in work] == [
        ("Initech", "Staff Engineer", "2017-03"),
        ("Globex Corporation", "Engineer", "2014-05"),
    ]
