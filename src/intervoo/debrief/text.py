"""The pieces a debrief compares: the suggestion's points and the candidate's sentences."""

from __future__ import annotations

import re

from intervoo.practice.star import split_sentences

_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")
MIN_POINT_WORDS = 3
MAX_POINTS = 12


def suggestion_points(suggestion: str) -> list[str]:
    """The headline and each bullet of a suggestion, bullet marks removed; lines of a word
    or two ("Example:") say nothing the answer could miss."""
    points = []
    for line in suggestion.splitlines():
        point = _BULLET.sub("", line).strip()
        if len(point.split()) >= MIN_POINT_WORDS and point not in points:
            points.append(point)
    return points[:MAX_POINTS]


def sentences(text: str) -> list[str]:
    """The sentences of what the candidate said (finals come one utterance at a time)."""
    return [text[a:b] for a, b in split_sentences(text)]
