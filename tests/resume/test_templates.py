"""The common LaTeX templates, rendered from their public source with invented content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.resume_quality import triple

from intervoo.resume import parse_bytes

TEMPLATES = Path(__file__).parent / "templates"
EXPECTED: dict[str, list[list[object]]] = json.loads((TEMPLATES / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_role_of_a_template_is_read_exactly(name: str) -> None:
    parsed = parse_bytes((TEMPLATES / name).read_bytes(), name)
    got = [triple(w.name, w.position, w.startDate) for w in parsed.resume.work]
    assert got == [triple(*map(str, e[:2]), e[2]) for e in EXPECTED[name]]
    # Awards, education and skills are never turned into jobs; what is left out is said.
    assert all(not d.path.startswith("work") for d in parsed.doubts), parsed.doubts
