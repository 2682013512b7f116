"""The labelled relevance set: matched, vague and mismatched (question, answer) pairs.

Built from tests/practice/data/relevance_public.json (public example answers, MIT) and
relevance_authored.json (written for this project). Labels:
  on    the answer given for that question (strong, or a public example answer)
  vague an on-topic but vague answer to that question
  off   another question's answer, or a polished distractor answering nothing asked

Mismatches are chosen so they really do not answer: answers of another shape, or of
another authored item, or public stories from another topic heading; work stories
among the distractors are not paired with story questions (they might fit one).
The split is by question (and distractor), so held-out pairs share neither with dev.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "practice" / "data"
HELDOUT_SHARE = 0.3
_WORK_DISTRACTORS = ("CI/CD", "code review")


@dataclass(frozen=True, slots=True)
class Pair:
    question: str
    answer: str
    shape: str
    label: str  # on | vague | off
    heldout: bool


@dataclass(frozen=True, slots=True)
class _Item:
    question: str
    answer: str
    shape: str
    group: str  # items of one group never serve as each other's mismatches
    vague: str | None = None


def _is_heldout(text: str) -> bool:
    digest = hashlib.sha1(text.encode()).digest()
    return digest[0] / 256 < HELDOUT_SHARE


def _items() -> tuple[list[_Item], list[str]]:
    public = json.loads((DATA / "relevance_public.json").read_text())["pairs"]
    authored = json.loads((DATA / "relevance_authored.json").read_text())
    items = [
        _Item(p["question"], p["answer"], p["shape"], f"public:{p['shape']}:{p.get('topic', '')}")
        for p in public
    ]
    items += [
        _Item(a["question"], a["strong"], a["shape"], f"authored:{i}", a["vague"])
        for i, a in enumerate(authored["items"])
    ]
    return items, authored["distractors"]


def _mismatch(asked: _Item, other: _Item) -> bool:
    if other.group == asked.group:
        return False
    if other.shape != asked.shape:
        return True
    # Same shape: only authored items (distinct topics by construction) or public
    # stories under another heading; public concept answers are all CSS/HTML.
    return asked.shape != "concept" or other.group.startswith("authored")


def pairs() -> list[Pair]:
    items, distractors = _items()
    out: list[Pair] = []
    for asked in items:
        held = _is_heldout(asked.question)
        out.append(Pair(asked.question, asked.answer, asked.shape, "on", held))
        if asked.vague:
            out.append(Pair(asked.question, asked.vague, asked.shape, "vague", held))
        for other in items:
            if _is_heldout(other.question) == held and _mismatch(asked, other):
                out.append(Pair(asked.question, other.answer, asked.shape, "off", held))
        for text in distractors:
            if _is_heldout(text) != held:
                continue
            if asked.shape == "story" and any(w in text for w in _WORK_DISTRACTORS):
                continue
            out.append(Pair(asked.question, text, asked.shape, "off", held))
    return out


def polished_distractors() -> list[str]:
    return _items()[1]


if __name__ == "__main__":
    from collections import Counter

    every = pairs()
    print(Counter((p.heldout, p.label) for p in every))  # noqa: T201
    print(Counter((p.heldout, p.shape) for p in every if p.label == "on"))  # noqa: T201
