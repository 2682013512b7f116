import json
from importlib import resources
from typing import Any

import pytest

from intervoo.companies.catalog import (
    CatalogError,
    bundled_companies,
    bundled_dataset,
    find_company,
    load_dataset,
    normalize_name,
    profile_problems,
    slugify,
)
from intervoo.companies.model import CompanyProfile, CompanyValue
from intervoo.stories.model import Competency


def _raw_dataset() -> dict[str, Any]:
    text = resources.files("intervoo.companies").joinpath("data/companies.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


RAW = _raw_dataset()
RAW_COMPANIES = RAW["companies"]


def test_dataset_is_versioned_with_sources() -> None:
    assert isinstance(RAW["version"], int) and RAW["version"] >= 1
    assert RAW["sources"]
    assert bundled_dataset().version == RAW["version"]


def test_dataset_covers_at_least_thirty_employers_across_sectors() -> None:
    companies = bundled_companies()
    assert len(companies) >= 30
    categories = {c.category for c in companies}
    assert {"big-tech", "finance", "consulting", "startup"} <= categories
    assert all(c.bundled for c in companies)
    assert [c.name.lower() for c in companies] == sorted(c.name.lower() for c in companies)


@pytest.mark.parametrize("raw", RAW_COMPANIES, ids=[c["slug"] for c in RAW_COMPANIES])
def test_every_bundled_company_validates_against_the_schema(raw: dict[str, Any]) -> None:
    profile = CompanyProfile.model_validate({**raw, "bundled": True})
    assert profile_problems(profile) == []
    assert profile.values, "a bundled company lists its stated values"
    assert profile.interview_format.strip()
    assert len(profile.themes) >= 3
    assert set(profile.themes) <= {c.value for c in Competency}
    assert profile.sources
    for value in profile.values:
        # One line each, and a paraphrase rather than the value's name repeated.
        assert "\n" not in value.meaning and len(value.meaning) <= 160
        assert value.meaning.strip().lower() != value.name.strip().lower()


@pytest.mark.parametrize("raw", RAW_COMPANIES, ids=[c["slug"] for c in RAW_COMPANIES])
def test_lookup_finds_each_company_by_name_slug_and_every_alias(raw: dict[str, Any]) -> None:
    for name in [raw["name"], raw["slug"], raw["name"].upper(), *raw["aliases"]]:
        found = find_company(name)
        assert found is not None, name
        assert found.slug == raw["slug"], name


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("amazon web services", "amazon"),
        ("AWS", "amazon"),
        ("Amazon.com, Inc.", "amazon"),
        ("meta", "meta"),
        ("Facebook", "meta"),
        ("facebook inc", "meta"),
        ("Instagram", "meta"),
        ("Google Cloud", "google"),
        ("Google DeepMind", "google"),
        ("Amazon Robotics", "amazon"),
        ("J.P. Morgan", "jpmorgan-chase"),
        ("JPMorgan Chase & Co.", "jpmorgan-chase"),
        ("McKinsey & Co", "mckinsey"),
        ("The Boston Consulting Group", "bcg"),
        ("Ernst & Young LLP", "ey"),
        ("linked in", "linkedin"),
        # typos
        ("Gogle", "google"),
        ("amazn", "amazon"),
        ("Goldman Sacks", "goldman-sachs"),
        ("Microsfot", "microsoft"),
        ("netflx", "netflix"),
        ("Salesfroce", "salesforce"),
        ("Mckinsy", "mckinsey"),
        ("Deloite", "deloitte"),
        ("Atlasian", "atlassian"),
    ],
)
def test_lookup_understands_common_names_and_typos(typed: str, slug: str) -> None:
    found = find_company(typed)
    assert found is not None and found.slug == slug


@pytest.mark.parametrize("typed", ["Tesla", "Bank of America", "Bain Capital", "Metal", "user"])
def test_lookup_does_not_guess_an_unrelated_company(typed: str) -> None:
    assert find_company(typed) is None


def test_user_companies_are_found_and_win_over_bundled_ones() -> None:
    acme = CompanyProfile(slug="acme-robotics", name="Acme Robotics", aliases=["acme"])
    mine = CompanyProfile(slug="my-aws-team", name="My AWS team", aliases=["aws"])
    assert find_company("Acme", extra=[acme]) == acme
    assert find_company("acme robotcs", extra=[acme]) == acme
    assert find_company("aws", extra=[acme, mine]) == mine
    found = find_company("amazon", extra=[acme, mine])
    assert found is not None and found.slug == "amazon"


def test_a_name_without_letters_matches_nothing() -> None:
    assert find_company("  ,  ") is None
    assert find_company("") is None


def test_normalize_and_slugify() -> None:
    assert normalize_name("The Goldman Sachs Group, Inc.") == "goldman sachs"
    assert normalize_name("McKinsey & Company") == "mckinsey"
    assert normalize_name("Bain & Co.") == "bain"
    assert slugify("Bain & Company") == "bain-company"
    assert slugify("  Acme, Inc. ") == "acme-inc"
    with pytest.raises(ValueError):
        slugify("!!!")


def _dataset_with(company: dict[str, Any]) -> str:
    base = {"slug": "acme", "name": "Acme", "category": "tech", "sources": ["Acme — x"]}
    return json.dumps(
        {"version": 1, "updated": "2025-01", "sources": ["s"], "companies": [{**base, **company}]}
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"themes": ["bravery"]}, "unknown theme 'bravery'"),
        ({"category": "bakery"}, "unknown category 'bakery'"),
        ({"slug": "Acme Co"}, "slug must be"),
        ({"sources": []}, "must list its sources"),
        ({"values": [{"name": "Grit", "meaning": " "}]}, "needs a name and a meaning"),
        ({"founded": 1999}, "founded"),
    ],
)
def test_invalid_data_set_is_refused_with_a_clear_reason(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(CatalogError, match=message):
        load_dataset(_dataset_with(change))


def test_two_companies_claiming_one_alias_is_refused() -> None:
    data = json.loads(_dataset_with({"aliases": ["widgets"]}))
    data["companies"].append(
        {"slug": "widgets-inc", "name": "Widgets Inc", "aliases": [], "sources": ["w"]}
    )
    with pytest.raises(CatalogError, match="'widgets' is used by both acme and widgets-inc"):
        load_dataset(json.dumps(data))


def test_unreadable_data_set_is_refused() -> None:
    with pytest.raises(CatalogError, match="invalid company data set"):
        load_dataset("{not json")


def test_value_model_is_immutable() -> None:
    value = CompanyValue(name="Ownership", meaning="Act for the long term.")
    with pytest.raises(ValueError):
        value.name = "Other"  # type: ignore[misc]
