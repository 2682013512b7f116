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

`heldout_pairs()` is a second, separate held-out set (relevance_heldout.json): public
example answers of other sources (system-design-primer, tech-interview-handbook) and
answers written before any calibration was fitted. No tool fits anything on it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from intervoo.events import QuestionKind
from intervoo.practice.shapes import shape_of

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


# Questions about the candidate ("Tell me about yourself", "What are your strengths?")
# are fairly answered by a story or a career plan, and by life outside work too: such
# pairs are left out of the mismatches rather than labelled either way.
_ABOUT_YOU = {"personal", "intro"}
_NEAR_ABOUT_YOU = _ABOUT_YOU | {"story", "career"}


def _clearly_off(asked: str, given: str) -> bool:
    if asked == given:
        return False
    both = {asked, given}
    return not (both & _ABOUT_YOU and both <= _NEAR_ABOUT_YOU)


def _shape(labelled: str, question: str) -> str:
    """The data label "personal" covers self-introductions, a shape of their own."""
    if labelled != "personal":
        return labelled
    return shape_of(QuestionKind.PERSONAL, question).value


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
        _Item(
            a["question"],
            a["strong"],
            _shape(a["shape"], a["question"]),
            f"authored:{i}",
            a["vague"],
        )
        for i, a in enumerate(authored["items"])
    ]
    return items, authored["distractors"]


def _mismatch(asked: _Item, other: _Item) -> bool:
    if other.group == asked.group:
        return False
    if other.shape != asked.shape:
        return _clearly_off(asked.shape, other.shape)
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
            if asked.shape in _ABOUT_YOU:
                continue  # life outside work answers "Tell me about yourself", if weakly
            out.append(Pair(asked.question, text, asked.shape, "off", held))
    return out


def polished_distractors() -> list[str]:
    return (
        _items()[1]
        + json.loads((DATA / "relevance_heldout.json").read_text())["authored"]["distractors"]
    )


def heldout_pairs() -> list[Pair]:
    """The second held-out set: strong, vague and mismatched pairs, never fitted on."""
    data = json.loads((DATA / "relevance_heldout.json").read_text())
    authored = data["authored"]
    answers = [(p["question"], p["answer"], _shape(p["shape"], p["question"]), "on")
               for p in data["public"]]  # fmt: skip
    for label, key in (("on", "strong"), ("vague", "vague")):
        answers += [(a["question"], a[key], _shape(a["shape"], a["question"]), label)
                    for a in authored["items"]]  # fmt: skip
    out = [Pair(q, a, shape, label, True) for q, a, shape, label in answers]
    asked = {(q, shape) for q, _, shape, _ in answers}
    for question, shape in sorted(asked):
        out += [Pair(question, a, shape, "off", True) for q, a, given, label in answers
                if label == "on" and q != question and _clearly_off(shape, given)]  # fmt: skip
        if shape not in _ABOUT_YOU:
            out += [Pair(question, text, shape, "off", True) for text in authored["distractors"]]
    return out


if __name__ == "__main__":
    from collections import Counter

    every = pairs()
    print(Counter((p.heldout, p.label) for p in every))  # noqa: T201
    print(Counter((p.heldout, p.shape) for p in every if p.label == "on"))  # noqa: T201
    print(Counter((p.shape, p.label) for p in heldout_pairs()))  # noqa: T201
