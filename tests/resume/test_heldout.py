"""Resumes the parser was never tuned on: >= 90% of (employer, position, start year) exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intervoo.resume import parse_bytes
from tests.support.resumes import text_to_docx, text_to_pdf

HELDOUT = Path(__file__).parent / "heldout"
EXPECTED: dict[str, list[list[object]]] = json.loads((HELDOUT / "expected.json").read_text())
TARGET = 0.90

Triple = tuple[object, ...]


def _triples(data: bytes, filename: str) -> list[Triple]:
    work = parse_bytes(data, filename).resume.work
    return [(w.name, w.position, int(w.startDate[:4]) if w.startDate else None) for w in work]


def _score(render: str) -> tuple[int, int, list[str]]:
    hits, total, misses = 0, 0, []
    for name, expected in EXPECTED.items():
        text = (HELDOUT / name).read_text()
        if render == "as-is":
            data, filename = text.encode(), name
        elif render == "docx":
            data, filename = text_to_docx(text), "resume.docx"
        else:
            data, filename = text_to_pdf(text), "resume.pdf"
        got = _triples(data, filename)
        for triple in map(tuple, expected):
            total += 1
            if triple in got:
                hits += 1
            else:
                misses.append(f"{name}: {triple}")
        # Extra roles that are not in the resume count against the parser too.
        total += max(0, len(got) - len(expected))
    return hits, total, misses


@pytest.mark.parametrize("render", ["as-is", "docx", "pdf"])
def test_heldout_triples_are_extracted(render: str) -> None:
    hits, total, misses = _score(render)
    assert total >= 40
    assert hits / total >= TARGET, f"{hits}/{total} exact; missed: {misses}"
