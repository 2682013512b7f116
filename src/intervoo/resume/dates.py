"""Finding and normalizing resume dates ("Jan 2019", "03/2017", "2019-07", "Summer 2014").

Pure functions. A normalized date is "YYYY-MM" when the month is known, else "YYYY".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
SEASONS = ("spring", "summer", "fall", "autumn", "winter")

_MONTH_NAME = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
# One date, most specific forms first. Named groups say which form matched.
_DATE = (
    rf"(?:(?P<mname>{_MONTH_NAME})\s*,?\s*(?P<myear>{_YEAR}|'\d\d)"
    rf"|(?P<season>{'|'.join(SEASONS)})\s+(?P<syear>{_YEAR})"
    rf"|(?P<iyear>{_YEAR})[-/.](?P<imonth>0?[1-9]|1[0-2])(?![\d/.-])"
    rf"|(?P<nmonth>0?[1-9]|1[0-2])[/.](?P<nyear>{_YEAR})"
    rf"|(?P<year>{_YEAR}))"
)
_PRESENT = r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date|date)"
_SEPARATOR = r"\s*(?:-|–|—|‒|―|~|→|to|until|till|through)\s*"
_END_DATE = _DATE.replace("?P<", "?P<e")  # same forms, group names prefixed with "e"
_RANGE_RE = re.compile(
    rf"(?<![\w/.-])(?P<start>{_DATE}){_SEPARATOR}(?P<end>{_END_DATE}|{_PRESENT})\b",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(rf"\b(?:since|from)\s+(?P<start>{_DATE})\b", re.IGNORECASE)
# "2024-", "Mar 2021 –": an open range, its end left blank (read as ongoing).
_OPEN_RE = re.compile(rf"(?<![\w/.-])(?P<start>{_DATE})\s?[-–—](?=\s|$)", re.IGNORECASE)
_SINGLE_RE = re.compile(rf"(?<![\w/.-])(?P<start>{_DATE})(?![\w/-])", re.IGNORECASE)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)
# LinkedIn-style durations ("· 2 yrs 3 mos") carry no date and are dropped with the range.
_DURATION_RE = re.compile(
    r"[(·•]?\s{0,3}\d{1,3}\s{0,3}(?:yrs?|years?|mos?|months?)(?:\s{1,3}\d{1,3}\s{0,3}(?:mos?|months?))?"
    r"\s{0,3}\)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateRange:
    """A start/end pair found in a line, and where it sat in that line."""

    start: str | None
    end: str | None
    current: bool
    span: tuple[int, int]


def normalize_date(text: str) -> str | None:
    """ "Jan. 2019" -> "2019-01", "2019-7-15" -> "2019-07", "2019" -> "2019"; None if not a date."""
    text = text.strip()
    iso = re.fullmatch(rf"({_YEAR})-(\d\d?)(?:-\d\d?)?", text)
    if iso and 1 <= int(iso.group(2)) <= 12:
        return f"{iso.group(1)}-{int(iso.group(2)):02d}"
    match = _DATE_RE.fullmatch(text)
    return _from_match(match) if match else None


def _year(text: str) -> str:
    if text.startswith("'"):
        two = int(text[1:])
        return str(2000 + two if two < 50 else 1900 + two)
    return text


def _from_match(match: re.Match[str], prefix: str = "") -> str:
    """Turn the named groups of one _DATE match into "YYYY-MM" or "YYYY"."""

    def group(name: str) -> str | None:
        return match.group(prefix + name)

    if mname := group("mname"):
        month = MONTHS[mname.rstrip(".").lower()]
        return f"{_year(group('myear') or '')}-{month:02d}"
    if syear := group("syear"):
        return syear
    if iyear := group("iyear"):
        return f"{iyear}-{int(group('imonth') or 0):02d}"
    if nyear := group("nyear"):
        return f"{nyear}-{int(group('nmonth') or 0):02d}"
    return group("year") or ""


def find_date_range(line: str) -> DateRange | None:
    """The first date range in a line ("Mar 2021 – Present", "2016-2019", "since 2019")."""
    if match := _RANGE_RE.search(line):
        end = _from_match(match, "e") or None  # None: the end is "present"
        span = _with_duration(line, match.span())
        return DateRange(_from_match(match), end, end is None, span)
    if match := _SINCE_RE.search(line):
        return DateRange(_from_match(match), None, True, match.span())
    if match := _OPEN_RE.search(line):
        return DateRange(_from_match(match), None, True, match.span())
    return None


def find_single_date(line: str) -> DateRange | None:
    """A lone date ("Summer 2014", "2012") as a range with no end."""
    if match := _SINGLE_RE.search(line):
        return DateRange(_from_match(match), None, False, match.span())
    return None


def dates_in(text: str) -> set[str]:
    """Every date the text states, normalized ("2019-03", and "2019" for each year)."""
    found: set[str] = set()
    for match in _DATE_RE.finditer(text):
        date = _from_match(match)
        if date:
            found.update({date, date[:4]})
    return found


def _with_duration(line: str, span: tuple[int, int]) -> tuple[int, int]:
    """Extend a range's span over a trailing "(2 yrs 3 mos)" so it is removed with it."""
    rest = line[span[1] :]
    if match := _DURATION_RE.match(rest.lstrip(" ,")):
        offset = len(rest) - len(rest.lstrip(" ,"))
        return span[0], span[1] + offset + match.end()
    return span
