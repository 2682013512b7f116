"""Companies benchmark: catalog load, fuzzy lookup, job-description extraction, and accuracy.

Targets (interactive use: typing a company name, pasting a posting, starting a session):
- reading and validating the bundled data set (first call, modules imported): under 100 ms
- one company lookup (exact, alias, typo or miss): p95 under 1 ms
- extracting requirements from one job description: p95 under 20 ms
Accuracy is measured on the two job description sets in tests/companies/data: the
development set (rules were tuned on it) and the held-out set (never tuned on).

    .venv/bin/python bench/companies.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "companies" / "data"
LOAD_TARGET_MS = 100.0
LOOKUP_TARGET_MS = 1.0
EXTRACT_TARGET_MS = 20.0
LOOKUPS = ["Amazon", "aws", "facebook", "J.P. Morgan", "Goldman Sacks", "Microsfot", "mckinsy",
           "Amazon Robotics", "Nonexistent Widgets", "Bank of America"]  # fmt: skip
ROUNDS = 200


def _percentiles_ms(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times) * 1000, 4),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 4),
        "max_ms": round(times[-1] * 1000, 4),
    }


def _time_each(call: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((DATA / name).read_text())["cases"]
    return cases


def _accuracy(cases: list[dict[str, Any]]) -> dict[str, Any]:
    from intervoo.companies.jobs import extract_requirements

    found = [extract_requirements(c["text"], title=c["title"]) for c in cases]
    skills_expected = sum(len(c["skills"]) for c in cases)
    skills_hit = sum(
        len(set(c["skills"]) & set(r.skills)) for c, r in zip(cases, found, strict=True)
    )
    false_skills = sum(
        len(set(c["not_skills"]) & set(r.skills)) for c, r in zip(cases, found, strict=True)
    )
    themes_expected = sum(len(c["themes"]) for c in cases)
    themes_hit = sum(
        len(set(c["themes"]) & set(r.themes)) for c, r in zip(cases, found, strict=True)
    )
    levels = sum(r.seniority == c["seniority"] for c, r in zip(cases, found, strict=True))
    return {
        "descriptions": len(cases),
        "skill_recall": round(skills_hit / skills_expected, 3),
        "collision_words_read_as_skills": false_skills,
        "theme_recall": round(themes_hit / themes_expected, 3),
        "seniority_accuracy": round(levels / len(cases), 3),
    }  # fmt: skip


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    from intervoo.companies.catalog import bundled_companies, find_company

    import_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    companies = bundled_companies()
    load_ms = (time.perf_counter() - started) * 1000
    from intervoo.companies.jobs import extract_requirements

    find_company("warm up")  # builds the lookup index once, as a server does at first use
    lookup = [t for name in LOOKUPS for t in _time_each(lambda n=name: find_company(n), ROUNDS)]
    descriptions = [c["text"] for c in _cases("job_descriptions.json")]
    descriptions += [c["text"] for c in _cases("job_descriptions_holdout.json")]
    extract_requirements(descriptions[0])  # loads the skills vocabulary once
    extract = [
        t for text in descriptions for t in _time_each(lambda t=text: extract_requirements(t), 20)
    ]
    lookup_stats, extract_stats = _percentiles_ms(lookup), _percentiles_ms(extract)
    result = {
        "companies": len(companies),
        "catalog_import_ms": round(import_ms, 1),  # pydantic, rapidfuzz: shared with the app
        "catalog_load_cold_ms": round(load_ms, 2),
        "catalog_load_target_ms": LOAD_TARGET_MS,
        "lookup": {**lookup_stats, "target_p95_ms": LOOKUP_TARGET_MS, "queries": len(LOOKUPS)},
        "extract": {
            **extract_stats,
            "target_p95_ms": EXTRACT_TARGET_MS,
            "mean_description_chars": round(statistics.mean(map(len, descriptions))),
        },
        "accuracy_dev": _accuracy(_cases("job_descriptions.json")),
        "accuracy_holdout": _accuracy(_cases("job_descriptions_holdout.json")),
        "targets_met": load_ms < LOAD_TARGET_MS
        and lookup_stats["p95_ms"] < LOOKUP_TARGET_MS
        and extract_stats["p95_ms"] < EXTRACT_TARGET_MS,
    }  # fmt: skip
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
