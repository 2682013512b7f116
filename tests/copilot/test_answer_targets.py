"""Issue 27's target on a story set not tuned on first: >= 14 of 15 questions get the right
material on both paths. Not reached yet (bench/answers.py, "second_set"): the story index
ranks a near miss first for two questions ("a slow batch job" finds the TPU story).
Needs ../shared (the resume); skipped without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervoo.resume.parse import parse_file
from tests.copilot.answers_check import answer_case, load_cases, load_story_set, stripe_target

RESUME = (
    Path(__file__).resolve().parents[3] / "shared/realworld/resumes/sb2nov_sourabh_bajaj_resume.pdf"
)
TARGET = 14


@pytest.mark.xfail(
    strict=True, reason="issue 27: 13/15 on the second story set (see bench/answers.py)"
)
def test_a_second_story_set_gets_its_material_for_14_of_15_questions() -> None:
    if not RESUME.is_file():
        pytest.skip(f"needs {RESUME}")
    resume, stories = load_story_set(parse_file(RESUME).resume, "bajaj_stories.json")
    contexts: dict = {}  # type: ignore[type-arg]
    rows = [
        answer_case(case, resume, stories, stripe_target(), contexts, key="second")
        for case in load_cases()["second_set"]
    ]
    assert sum(r["llm_ok"] for r in rows) >= TARGET
    assert sum(r["offline_ok"] for r in rows) >= TARGET
