"""Scoring parsed resumes against answer keys: exact (employer, position, start year) triples.

Shared by bench/resume_parse.py and the real-world tests. A triple is exact when the
employer and position match after case folding and whitespace/punctuation trimming,
and the start year is equal. A parsed role that matches no true role (nor an
`optional` one) is an invented role.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Triple = tuple[str, str, int | None]


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[\s\u00ad]+", " ", text)
    return text.strip(" .,;:-–—|·")


def triple(employer: str | None, position: str | None, start: Any) -> Triple:
    year: int | None
    if isinstance(start, int):
        year = start
    else:
        year = int(str(start)[:4]) if start and str(start)[:4].isdigit() else None
    return norm(employer), norm(position), year


@dataclass
class Score:
    hits: int = 0
    truth: int = 0
    invented: int = 0
    per_file: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, name: str, got: list[Triple], want: list[Triple], optional: list[Triple]) -> None:
        remaining = list(got)
        hits = 0
        for item in want:
            if item in remaining:
                remaining.remove(item)
                hits += 1
            else:
                self.misses.append(f"{name}: missed role {want.index(item) + 1}")
        invented = 0
        for item in remaining:
            if item in optional:
                optional = [o for o in optional if o != item]
            else:
                invented += 1
        self.hits += hits
        self.truth += len(want)
        self.invented += invented
        self.per_file[name] = {"exact": hits, "true": len(want), "invented": invented}

    def summary(self) -> dict[str, Any]:
        return {
            "exact": self.hits,
            "true": self.truth,
            "invented": self.invented,
            "exact_ratio": round(self.hits / self.truth, 3) if self.truth else None,
            "invented_ratio": round(self.invented / self.truth, 3) if self.truth else None,
        }


def answer_key(folder: Path) -> dict[str, tuple[list[Triple], list[Triple]]]:
    """file name -> (true triples, optional triples) from answers.json and NAME.expected.json."""
    keys: dict[str, tuple[list[Triple], list[Triple]]] = {}
    answers = folder / "answers.json"
    if answers.exists():
        for name, entry in json.loads(answers.read_text()).items():
            want = [triple(w["employer"], w["position"], w["start_year"]) for w in entry["work"]]
            opt = [
                triple(w.get("employer"), w.get("position"), w.get("start_year"))
                for w in entry.get("optional", [])
            ]
            keys[name] = (want, opt)
    for expected in sorted(folder.glob("*.expected.json")):
        work = json.loads(expected.read_text()).get("work", [])
        want = [triple(w.get("name"), w.get("position"), w.get("startDate")) for w in work]
        source = next(
            (p.name for p in folder.iterdir()
             if p.name.startswith(expected.name.removesuffix(".expected.json") + ".")
             and not p.name.endswith(".expected.json")),
            None,
        )  # fmt: skip
        if source:
            keys[source] = (want, [])
    return keys


def score_folder(folder: Path, parse: Any) -> Score:
    """Parse every keyed file of `folder` (and its subfolders) with `parse(bytes, name)`."""
    score = Score()
    for sub in [folder, *sorted(p for p in folder.iterdir() if p.is_dir())]:
        for name, (want, opt) in answer_key(sub).items():
            path = sub / name
            label = str(path.relative_to(folder))
            try:
                work = parse(path.read_bytes(), name)
            except Exception as exc:  # a file the parser refuses scores 0, it does not stop the run
                score.misses.append(f"{label}: {type(exc).__name__}")
                work = []
            got = [triple(w.name, w.position, w.startDate) for w in work]
            score.add(label, got, want, opt)
    return score
