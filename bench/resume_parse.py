"""Resume parsing benchmark: quality on real resumes, and time to parse a 3-page PDF.

Quality: exact (employer, position, start year) triples and invented roles on
../shared/realworld/resumes (and its linkedin/ exports) when that folder exists,
and on our own rendered layouts (tests/support/layouts.py) always. Targets
(issue 21): dev >= 0.95 exact, invented <= 5% of the true roles.

The 3-page PDF is the sample resume from tests/support/resumes.py with its roles
repeated until it fills three pages. Each document is parsed once cold (first
call in the process: imports and font tables), then timed over several runs.
Target (issue 4): a 3-page PDF parses in under 1 s on this machine.

    .venv/bin/python bench/resume_parse.py
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.resume_quality import Score, score_folder, triple  # noqa: E402

from tests.support import layouts  # noqa: E402
from tests.support.resumes import build, to_pdf_one_column  # noqa: E402

REALWORLD = ROOT.parent / "shared" / "realworld" / "resumes"
TEMPLATES = ROOT / "tests" / "resume" / "templates"

RUNS = 15
TARGET_S = 1.0


def _pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _timed(data: bytes, filename: str) -> dict[str, float]:
    from intervoo.resume import parse_bytes

    started = time.perf_counter()
    parse_bytes(data, filename)
    cold = time.perf_counter() - started
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        parsed = parse_bytes(data, filename)
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "cold_s": round(cold, 4),
        "median_s": round(statistics.median(times), 4),
        "p95_s": round(times[int(len(times) * 0.95) - 1], 4),
        "max_s": round(times[-1], 4),
        "roles": len(parsed.resume.work),
    }


def _work(data: bytes, filename: str) -> list[object]:
    from intervoo.resume import parse_bytes

    return list(parse_bytes(data, filename).resume.work)


def _own_layouts() -> Score:
    score = Score()
    cases = [
        ("linkedin_export.pdf", layouts.linkedin_export(), layouts.LINKEDIN_EXPECTED),
        ("awesome_cv.pdf", layouts.awesome_cv(), [e[:3] for e in layouts.AWESOME_EXPECTED]),
    ]
    for expected_file in (TEMPLATES / "expected.json",):
        for name, roles in json.loads(expected_file.read_text()).items():
            cases.append((name, (TEMPLATES / name).read_bytes(), [tuple(r) for r in roles]))
    for name, data, expected in cases:
        got = [triple(w.name, w.position, w.startDate) for w in _work(data, name)]  # type: ignore[attr-defined]
        score.add(name, got, [triple(*e) for e in expected], [])
    return score


def _quality() -> dict[str, object]:
    result: dict[str, object] = {"own_layouts": _own_layouts().summary()}
    if REALWORLD.is_dir():
        dev = score_folder(REALWORLD, _work)
        result["dev"] = {**dev.summary(), "per_file": dev.per_file}
    else:
        result["dev"] = "skipped: ../shared/realworld/resumes is absent"
    return result


def _adversarial() -> dict[str, object]:
    """Seconds each hostile input of issue 18 costs (refused or parsed), in this process,
    and the worker process's cost on a normal PDF (start + parse) and its peak RSS."""
    import asyncio
    import resource

    from intervoo.resume import ResumeParseError, parse_bytes
    from intervoo.resume.worker import parse_isolated
    from tests.resume.test_adversarial import _pdf_with_content
    from tests.support.resumes import to_text

    # The worker first: a child forked later would count this process's pages in its RSS.
    timings: dict[str, object] = {}
    filename, pdf = build("pdf-one-column")
    started = time.perf_counter()
    asyncio.run(parse_isolated(pdf, filename))
    timings["worker_pdf_s"] = round(time.perf_counter() - started, 3)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    timings["worker_peak_rss_mb"] = round(peak, 1)
    base = to_text()
    cases = {
        "line_25k_letters": (base + "a" * 25_000).encode(),
        "line_25k_spaces": (base + " " * 25_000 + "x").encode(),
        "line_25k_dots": (base + "a." * 12_500).encode(),
        "text_8_5_mb": (
            base + "Engineer at Acme\tJan 2019 - Feb 2020\n- Did it\n" * 200_000
        ).encode()[:8_500_000],
        "pdf_inflates_1_gb": _pdf_with_content(b"BT (x) Tj ET", zeros_mb=1024),
        "pdf_8m_text_operators": _pdf_with_content(
            b"BT /F1 1 Tf " + b"(x) Tj " * 8_000_000 + b"ET"
        ),
    }
    for name, data in cases.items():
        filename = "resume.pdf" if name.startswith("pdf") else "resume.txt"
        started = time.perf_counter()
        try:
            parse_bytes(data, filename)
            outcome = "parsed"
        except ResumeParseError as exc:
            outcome = str(exc.status_code)
        timings[name] = {"s": round(time.perf_counter() - started, 3), "outcome": outcome}
    return timings


def main() -> None:
    three_pages = to_pdf_one_column(repeat=6)
    pdf = _timed(three_pages, "resume.pdf")
    others = {}
    for fmt in ("pdf-two-columns", "docx", "markdown", "text", "jsonresume"):
        filename, data = build(fmt)
        others[fmt] = _timed(data, filename)["median_s"]
    result = {
        "benchmark": "resume_parse",
        "pdf_pages": _pages(three_pages),
        "pdf_bytes": len(three_pages),
        "pdf_3_pages": pdf,
        "target_s": TARGET_S,
        "meets_target": pdf["max_s"] < TARGET_S and pdf["cold_s"] < TARGET_S,
        "median_s_one_page": others,
        "runs": RUNS,
        "quality": _quality(),
        "adversarial": _adversarial(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
