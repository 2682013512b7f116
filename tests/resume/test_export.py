"""Exports: JSON Resume and Markdown both read back into the same structure."""

from __future__ import annotations

import json

from intervoo.resume import assign_work_ids, parse_bytes
from intervoo.resume.jsonresume import to_json_resume
from intervoo.resume.markdown import to_markdown
from tests.support.resumes import SAMPLE


def _roles(resume: object) -> list[tuple[object, ...]]:
    work = getattr(resume, "work")  # noqa: B009
    return [(w.name, w.position, w.startDate, w.endDate, w.current, w.highlights) for w in work]


def test_json_resume_export_round_trips_with_ids() -> None:
    resume = assign_work_ids(SAMPLE)
    exported = to_json_resume(resume)
    assert "current" not in exported["work"][0]
    assert exported["work"][0]["id"] == resume.work[0].id
    parsed = parse_bytes(json.dumps(exported).encode(), "export.json")
    assert parsed.resume == resume


def test_markdown_export_parses_back_to_the_same_roles() -> None:
    text = to_markdown(SAMPLE)
    assert text.startswith("# Jordan Rivera\n")
    parsed = parse_bytes(text.encode(), "export.md")
    assert _roles(parsed.resume) == _roles(SAMPLE)
    assert parsed.resume.education[0].institution == SAMPLE.education[0].institution
    assert parsed.doubts == []
