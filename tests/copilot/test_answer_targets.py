"""Issue 27's target on story sets not tuned on first: >= 14 of 15 questions get the right
material on both paths. Not reached yet (bench/answers.py) on the second set 13/15, the
third (tuned on after its first reading of 10/15) 13/15, the fourth (12/15 on its first
reading, one change tuned on it since) 13/15: story ranking misses. Met on the fifth (a
salesman's library, read by several sessions), 14/15 with an LLM and 15/15 offline, since
a work history the question classifier calls behavioral may still be read as a profile
question, and on the sixth (a LinkedIn export, read once before these two fixes) 14/15 on
both paths, since the target company's name is read as "the company" for the need ("What
makes Stripe the place you want to go next?" was read as a setback). Strict xfails, so
reaching one is noticed. Needs ../shared (the resumes); skipped without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from intervoo.resume.parse import parse_file
from tests.copilot.answers_check import answer_case, load_cases, load_story_set, stripe_target

RESUMES = Path(__file__).resolve().parents[3] / "shared/realworld/resumes"
TARGET = 14


@pytest.mark.parametrize(
    ("cases", "resume_file", "stories_file"),
    [
        pytest.param(
            "second_set",
            "sb2nov_sourabh_bajaj_resume.pdf",
            "bajaj_stories.json",
            marks=pytest.mark.xfail(strict=True, reason="issue 27: 13/15 on the second set"),
        ),
        pytest.param(
            "third_set",
            "awesomecv_resume.pdf",
            "park_stories.json",
            marks=pytest.mark.xfail(strict=True, reason="issue 27: 13/15 on the third set"),
        ),
        pytest.param(
            "fourth_set",
            "deedy_resume_openfont.pdf",
            "deedy_stories.json",
            marks=pytest.mark.xfail(strict=True, reason="issue 27: 13/15 on the fourth set"),
        ),
        pytest.param(
            "fifth_set",
            "brooksby_resume.docx",
            "brooksby_stories.json",
        ),
        pytest.param(
            "sixth_set",
            "linkedin/eric.pdf",
            "eric_stories.json",
        ),
    ],
)
def test_a_story_set_gets_its_material_for_14_of_15_questions(
    cases: str, resume_file: str, stories_file: str
) -> None:
    path = RESUMES / resume_file
    if not path.is_file():
        pytest.skip(f"needs {path}")
    resume, stories = load_story_set(parse_file(path).resume, stories_file)
    contexts: dict = {}  # type: ignore[type-arg]
    rows = [
        answer_case(case, resume, stories, stripe_target(), contexts, key=cases)
        for case in load_cases()[cases]
    ]
    assert sum(r["llm_ok"] for r in rows) >= TARGET
    assert sum(r["offline_ok"] for r in rows) >= TARGET
