"""LinkedIn's "Save to PDF" profile export: roles read from its font levels. Pure.

The export is two columns (contact, top skills, languages... on the left; name,
summary, experience, education on the right). Inside "Experience" every level has
its own font size: the employer largest (12 pt), each title next (11.5 pt), then
dates, place and description smaller (10.5 pt). Several roles at one employer
share its line, which a total duration ("21 years 3 months") follows. The dates
read "May 2023 - September 2023 (5 months)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intervoo.resume.dates import find_date_range
from intervoo.resume.pdf_layout import TextLine
from intervoo.resume.schema import WorkEntry
from intervoo.resume.vocab import looks_like_place

_DURATION = r"(?:less than a year|\d+\s+years?(?:\s+\d+\s+months?)?|\d+\s+months?)"
_DURATION_ONLY_RE = re.compile(rf"^{_DURATION}$", re.IGNORECASE)
_DATED_RE = re.compile(rf"\(\s*{_DURATION}\s*\)\s*$", re.IGNORECASE)
_SECTION_RE = re.compile(r"^experience$", re.IGNORECASE)


@dataclass
class _Role:
    employer: str
    title: str
    line: TextLine
    details: list[str] = field(default_factory=list)


def is_linkedin_export(lines: list[TextLine]) -> bool:
    """The sidebar's "Contact" heading first, and an "Experience" heading with LinkedIn's
    "(N years M months)" date lines under it (other resumes write durations too)."""
    opening = [ln.text.strip() for ln in lines[:8]]
    if "Contact" not in opening:
        return False
    section = _experience(lines)
    return sum(1 for ln in section if _DATED_RE.search(ln.text)) >= 1


def linkedin_work(lines: list[TextLine]) -> list[WorkEntry]:
    """The export's roles, in order; empty when the lines are not a LinkedIn export."""
    section = _experience(lines)
    sizes = sorted({ln.size for ln in section if ln.text.strip()}, reverse=True)
    if len(sizes) < 3:
        return []
    employer_size, title_size = sizes[0], sizes[1]
    roles: list[_Role] = []
    employer: list[str] = []
    title: list[str] = []
    previous_size = 0.0
    for line in section:
        text = line.text.strip()
        if not text:
            continue
        if line.size == employer_size:
            employer = employer + [text] if previous_size == employer_size else [text]
            title = []
        elif line.size == title_size:
            title = title + [text] if previous_size == title_size else [text]
        elif title and _DATED_RE.search(text) and find_date_range(text):
            roles.append(_Role(" ".join(employer), " ".join(title), line))
            title = []
        elif roles and not _DURATION_ONLY_RE.match(text):
            roles[-1].details.append(text)
        previous_size = line.size
    return [_entry(role) for role in roles]


def _entry(role: _Role) -> WorkEntry:
    dates = find_date_range(role.line.text)
    details = list(role.details)
    location = details.pop(0) if details and _is_place(details[0]) else None
    return WorkEntry(
        name=role.employer or None,
        position=role.title or None,
        location=location,
        startDate=dates.start if dates else None,
        endDate=dates.end if dates else None,
        current=bool(dates and dates.current),
        highlights=[" ".join(details)] if details else [],
    )


def _is_place(text: str) -> bool:
    """LinkedIn places: "Stanford, California, United States", "San Francisco Bay Area"."""
    if looks_like_place(text) or text.lower().endswith((" area", "remote")):
        return True
    parts = [p.strip() for p in text.split(",")]
    return 2 <= len(parts) <= 3 and looks_like_place(parts[-1]) and len(text) < 70


def _experience(lines: list[TextLine]) -> list[TextLine]:
    """The lines under the "Experience" heading, up to the next heading of its size."""
    start = next((i for i, ln in enumerate(lines) if _SECTION_RE.match(ln.text.strip())), None)
    if start is None:
        return []
    heading_size = lines[start].size
    end = next(
        (i for i in range(start + 1, len(lines))
         if lines[i].size >= heading_size and lines[i].text.strip()),
        len(lines),
    )  # fmt: skip
    return lines[start + 1 : end]
