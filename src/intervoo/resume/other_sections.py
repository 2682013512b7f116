"""Education, skills and projects sections. Pure functions."""

from __future__ import annotations

import re

from intervoo.resume.dates import find_date_range, find_single_date
from intervoo.resume.schema import Education, Project, Skill
from intervoo.resume.sections import is_bullet, strip_bullet
from intervoo.resume.vocab import looks_like_place
from intervoo.resume.work import body_highlights, comma_parts, is_header_like, split_pieces

_INSTITUTION_RE = re.compile(
    r"\b(?:university|universit[àäéy]|college|institute|school|academy|polytechnic|politecnico"
    r"|école|ecole|hochschule|iit|mit)\b",
    re.IGNORECASE,
)
_DEGREE_RE = re.compile(
    r"\b(?:b\.?\s?s\.?c?|b\.?a|b\.?eng|b\.?e|b\.?tech|m\.?s\.?c?|m\.?a|m\.?eng|m\.?tech|mba|ph\.?\s?d"
    r"|bachelor(?:'s)?|master(?:'s)?|doctorate|diplom[a]?|associate|a\.?a\.?s|hnd|bsc|msc)\b\.?",
    re.IGNORECASE,
)
_AREA_RE = re.compile(r"^(?:of\s+\w+\s+)?(?:in|of)\s+", re.IGNORECASE)


def parse_education(lines: list[str]) -> list[Education]:
    """One entry per institution; degree, area and dates from the lines around it."""
    entries: list[Education] = []
    for line in (ln for ln in lines if ln.strip()):
        text = strip_bullet(line)
        dates = find_date_range(text) or find_single_date(text)
        if dates:
            text = (text[: dates.span[0]] + "  " + text[dates.span[1] :]).strip()
        for piece in split_pieces(text, split_at=False):
            for part in _split_institution(piece):
                entries = _absorb(entries, part)
        if dates and entries:
            entry = entries[-1]
            if entry.startDate is None and entry.endDate is None:
                entry.startDate = dates.start if dates.end or dates.current else None
                entry.endDate = dates.end or (None if dates.current else dates.start)
    return entries


def _split_institution(piece: str) -> list[str]:
    """ "B.S. Computer Science, The University of Texas" -> the degree and the institution."""
    parts = [p for p in comma_parts(piece) if not looks_like_place(p)]
    if len(parts) < 2 or not any(_INSTITUTION_RE.search(p) for p in parts):
        return parts
    merged: list[str] = []
    for part in parts:
        # "University of California, Berkeley": a campus name continues the institution.
        joins = merged and _INSTITUTION_RE.search(merged[-1]) and not _DEGREE_RE.match(part)
        if joins and len(part.split()) <= 3 and not _INSTITUTION_RE.search(part):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _absorb(entries: list[Education], piece: str) -> list[Education]:
    if _INSTITUTION_RE.search(piece) and not _DEGREE_RE.match(piece):
        if entries and entries[-1].institution is None:
            entries[-1].institution = piece
        else:
            entries.append(Education(institution=piece))
    elif match := _DEGREE_RE.match(piece):
        if not entries or entries[-1].studyType is not None:
            entries.append(Education())
        entries[-1].studyType = match.group(0).strip()
        area = _AREA_RE.sub("", piece[match.end() :].strip(" ,.-"))
        entries[-1].area = area or entries[-1].area
    elif entries and entries[-1].area is None and not is_bullet(piece) and piece[:1].isupper():
        if len(piece.split()) <= 6:
            entries[-1].area = piece
    return entries


def parse_skills(lines: list[str]) -> list[Skill]:
    """ "Languages: Python, Go" -> a named group; a bare list -> one skill per item."""
    skills: list[Skill] = []
    for line in (strip_bullet(ln) for ln in lines if ln.strip()):
        label, sep, rest = line.partition(":")
        if sep and rest.strip() and len(label.split()) <= 4:
            skills.append(Skill(name=label.strip(), keywords=_items(rest)))
        else:
            skills.extend(Skill(name=item) for item in _items(line))
    return skills


def _items(text: str) -> list[str]:
    return [i.strip(" .") for i in re.split(r"[,;•·|]|\s{2,}|\t", text) if i.strip(" .")]


def parse_projects(lines: list[str]) -> list[Project]:
    """A non-bullet line starts a project ("Name — what it is"); bullets are its highlights."""
    projects: list[Project] = []
    body: list[str] = []
    for line in lines + [""]:
        if is_header_like(line) and not line[:1].isspace():
            if projects:
                projects[-1].highlights = body_highlights(body)
            projects.append(_project_header(line))
            body = []
        elif line.strip():
            body.append(line)
    if projects:
        projects[-1].highlights = body_highlights(body)
    return projects


def _project_header(line: str) -> Project:
    dates = find_date_range(line) or find_single_date(line)
    text = line if dates is None else line[: dates.span[0]] + "  " + line[dates.span[1] :]
    pieces = split_pieces(text)
    url = next((p for p in pieces if re.match(r"(https?://|www\.|github\.com)", p)), None)
    words = [p for p in pieces if p != url]
    return Project(
        name=words[0] if words else line.strip(),
        description=" — ".join(words[1:]) or None,
        url=url,
        startDate=dates.start if dates else None,
        endDate=dates.end if dates else None,
    )
