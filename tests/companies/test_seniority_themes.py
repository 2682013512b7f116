import pytest

from intervoo.companies.seniority import (
    Seniority,
    infer_seniority,
    required_years,
    seniority_from_title,
    seniority_from_years,
)
from intervoo.companies.themes import find_themes, theme_weights
from intervoo.stories.model import Competency


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Software Engineer", Seniority.SENIOR),
        ("Sr. Data Scientist", Seniority.SENIOR),
        ("Staff Engineer, Infrastructure", Seniority.STAFF),
        ("Principal Product Designer", Seniority.PRINCIPAL),
        ("Engineering Manager", Seniority.MANAGER),
        ("Senior Product Manager", Seniority.SENIOR),
        ("Director of Engineering", Seniority.DIRECTOR),
        ("Head of Data", Seniority.DIRECTOR),
        ("VP of Engineering", Seniority.EXECUTIVE),
        ("CTO", Seniority.EXECUTIVE),
        ("Software Engineering Intern, Summer 2025", Seniority.INTERN),
        ("Junior Developer", Seniority.JUNIOR),
        ("Graduate Software Engineer", Seniority.JUNIOR),
        ("Software Engineer II", Seniority.MID),
        ("Data Analyst I", Seniority.JUNIOR),
        ("Backend Engineer (mid-level)", Seniority.MID),
        ("Lead Data Engineer", Seniority.SENIOR),
    ],
)
def test_seniority_from_title(title: str, level: Seniority) -> None:
    assert seniority_from_title(title) == level


@pytest.mark.parametrize(
    "title", ["Product Manager", "Account Executive", "Software Engineer", "Program Manager"]
)
def test_titles_without_a_level_say_nothing(title: str) -> None:
    assert seniority_from_title(title) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("6+ years of experience building backends, at least 2 in payments.", 6),
        ("3-5 years of experience in consulting", 3),
        ("Minimum 4 years in backend roles.", 4),
        ("five years of experience with Java", 5),
        ("10+ years in industry, including 5+ years in ML.", 10),
        ("For over 10 years we have served customers. Founded 12 years ago.", None),
        ("A 2025 start date.", None),
    ],
)
def test_required_years(text: str, years: int | None) -> None:
    assert required_years(text) == years


def test_years_map_onto_a_ladder() -> None:
    ladder = [seniority_from_years(y) for y in (0, 1, 2, 4, 5, 7, 8, 11, 12, 20)]
    assert [level.value for level in ladder] == [
        "junior", "junior", "mid", "mid", "senior", "senior", "staff", "staff", "principal",
        "principal",
    ]  # fmt: skip


def test_stated_level_in_the_body_is_the_last_resort() -> None:
    text = "We build storage.\nThis is an entry-level role for recent graduates."
    assert infer_seniority(text) == Seniority.JUNIOR
    assert infer_seniority("We build storage systems.") is None


def test_themes_come_from_responsibility_phrases() -> None:
    text = "You will mentor two engineers and join the on-call rotation."
    assert find_themes(text) == [Competency.MENTORING, Competency.PRESSURE]


def test_machine_learning_is_not_a_learning_theme() -> None:
    assert Competency.FAILURE not in theme_weights("Machine learning and deep learning models")
    assert Competency.FAILURE in theme_weights("You learn from mistakes quickly")


def test_a_repeated_generic_word_does_not_drown_a_specific_one() -> None:
    text = "customers " * 10 + "You will mentor juniors."
    weights = theme_weights(text)
    assert weights[Competency.MENTORING] >= weights[Competency.CUSTOMER]


def test_theme_count_is_limited() -> None:
    text = (
        "Lead the team, own the roadmap, mentor engineers, prioritize ruthlessly, influence "
        "stakeholders, collaborate, communicate clearly, navigate ambiguity, meet deadlines, "
        "resolve conflict, use data-driven decisions, innovate, adapt to change."
    )
    assert len(find_themes(text)) == 7
    assert len(find_themes(text, limit=3)) == 3
