"""The bundled company data set, and fuzzy lookup of a company by the name people type.

Lookup goes from cheap and certain to fuzzy: an exact name/alias match, then a known
name at the start of the query ("Amazon Robotics" → Amazon), then a typo-tolerant
comparison ("Goldman Sacks" → Goldman Sachs). User-added companies (`extra`) win
over bundled ones at every step, so a user's own profile is never shadowed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process

from intervoo.companies.model import CompanyProfile
from intervoo.stories.model import Competency

CATEGORIES = frozenset({"big-tech", "tech", "finance", "consulting", "startup", "other"})
FUZZY_CUTOFF = 86.0
MIN_FUZZY_LENGTH = 5  # "metal" must not become Meta: short names need an exact match
_LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "llc", "llp", "ltd", "limited", "corp", "corporation", "co",
     "company", "plc", "group", "holdings", "sa", "ag", "gmbh", "pty", "pbc"}
)  # fmt: skip
# Separate firms whose names start with a bundled company's name.
DISTINCT_COMPANIES = frozenset({"bain capital", "bain capital ventures", "apple bank"})
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9]+")


class CatalogError(ValueError):
    """The bundled data set (or a profile checked against its rules) is invalid."""


class CompanyDataset(BaseModel):
    """The file `data/companies.json`: versioned, with its sources, and checked on load."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    updated: str
    sources: list[str] = Field(min_length=1)
    companies: list[CompanyProfile] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> CompanyDataset:
        problems = [p for company in self.companies for p in profile_problems(company)]
        problems += _duplicate_keys(self.companies)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def slugify(name: str) -> str:
    """A stable URL-safe id for a company name ("Bain & Company" → "bain-company")."""
    slug = _SLUG_JUNK.sub("-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make an id from company name {name!r}")
    return slug[:120]


def normalize_name(name: str) -> str:
    """Lower-case words without punctuation, a leading 'the' or trailing legal suffixes."""
    words = _WORD.findall(name.lower().replace("&", " and "))
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[-1] == "and":  # "McKinsey & Co" → "mckinsey and" → "mckinsey"
        words.pop()
    return " ".join(words)


def profile_problems(profile: CompanyProfile) -> list[str]:
    """What is wrong with a profile, one readable line each (empty when valid)."""
    where = f"company {profile.slug or profile.name!r}"
    problems = []
    if profile.slug != slugify(profile.slug):
        problems.append(f"{where}: slug must be lower-case letters, digits and '-'")
    if not profile.name.strip():
        problems.append(f"{where}: name is empty")
    if profile.category not in CATEGORIES:
        problems.append(f"{where}: unknown category {profile.category!r}")
    known = {c.value for c in Competency}
    problems += [f"{where}: unknown theme {t!r}" for t in profile.themes if t not in known]
    problems += [
        f"{where}: value {v.name!r} needs a name and a meaning"
        for v in profile.values
        if not v.name.strip() or not v.meaning.strip()
    ]
    if profile.bundled and not profile.sources:
        problems.append(f"{where}: a bundled company must list its sources")
    return problems


def _duplicate_keys(companies: Iterable[CompanyProfile]) -> list[str]:
    owner: dict[str, str] = {}
    problems = []
    for company in companies:
        for key in {normalize_name(n) for n in _names_of(company)}:
            if key in owner and owner[key] != company.slug:
                problems.append(f"name {key!r} is used by both {owner[key]} and {company.slug}")
            owner.setdefault(key, company.slug)
    return problems


def _names_of(company: CompanyProfile) -> list[str]:
    return [company.slug.replace("-", " "), company.name, *company.aliases]


def load_dataset(text: str) -> CompanyDataset:
    """Parse and validate the data set; raises CatalogError with every problem found."""
    try:
        raw = json.loads(text)
        if isinstance(raw, dict):
            for company in raw.get("companies", []):
                if isinstance(company, dict):
                    company["bundled"] = True
        return CompanyDataset.model_validate(raw)
    except (json.JSONDecodeError, ValidationError) as exc:
        raise CatalogError(f"invalid company data set: {exc}") from exc


@cache
def bundled_dataset() -> CompanyDataset:
    text = resources.files("intervoo.companies").joinpath("data/companies.json").read_text("utf-8")
    return load_dataset(text)


def bundled_companies() -> list[CompanyProfile]:
    """Every bundled company, sorted by name. The list is new; the profiles are shared."""
    return sorted(bundled_dataset().companies, key=lambda c: c.name.lower())


def bundled_company(slug: str) -> CompanyProfile | None:
    """The bundled company with exactly this slug."""
    return _bundled_by_slug().get(slug)


@cache
def _bundled_by_slug() -> dict[str, CompanyProfile]:
    return {company.slug: company for company in bundled_dataset().companies}


@dataclass(frozen=True)
class _Index:
    """Normalized names → profile, plus a space-free form for 'jp morgan' vs 'jpmorgan'."""

    by_key: dict[str, CompanyProfile]
    by_compact: dict[str, CompanyProfile]


def _build_index(companies: Iterable[CompanyProfile]) -> _Index:
    by_key: dict[str, CompanyProfile] = {}
    for company in companies:
        for name in _names_of(company):
            key = normalize_name(name)
            if key:
                by_key.setdefault(key, company)
    by_compact: dict[str, CompanyProfile] = {}
    for key, company in by_key.items():
        by_compact.setdefault(key.replace(" ", ""), company)
    return _Index(by_key, by_compact)


@cache
def _bundled_index() -> _Index:
    return _build_index(bundled_dataset().companies)


def find_company(name: str, extra: Sequence[CompanyProfile] = ()) -> CompanyProfile | None:
    """The company a typed name means, or None (also for a name with no letters or digits).

    `extra` (user companies) is searched first."""
    query = normalize_name(name)
    if not query:
        return None
    indexes = [_build_index(extra), _bundled_index()] if extra else [_bundled_index()]
    for step in (_exact, _leading_name, _fuzzy):
        for index in indexes:
            found = step(query, index)
            if found is not None:
                return found
    return None


def _exact(query: str, index: _Index) -> CompanyProfile | None:
    return index.by_key.get(query) or index.by_compact.get(query.replace(" ", ""))


def _leading_name(query: str, index: _Index) -> CompanyProfile | None:
    """The longest known name the query starts with, as whole words ("google deepmind")."""
    if query in DISTINCT_COMPANIES:
        return None
    words = query.split()
    for length in range(len(words) - 1, 0, -1):
        found = index.by_key.get(" ".join(words[:length]))
        if found is not None:
            return found
    return None


def _fuzzy(query: str, index: _Index) -> CompanyProfile | None:
    compact = query.replace(" ", "")
    if len(compact) < MIN_FUZZY_LENGTH:
        return None
    choices = [key for key in index.by_compact if len(key) >= MIN_FUZZY_LENGTH]
    best = process.extractOne(compact, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index.by_compact[best[0]] if best else None
