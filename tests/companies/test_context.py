"""The target context copilot and practice read: pure building, and loading per tenant."""

from __future__ import annotations

import logging

import pytest

from intervoo.companies.catalog import bundled_company, find_company
from intervoo.companies.context import build_target_context, load_target_context
from intervoo.companies.jobs import extract_requirements
from intervoo.companies.model import CompanyProfile, CompanyValue, Target
from intervoo.companies.service import (
    CompanyInputError,
    UnknownCompanyError,
    add_company,
    company_input,
    resolve_company,
    set_target,
)
from intervoo.companies.target_repo import TargetRepo
from intervoo.store import Database
from tests.companies.conftest import USER_A, USER_B

JD = (
    "Senior Data Engineer\nOwn our Airflow and dbt pipelines into Snowflake. "
    "Mentor two analysts. 6+ years of experience."
)


def _amazon() -> CompanyProfile:
    amazon = bundled_company("amazon")
    assert amazon is not None
    return amazon


def test_context_holds_company_values_and_role_requirements() -> None:
    amazon = _amazon()
    target = Target(company_slug="amazon", role="Senior Data Engineer", job_description=JD,
                    notes="Bar raiser on day 2", requirements=extract_requirements(JD))  # fmt: skip
    context = build_target_context(amazon, target)
    assert context.company == amazon
    assert context.role == "Senior Data Engineer"
    assert [v.name for v in context.values] == [v.name for v in amazon.values]
    assert context.skills == ["Airflow", "dbt", "Snowflake"]
    assert context.seniority == "senior"
    assert context.notes == "Bar raiser on day 2"
    role_themes = target.requirements.themes
    assert context.themes[: len(role_themes)] == role_themes
    assert set(context.themes) == set(role_themes) | set(amazon.themes)
    assert len(context.themes) == len(set(context.themes))


def test_context_without_target_or_company_is_empty() -> None:
    empty = build_target_context(None, None)
    assert (empty.company, empty.role, empty.values, empty.skills, empty.themes) == (
        None, None, [], [], []
    )  # fmt: skip
    only_company = build_target_context(_amazon(), None)
    assert only_company.themes == _amazon().themes and only_company.skills == []


def test_a_target_saved_without_requirements_is_analysed_when_read() -> None:
    target = Target(company_slug="x", role="Senior Data Engineer", job_description=JD)
    assert build_target_context(None, target).skills == ["Airflow", "dbt", "Snowflake"]


def test_each_user_reads_only_their_own_target_and_companies(db: Database) -> None:
    with db.session(USER_A) as session:
        acme = {"name": "Acme Robotics", "aliases": ["acme"],
                "values": [{"name": "Ship it", "meaning": "Deliver small, often."}]}  # fmt: skip
        add_company(session, USER_A, company_input(acme))
        set_target(session, USER_A, company="acme", role="Senior Data Engineer",
                   job_description=JD, notes="n")  # fmt: skip
    with db.session(USER_A) as session:
        context = load_target_context(session, USER_A)
    assert context.company is not None and context.company.slug == "acme-robotics"
    assert [v.name for v in context.values] == ["Ship it"]
    assert context.skills == ["Airflow", "dbt", "Snowflake"]
    with db.session(USER_B) as session:
        assert load_target_context(session, USER_B) == build_target_context(None, None)
        with pytest.raises(UnknownCompanyError, match="acme"):
            resolve_company(session, USER_B, "acme")


def test_setting_a_new_target_replaces_the_active_one(db: Database) -> None:
    with db.session(USER_A) as session:
        set_target(session, USER_A, company="AWS", role="SDE II")
        set_target(session, USER_A, company="facebook", role="Product Designer")
    with db.session(USER_A) as session:
        context = load_target_context(session, USER_A)
        assert len(TargetRepo(session, USER_A).list()) == 2
    assert context.company is not None and context.company.slug == "meta"
    assert context.role == "Product Designer"


def test_a_target_whose_company_was_removed_keeps_its_role(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with db.session(USER_A) as session:
        TargetRepo(session, USER_A).set_active(Target(company_slug="gone-co", role="Engineer"))
    with caplog.at_level(logging.WARNING), db.session(USER_A) as session:
        context = load_target_context(session, USER_A)
    assert (context.company, context.role) == (None, "Engineer")
    assert "gone-co" in caplog.text


def test_user_company_shadows_lookup_but_not_bundled_ids(db: Database) -> None:
    with db.session(USER_A) as session:
        add_company(session, USER_A, company_input({"name": "My AWS Team", "aliases": ["aws"]}))
        assert resolve_company(session, USER_A, "aws").slug == "my-aws-team"
        assert resolve_company(session, USER_A, "amazon").slug == "amazon"
        with pytest.raises(CompanyInputError, match="bundled company"):
            add_company(session, USER_A, company_input({"name": "Amazon"}))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "name: Field required"),
        ({"name": "X", "themes": ["bravery"]}, "unknown theme 'bravery'"),
        ({"name": "X", "category": "bakery"}, "unknown category"),
        ({"name": "X", "values": [{"name": "Grit"}]}, "values.0.meaning"),
        ({"name": "X", "founded": 1999}, "founded"),
        ({"name": "!!!"}, "cannot make an id"),
    ],
)
def test_bad_company_input_is_refused_with_a_reason(data: dict[str, object], message: str) -> None:
    with pytest.raises(CompanyInputError, match=message):
        company_input(data).to_profile()


def test_themes_accept_names_and_values() -> None:
    data = company_input({"name": "X", "themes": ["CUSTOMER", "customer focus", "Ownership"]})
    assert data.themes == ["customer focus", "customer focus", "ownership"]


def test_bad_target_input_is_refused(db: Database) -> None:
    with db.session(USER_A) as session:
        with pytest.raises(CompanyInputError, match="name a company"):
            set_target(session, USER_A, company=" ", role="SDE")
        with pytest.raises(UnknownCompanyError):
            set_target(session, USER_A, company="!!!", role="SDE")
        with pytest.raises(CompanyInputError, match="role"):
            set_target(session, USER_A, company="amazon", role="  ")
        with pytest.raises(CompanyInputError, match="at most"):
            set_target(session, USER_A, company="amazon", role="SDE", job_description="x" * 60_000)
        with pytest.raises(UnknownCompanyError):
            set_target(session, USER_A, company="Nonexistent Widgets", role="SDE")


def test_value_objects_survive_the_store(db: Database) -> None:
    value = CompanyValue(name="Ship it", meaning="Deliver small, often.")
    with db.session(USER_A) as session:
        add_company(session, USER_A, company_input({"name": "Acme", "values": [value]}))
    with db.session(USER_A) as session:
        found = find_company("acme", extra=[resolve_company(session, USER_A, "acme")])
    assert found is not None and found.values == [value]
