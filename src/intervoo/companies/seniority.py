"""The seniority a job is pitched at: from its title first, then the years it asks for.

A title is the clearest signal ("Staff Engineer", "Junior Developer"); a job description
without one usually says how many years it wants ("6+ years of experience"). Where it
says both, the title wins: a "Senior" role asking for "3+ years" is still senior. Pure.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"
    PRINCIPAL = "principal"
    MANAGER = "manager"
    DIRECTOR = "director"
    EXECUTIVE = "executive"


# Checked in order: the first title pattern that matches decides.
_TITLE_RULES: tuple[tuple[Seniority, str], ...] = (
    (Seniority.EXECUTIVE, r"chief|c[tefoi]o|ciso|vp|svp|evp|vice president"),
    (Seniority.DIRECTOR, r"director|head of"),
    (Seniority.INTERN, r"intern|internship|co-?op|apprentice|werkstudent|trainee"),
    (Seniority.PRINCIPAL, r"principal|distinguished"),
    (Seniority.STAFF, r"staff"),
    # Product, program, project, account and success managers lead work, not people.
    (
        Seniority.MANAGER,
        r"(?<!product )(?<!program )(?<!project )(?<!account )(?<!success )manager",
    ),
    (Seniority.SENIOR, r"senior|sr|lead"),
    (Seniority.JUNIOR, r"junior|jr|entry[- ]level|graduate|new grad|early career"),
    (Seniority.MID, r"mid[- ]?level|intermediate"),
)
# Numbered ladders: "Software Engineer II".
_ROMAN = re.compile(
    r"\b(?:engineer|developer|analyst|scientist|designer|specialist|consultant)\s+(iv|i{1,3})\b",
    re.IGNORECASE,
)
_ROMAN_LEVELS = {
    "i": Seniority.JUNIOR,
    "ii": Seniority.MID,
    "iii": Seniority.SENIOR,
    "iv": Seniority.STAFF,
}
_TITLE_PATTERNS = tuple(
    (level, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for level, pattern in _TITLE_RULES
)
# Phrases in the body that state the level outright.
_BODY_RULES: tuple[tuple[Seniority, re.Pattern[str]], ...] = (
    (
        Seniority.JUNIOR,
        re.compile(r"\b(entry[- ]level|new grad|recent graduates?|early[- ]career)\b", re.I),
    ),
    (Seniority.SENIOR, re.compile(r"\bsenior[- ]level\b", re.I)),
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUMBER = r"\d{1,2}|" + "|".join(_NUMBER_WORDS)
_YEARS = re.compile(
    rf"(?<![\d.])(?P<min>{_NUMBER})\s*(?P<plus>\+|plus)?\s*(?:(?:-|–|to)\s*(?:{_NUMBER})\s*\+?\s*)?"
    r"(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_REQUIREMENT_CUES = re.compile(r"\b(at least|minimum|min\.)\s*$", re.IGNORECASE)
_NOT_EXPERIENCE = frozenset({"ago", "old"})
# Years asked for → level, as most tech career ladders read them.
_YEARS_LADDER: tuple[tuple[int, Seniority], ...] = (
    (12, Seniority.PRINCIPAL),
    (8, Seniority.STAFF),
    (5, Seniority.SENIOR),
    (2, Seniority.MID),
    (0, Seniority.JUNIOR),
)


def seniority_from_title(title: str) -> Seniority | None:
    for level, pattern in _TITLE_PATTERNS:
        if pattern.search(title):
            return level
    roman = _ROMAN.search(title)
    return _ROMAN_LEVELS[roman.group(1).lower()] if roman else None


def required_years(text: str) -> int | None:
    """The most years of experience the text asks for ("6+ years…, 2 in payments" → 6)."""
    asked = [_asked_years(match, text) for match in _YEARS.finditer(text)]
    return max((years for years in asked if years is not None), default=None)


def _asked_years(match: re.Match[str], text: str) -> int | None:
    """The minimum a match asks for, if it reads as a requirement (not "for over 10 years")."""
    sentence_end = min(
        (i for i in (text.find(".", match.end()), text.find("\n", match.end())) if i >= 0),
        default=len(text),
    )
    rest = text[match.end() : sentence_end].lower()
    if rest.split()[:1] and rest.split()[0] in _NOT_EXPERIENCE:
        return None
    before = text[max(0, match.start() - 20) : match.start()]
    is_requirement = bool(match.group("plus")) or "experience" in rest
    if not is_requirement and not _REQUIREMENT_CUES.search(before):
        return None
    raw = match.group("min").lower()
    return _NUMBER_WORDS[raw] if raw in _NUMBER_WORDS else int(raw)


def seniority_from_years(years: int) -> Seniority:
    return next(level for floor, level in _YEARS_LADDER if years >= floor)


def infer_seniority(text: str, title: str | None = None) -> Seniority | None:
    """Title (given, or the description's first line), then years asked, then stated level."""
    for candidate in (title, _first_line(text)):
        level = seniority_from_title(candidate) if candidate else None
        if level is not None:
            return level
    years = required_years(text)
    if years is not None:
        return seniority_from_years(years)
    for level, pattern in _BODY_RULES:
        if pattern.search(text):
            return level
    return None


def _first_line(text: str) -> str | None:
    """A pasted job description usually opens with its title: a short first line."""
    for line in text.splitlines():
        if line.strip():
            return line.strip() if len(line.strip()) <= 100 else None
    return None
