"""Find the technologies, tools and methods a text names, from a vocabulary of known skills.

The text is split into word tokens that keep the punctuation skills are spelled with
("C++", "C#", ".NET", "Node.js", "CI/CD"), then scanned once, longest phrase first, so
"Google Cloud Platform" is one skill and "Spring Boot" is not "Spring". Skill names that
are also ordinary English ("Go", "Swift", "Excel", "R") only match when capitalized the
way the technology is, and not where the word is plainly English: a sentence opening
("Go beyond…"), a hyphenated word ("C-level") or a label ("Series C").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9.+#/&-]*")
_TRAILING = ".-/&"
_SENTENCE_END = "\n.!?"
_BULLET_OR_SPACE = " \t•*·-–—"
_LIST_WORDS = frozenset({"and", "or", "&"})
# Words that make a following capital letter a label, not a language: "Series C", "Plan B".
_LETTER_LABELS = frozenset(
    {"series", "plan", "type", "grade", "class", "level", "tier", "option", "part",
     "section", "vitamin", "round", "phase", "appendix", "exhibit", "category"}
)  # fmt: skip


class VocabularyError(ValueError):
    """The skills vocabulary is malformed."""


@dataclass(frozen=True)
class Token:
    text: str
    key: str
    start: int
    end: int
    fragment: bool = False  # a piece of a hyphenated word ("C" in "C-level")


def _raw_tokens(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group().rstrip(_TRAILING)
        if raw:
            start = match.start()
            tokens.append(Token(raw, raw.lower(), start, start + len(raw)))
    return tokens


def _split(token: Token, separator: str, *, fragment: bool) -> list[Token]:
    parts, offset = [], token.start
    for piece in token.text.split(separator):
        text = piece.strip(_TRAILING)
        if text:
            start = offset + piece.index(text)
            parts.append(Token(text, text.lower(), start, start + len(text), fragment))
        offset += len(piece) + 1
    return parts


def tokenize(text: str, known_words: frozenset[str] = frozenset()) -> list[Token]:
    """Word tokens; "Python/Django" and "data-driven" are split unless a skill is spelled so."""
    tokens: list[Token] = []
    for token in _raw_tokens(text):
        if token.key in known_words or not any(sep in token.text for sep in "/-"):
            tokens.append(token)
            continue
        for part in _split(token, "/", fragment=False):
            if part.key in known_words or "-" not in part.text:
                tokens.append(part)
            else:
                tokens.extend(_split(part, "-", fragment=True))
    return tokens


@dataclass(frozen=True)
class SkillVocabulary:
    """Lower-case phrases and exactly-cased words, each mapped to one canonical skill name."""

    phrases: dict[tuple[str, ...], str]
    cased: dict[str, str]
    words: frozenset[str]
    longest: int

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> SkillVocabulary:
        phrases: dict[tuple[str, ...], str] = {}
        cased: dict[str, str] = {}
        for entry in entries:
            pieces = [p.strip() for p in entry.split("|")]
            if not all(pieces):
                raise VocabularyError(f"skill entry {entry!r} has an empty part")
            name = pieces[0].removeprefix("=")
            for piece in pieces:
                _add_alias(piece, name, phrases, cased)
        words = frozenset(word for phrase in phrases for word in phrase)
        return cls(phrases, cased, words, max(map(len, phrases), default=1))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.phrases.values()) | frozenset(self.cased.values())

    def find(self, text: str) -> list[str]:
        """Every skill the text names, once each, in order of first mention."""
        tokens = tokenize(text, self.words)
        found: dict[str, None] = {}
        index = 0
        while index < len(tokens):
            name, length = self._match_at(tokens, index, text)
            if name:
                found.setdefault(name)
            index += length
        return list(found)

    def _match_at(self, tokens: list[Token], index: int, text: str) -> tuple[str | None, int]:
        for length in range(min(self.longest, len(tokens) - index), 0, -1):
            phrase = tuple(t.key for t in tokens[index : index + length])
            if phrase in self.phrases:
                return self.phrases[phrase], length
        name = self.cased.get(tokens[index].text)
        if name and _reads_as_technology(tokens, index, text):
            return name, 1
        return None, 1


def _add_alias(
    piece: str, name: str, phrases: dict[tuple[str, ...], str], cased: dict[str, str]
) -> None:
    if piece.startswith("="):
        word = piece[1:]
        if len(_raw_tokens(word)) != 1 or _raw_tokens(word)[0].text != word:
            raise VocabularyError(f"cased alias {piece!r} must be one plain word")
        if cased.setdefault(word, name) != name:
            raise VocabularyError(f"{word!r} is claimed by {cased[word]!r} and {name!r}")
        return
    phrase = tuple(t.key for t in _raw_tokens(piece))
    if phrases.setdefault(phrase, name) != name:
        raise VocabularyError(f"{piece!r} is claimed by {phrases[phrase]!r} and {name!r}")


def _reads_as_technology(tokens: list[Token], index: int, text: str) -> bool:
    """Whether a word spelled like a technology ("Go", "Excel", "C") is used as one here."""
    token = tokens[index]
    if token.fragment:
        return False
    if len(token.text) == 1 and index > 0 and tokens[index - 1].key in _LETTER_LABELS:
        return False
    if _opens_sentence(text, token.start):
        return _list_follows(text, token.end)
    return True


def _opens_sentence(text: str, start: int) -> bool:
    position = start - 1
    while position >= 0 and text[position] in _BULLET_OR_SPACE:
        position -= 1
    return position < 0 or text[position] in _SENTENCE_END


def _list_follows(text: str, end: int) -> bool:
    rest = text[end:].lstrip(" \t")
    if not rest or rest[0] in "\n,;/)":
        return True
    next_word = rest.split(maxsplit=1)[0].lower()
    return next_word in _LIST_WORDS


def load_vocabulary(text: str) -> SkillVocabulary:
    """Parse `data/skills.json` (or a file like it)."""
    try:
        data = json.loads(text)
        groups = data["skills"]
        entries = [entry for group in groups.values() for entry in group]
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise VocabularyError(f"invalid skills vocabulary: {exc}") from exc
    if not all(isinstance(entry, str) for entry in entries):
        raise VocabularyError("invalid skills vocabulary: every entry must be a string")
    return SkillVocabulary.from_entries(entries)


@cache
def bundled_vocabulary() -> SkillVocabulary:
    path = resources.files("intervoo.companies").joinpath("data/skills.json")
    return load_vocabulary(path.read_text("utf-8"))


def find_skills(text: str) -> list[str]:
    """The skills a text names, with the bundled vocabulary."""
    return bundled_vocabulary().find(text)
