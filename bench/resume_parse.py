"""Resume parsing benchmark: time to parse a 3-page PDF (and the other formats, for scale).

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

from tests.support.resumes import build, to_pdf_one_column  # noqa: E402

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
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
