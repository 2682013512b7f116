"""Shapes real resumes take that the parser once got wrong (issue 21), as plain inputs."""

from __future__ import annotations

import json

from intervoo.resume import parse_bytes


def _roles(text: str, filename: str = "resume.md") -> list[tuple[object, ...]]:
    work = parse_bytes(text.encode(), filename).resume.work
    return [(w.name, w.position, w.startDate, w.endDate, w.current) for w in work]


def test_older_json_resume_key_company_is_the_employer() -> None:
    role = {"company": "Initech", "position": "Analyst", "startDate": "2015-02-01",
            "endDate": "2017-06-30", "website": "https://initech.example.com"}  # fmt: skip
    document = {"basics": {"name": "Sam Lee", "website": "https://sam.example.com"}, "work": [role]}
    resume = parse_bytes(json.dumps(document).encode(), "resume.json").resume
    assert [(w.name, w.position, w.url) for w in resume.work] == [
        ("Initech", "Analyst", "https://initech.example.com")
    ]
    assert resume.basics.url == "https://sam.example.com"


def test_markdown_inside_a_fence_with_inline_rules_and_an_open_range() -> None:
    text = (
        "```text\nSam Lee\nsam@example.com\n\nEXPERIENCE\n\n"
        "2024-      GLOBEX, Principal SE ----------- Boston MA\n  - Runs the platform group\n\n"
        "2018-2024  INITECH, Staff SE ---- Boston MA\n  - Built the billing system\n```\n"
    )
    assert _roles(text) == [
        ("GLOBEX", "Principal SE", "2024", None, True),
        ("INITECH", "Staff SE", "2018", "2024", False),
    ]


def test_one_line_roles_with_one_sided_dashes() -> None:
    text = (
        "Sam Lee\nEXPERIENCE\n"
        "Atlas Couriers LLC -Delivery Driver —Alpharetta, Georgia — Aug 2023 - CURRENT\n"
        "• Delivered 250 parcels a day\n"
        "Northside Motors —Sales Representative  —June 2017 - Feb. 2018\n"
        "• Sold nine cars a month\n"
    )
    assert [r[:3] for r in _roles(text, "resume.txt")] == [
        ("Atlas Couriers LLC", "Delivery Driver", "2023-08"),
        ("Northside Motors", "Sales Representative", "2017-06"),
    ]


def test_a_role_told_apart_only_by_its_order_is_flagged() -> None:
    text = "Sam Lee\nEXPERIENCE\nGlobex\tPlatform Wrangler\tJan 2020 - Present\n- Ran it\n"
    parsed = parse_bytes(text.encode(), "resume.txt")
    assert [(w.name, w.position) for w in parsed.resume.work] == [("Globex", "Platform Wrangler")]
    assert any(d.path == "work[0]" and "Check" in d.message for d in parsed.doubts)
