"""The text parser on small, targeted inputs: dates, doubts, sections, fields."""

from __future__ import annotations

import pytest

from intervoo.resume.dates import find_date_range, normalize_date
from intervoo.resume.sections import heading_key
from intervoo.resume.text_parser import parse_text


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Mar 2021 – Present", "2021-03", None, True),
        ("01.2019 – today", "2019-01", None, True),
        ("Sept. 2020 to Present", "2020-09", None, True),
        ("02/2017 to 08/2020", "2017-02", "2020-08", False),
        ("2013-08 to 2016-12", "2013-08", "2016-12", False),
        ("2016–2019", "2016", "2019", False),
        ("Jan '19 - Mar '20", "2019-01", "2020-03", False),
        ("Since 2019", "2019", None, True),
        ("June 2015 - May 2017 (1 yr 11 mos)", "2015-06", "2017-05", False),
    ],
)
def test_date_ranges(text: str, start: str, end: str | None, current: bool) -> None:
    found = find_date_range(text)
    assert found is not None
    assert (found.start, found.end, found.current) == (start, end, current)


def test_no_date_range_in_plain_numbers() -> None:
    assert find_date_range("Grew revenue 40% across 12 markets") is None
    assert normalize_date("last spring") is None
    assert normalize_date("2019-04-30") == "2019-04"


def test_doubts_name_what_to_check() -> None:
    text = "\n".join(
        [
            "Sam Lee",
            "",
            "Experience",
            "Acme Corp | Jan 2020 – Mar 2019",
            "- Did things",
            "",
            "Certifications",
            "AWS Solutions Architect",
        ]
    )
    resume, doubts = parse_text(text)
    messages = {d.path: d.message for d in doubts}
    assert "basics.email" in messages
    assert "work[0].position" in messages
    assert "work[0].endDate" in messages  # ends before it starts
    assert any("Certifications" in d.message for d in doubts)
    assert resume.work[0].name == "Acme Corp"


def test_experience_without_any_dates_is_a_doubt() -> None:
    _, doubts = parse_text("Kim Park\nkim@example.com\n\nExperience\nWe baked bread\n- Baked\n")
    assert [d.path for d in doubts] == ["work", "work"]


def test_a_role_without_dates_is_kept_and_flagged() -> None:
    lines = ["Kim Park", "kim@example.com", "", "Experience", "Head Baker | Bread Co", "- Baked"]
    lines += [
        "",
        "Baker | Flour Inc | 2015 – 2018",
        "- Kneaded",
        "Pastry Chef — Cake Ltd",
        "- Iced",
    ]
    resume, doubts = parse_text("\n".join(lines))
    assert [(w.name, w.position, w.startDate) for w in resume.work] == [
        ("Bread Co", "Head Baker", None),
        ("Flour Inc", "Baker", "2015"),
        ("Cake Ltd", "Pastry Chef", None),
    ]
    assert [w.highlights for w in resume.work] == [["Baked"], ["Kneaded"], ["Iced"]]
    assert [d.path for d in doubts] == ["work[0].startDate", "work[2].startDate"]


def test_clean_resume_has_no_doubts() -> None:
    text = "Ana Silva\nana@example.com\n\nExperience\nAnalyst | Globex | 2018 – 2020\n- Wrote SQL\n"
    resume, doubts = parse_text(text)
    assert doubts == []
    assert resume.work[0].highlights == ["Wrote SQL"]


def test_roles_at_one_employer_share_it() -> None:
    lines = ["Experience", "Initech, Austin, TX", "Lead Engineer, 2020 - Present", "- A"]
    text = "\n".join([*lines, "Engineer, 2017 - 2020"])
    resume, _ = parse_text(text)
    assert [(w.name, w.position, w.location) for w in resume.work] == [
        ("Initech", "Lead Engineer", "Austin, TX"),
        ("Initech", "Engineer", "Austin, TX"),
    ]


def test_projects_and_profiles() -> None:
    text = "\n".join(
        [
            "Lee Chan",
            "lee@example.com | github.com/leechan | linkedin.com/in/leechan | https://lee.dev",
            "",
            "Projects",
            "Tiny DB — a toy key-value store",
            "- 10k writes per second",
            "Trailmap — hiking planner (2021)",
        ]
    )
    resume, _ = parse_text(text)
    assert [p.network for p in resume.basics.profiles] == ["GitHub", "LinkedIn"]
    assert resume.basics.url == "https://lee.dev"
    assert [(p.name, p.highlights) for p in resume.projects] == [
        ("Tiny DB", ["10k writes per second"]),
        ("Trailmap", []),
    ]
    assert resume.projects[1].startDate == "2021"


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("WORK EXPERIENCE:", "work"),
        ("Skills & Tools", "skills"),
        ("Skills and Tools |", "skills"),
        ("Education&Training", "education"),
        ("Awards & Honors", "awards and honors"),
        ("- Experience", None),
        ("Experience at Acme building payment systems for small shops", None),
    ],
)
def test_headings_are_recognised_however_and_is_written(line: str, key: str | None) -> None:
    assert heading_key(line) == key
