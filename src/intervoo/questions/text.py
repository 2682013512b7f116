"""Normalization of raw speech-to-text output into tokens the rules can read.

ASR text arrives lower- or mixed-case, often without punctuation, with fillers
("um"), stutters ("the the") and typical mis-hearings ("tel me", "y do you").
Everything here is pure and cheap: it runs on every partial transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOUNDARY = frozenset({".", "?", "!", ";", ","})
SENTENCE_END = frozenset({".", "?", "!", ";"})

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.?!;,]", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})

FILLERS = frozenset({"um", "uh", "uhm", "umm", "er", "erm", "ah", "eh", "hmm", "mm", "mmm", "hm"})

# Whole-token rewrites for contractions and frequent recognition errors.
_REWRITES: dict[str, tuple[str, ...]] = {
    "what's": ("what", "is"),
    "whats": ("what", "is"),
    "wat": ("what",),
    "how's": ("how", "is"),
    "hows": ("how", "is"),
    "where's": ("where", "is"),
    "who's": ("who", "is"),
    "why's": ("why", "is"),
    "that's": ("that", "is"),
    "thats": ("that", "is"),
    "it's": ("it", "is"),
    "there's": ("there", "is"),
    "here's": ("here", "is"),
    "let's": ("let", "us"),
    "lets": ("let", "us"),
    "gonna": ("going", "to"),
    "wanna": ("want", "to"),
    "gotta": ("got", "to"),
    "tel": ("tell",),
    "bout": ("about",),
    "thru": ("through",),
    "u": ("you",),
    "ur": ("your",),
    "cuz": ("because",),
    "cos": ("because",),
    "ok": ("okay",),
    "cv": ("resume",),
    "cvs": ("resume",),
    "resumes": ("resume",),
    "can't": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
}
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("n't", "not"),
    ("'re", "are"),
    ("'ve", "have"),
    ("'ll", "will"),
    ("'d", "would"),
    ("'m", "am"),
)
# "y do you…" and "why" are the same sound; only rewrite where "why" fits.
_Y_AS_WHY_BEFORE = frozenset({"do", "did", "are", "would", "should", "this", "us", "not", "here"})


@dataclass(frozen=True, slots=True)
class Normalized:
    """Tokens (words and sentence punctuation) plus whether the speaker asked with '?'."""

    tokens: tuple[str, ...]
    question_mark: bool
    # Character offset in the original text of the raw token each token came from.
    starts: tuple[int, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t for t in self.tokens if t not in BOUNDARY)

    def joined(self) -> str:
        return " ".join(self.words)


def _expand(token: str) -> tuple[str, ...]:
    rewrite = _REWRITES.get(token)
    if rewrite is not None:
        return rewrite
    for suffix, full in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return (token[: -len(suffix)], full)
    if token.endswith("'s"):
        return (token[:-2],)  # possessive: "company's" -> "company"
    return (token,)


def normalize(text: str) -> Normalized:
    """Lower-case, expand contractions, fix common ASR slips, drop fillers and stutters."""
    # Translation is one character for one, so match offsets index the original text.
    matches = list(_TOKEN.finditer(text.translate(_APOSTROPHES)))
    raw = [m.group().lower() for m in matches]
    out: list[str] = []
    starts: list[int] = []
    for i, token in enumerate(raw):
        if token in FILLERS:
            continue
        if token == "y" and i + 1 < len(raw) and raw[i + 1] in _Y_AS_WHY_BEFORE:
            token = "why"
        for part in _expand(token):
            if out and part == out[-1] and part not in BOUNDARY:
                continue  # stutter: "the the"
            if part in BOUNDARY and (not out or out[-1] in BOUNDARY):
                if part == "?" and out:
                    out[-1] = "?"
                continue
            out.append(part)
            starts.append(matches[i].start())
    return Normalized(tokens=tuple(out), question_mark="?" in out, starts=tuple(starts))
