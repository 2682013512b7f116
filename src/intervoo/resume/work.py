"""Finding the roles in an experience section. Pure functions.

A role is anchored on a header line that holds a date range. Its employer and
position come from that line and the short header lines right around it; the
lines after it, up to the next role's header, are its highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intervoo.resume.dates import DateRange, find_date_range, find_single_date
from intervoo.resume.schema import WorkEntry
from intervoo.resume.sections import is_bullet, squeeze_space, strip_bullet
from intervoo.resume.vocab import company_score, looks_like_place, title_score

# Run on squeeze_space()d text: whitespace comes one character at a time, so `\s?` is
# all a separator needs, and the patterns cannot backtrack over a long run of spaces.
# A dash with a space on one side only still separates ("LLC -Amazon Driver —Alpharetta").
_STRONG_SPLIT_RE = re.compile(
    r"\s?\t\s?|\s[|·•]\s|\s[–—]\s?|[–—]\s|\s-\s?(?=[A-Z])|\s-\s|\s@\s|\sat\s|\s?\|\s?"
)
_TRAILING_ABBREVIATIONS = ("inc.", "co.", "ltd.", "corp.", "s.a.", "jr.", "sr.", "b.v.")
_STRONG_SPLIT_NO_AT_RE = re.compile(
    r"\s?\t\s?|\s[|·•]\s|\s[–—]\s?|[–—]\s|\s-\s?(?=[A-Z])|\s-\s|\s@\s|\s?\|\s?"
)
MAX_HEADER_WORDS = 12
_CITY_RE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?$")
_FIELD_PUNCTUATION = " \t()[],;·|-–—:*"


@dataclass
class Role:
    """A role being assembled: the header pieces found so far, its dates and body lines."""

    dates: DateRange | None
    pieces: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    first_line: int = 0
    last_header_line: int = 0


def is_header_like(line: str) -> bool:
    """A short line that could name an employer, a title or a place (not a sentence)."""
    if is_bullet(line) and "\t" in line:
        line = strip_bullet(line)  # "• Google<tab>Mountain View, CA": a bulleted role header
    text = line.strip()
    if not text or is_bullet(line) or line[:1].isspace() and not text[:1].isupper():
        return False
    if len(text.split()) > MAX_HEADER_WORDS or len(text) > 90 or text[:1].islower():
        return False
    return not (text.endswith(".") and not text.lower().endswith(_TRAILING_ABBREVIATIONS))


def _anchor_dates(line: str) -> DateRange | None:
    """The dates that make a line a role header, or None for ordinary lines."""
    if is_bullet(line) and "\t" not in line or len(line.split()) > MAX_HEADER_WORDS + 6:
        return None
    found = find_date_range(line)
    if found is None and is_header_like(line) and len(line.split()) <= 8:
        found = find_single_date(line)
    if found is None:
        return None
    rest = (line[: found.span[0]] + " " + line[found.span[1] :]).strip(_FIELD_PUNCTUATION)
    return found if not rest or is_header_like(rest) else None


def split_pieces(text: str, *, split_at: bool = True) -> list[str]:
    """Header text -> its fields ("Data Engineer | HomeAway | Austin, TX").

    `split_at=False` keeps " at " inside a piece ("University of Texas at Austin").
    """
    text = squeeze_space(strip_bullet(text) if is_bullet(text) else text)
    text = re.sub(r"\(\s?\)|\[\s?\]", " ", text)
    pattern = _STRONG_SPLIT_RE if split_at else _STRONG_SPLIT_NO_AT_RE
    pieces = []
    for part in pattern.split(text):
        part = _strip_unpaired(part.strip(" ,;:[]·|-–—*"))
        if part:
            pieces.append(part)
    return pieces


def _strip_unpaired(text: str) -> str:
    """Strip edge parentheses, keeping the ")" that closes "(KarrotPay)"."""
    while text[:1] in "()" and text:
        if text[0] == "(" and ")" in text and text.count("(") <= text.count(")"):
            break
        text = text[1:].strip()
    while text[-1:] in "()" and text:
        if text[-1] == ")" and text.count("(") >= text.count(")"):
            break
        text = text[:-1].strip()
    return text.strip(" ,;:[]·|-–—*")


def assign_fields(pieces: list[str]) -> tuple[str | None, str | None, str | None]:
    """(employer, position, location) from header pieces, by how much each reads like a title."""
    if len(pieces) == 1:
        # "Engineer, Acme, Austin, TX" on its own: commas separate its fields. Pieces that
        # tabs or bars already separated only lose a place ("Stripe, San Francisco, CA")
        # and keep their other commas ("R.O.K Cyber Command, MND").
        pieces = comma_parts(pieces[0])
    else:
        pieces = [part for piece in pieces for part in _place_split(piece)]
    places = [p for p in pieces if looks_like_place(p)]
    rest = [p for p in pieces if p not in places]
    if not rest:
        return None, None, places[0] if places else None
    location = places[0] if places else None
    best = max(rest, key=lambda p: (title_score(p) - company_score(p), -rest.index(p)))
    if title_score(best) <= 0:
        if len(rest) == 1:
            return rest[0], None, location  # a lone non-title is the employer
        companies = [p for p in rest if company_score(p) > 0]
        if companies and len(companies) < len(rest):
            employer = companies[0]
            return employer, next(p for p in rest if p not in companies), location
        best = rest[1]  # nothing tells them apart: the common "Employer / Title" order
    others = [p for p in rest if p is not best]
    return (others[0] if others else None), best, location


def comma_parts(text: str) -> list[str]:
    """Split on commas, keeping "City, ST" and "Acme, Inc." whole."""
    if looks_like_place(text):
        return [text]
    parts = [p.strip() for p in text.split(",") if p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and part.lower().rstrip(".") in ("inc", "llc", "ltd", "co", "corp", "gmbh"):
            merged[-1] = f"{merged[-1]}, {part}"
        elif merged and looks_like_place(f"{merged[-1]}, {part}"):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _place_split(piece: str) -> list[str]:
    """A piece's commas split off a place, or a title ("GLOBEX, Principal SE"); other
    commas belong to the name ("R.O.K Cyber Command, MND")."""
    parts = comma_parts(piece)
    places = [p for p in parts if looks_like_place(p)]
    rest = [p for p in parts if p not in places]
    if len(rest) > 1 and any(title_score(p) > 0 for p in rest):
        return rest + places
    if len(rest) == 2 and _CITY_RE.match(rest[1]) and not title_score(rest[1]):
        # Google Docs' "Company, City — Title": a bare city after the employer.
        if not company_score(rest[1]):
            return [rest[0], rest[1], *places]
    return ([", ".join(rest)] if rest else []) + places


def find_roles(lines: list[str]) -> list[Role]:
    """Every role in an experience section, with its header pieces and body lines."""
    return _with_undated_roles(lines, _dated_roles(lines))


def _dated_roles(lines: list[str]) -> list[Role]:
    """Roles anchored on a line with dates; their headers sit around that line."""
    anchors = [(i, d) for i, line in enumerate(lines) if (d := _anchor_dates(line))]
    if not anchors:
        return []
    dates_first = not _header_lines_before(lines, anchors[0][0], floor=0)
    roles: list[Role] = []
    floor = 0
    for number, (index, dates) in enumerate(anchors):
        ceiling = anchors[number + 1][0] if number + 1 < len(anchors) else len(lines)
        role = Role(dates=dates, first_line=index, last_header_line=index)
        line = lines[index]
        role.pieces = split_pieces(line[: dates.span[0]] + "  " + line[dates.span[1] :])
        if not dates_first:
            before = _header_lines_before(lines, index, floor)
            role.first_line = index - len(before)
            role.pieces = [p for text in before for p in split_pieces(text)] + role.pieces
        if dates_first or not _has_both(role.pieces):
            after = _header_lines_after(lines, index, ceiling)
            role.pieces += [p for text in after for p in split_pieces(text)]
            role.last_header_line = index + len(after)
        roles.append(role)
        floor = role.last_header_line + 1
    for number, role in enumerate(roles):
        end = roles[number + 1].first_line if number + 1 < len(roles) else len(lines)
        role.body = lines[role.last_header_line + 1 : end]
    return roles


def _with_undated_roles(lines: list[str], roles: list[Role]) -> list[Role]:
    """Add roles written without dates (a one-line header above bullets), in reading order.

    They are looked for before the first dated role and inside each role's body.
    """
    lead_end = roles[0].first_line if roles else len(lines)
    result = _undated_roles(lines, 0, lead_end)
    for role in roles:
        start = role.last_header_line + 1
        undated = _undated_roles(lines, start, start + len(role.body))
        if undated:
            role.body = lines[start : undated[0].first_line]
        result += [role, *undated]
    return result


def _undated_roles(lines: list[str], start: int, end: int) -> list[Role]:
    found = [
        Role(dates=None, pieces=split_pieces(lines[i]), first_line=i, last_header_line=i)
        for i in range(start, end - 1)
        if is_bullet(lines[i + 1]) and _is_undated_header(lines, i, start)
    ]
    for number, role in enumerate(found):
        stop = found[number + 1].first_line if number + 1 < len(found) else end
        role.body = lines[role.last_header_line + 1 : stop]
    return found


def _is_undated_header(lines: list[str], index: int, start: int) -> bool:
    """ "Acme — Engineer" right above bullets, after a blank line or the previous bullets."""
    line = lines[index]
    previous = lines[index - 1] if index > start else ""
    if not is_header_like(line) or (previous.strip() and not is_bullet(previous)):
        return False
    employer, position, _ = assign_fields(split_pieces(line))
    return employer is not None and position is not None and title_score(position) > 0


def _has_both(pieces: list[str]) -> bool:
    employer, position, _ = assign_fields(pieces)
    return employer is not None and position is not None


def _header_lines_before(lines: list[str], index: int, floor: int, limit: int = 2) -> list[str]:
    found: list[str] = []
    cursor = index - 1
    while cursor >= floor and len(found) < limit and is_header_like(lines[cursor]):
        found.insert(0, lines[cursor])
        cursor -= 1
    return found


def _header_lines_after(lines: list[str], index: int, ceiling: int, limit: int = 2) -> list[str]:
    found: list[str] = []
    cursor = index + 1
    while cursor < ceiling and len(found) < limit and is_header_like(lines[cursor]):
        found.append(lines[cursor])
        cursor += 1
    return found


def body_highlights(body: list[str]) -> list[str]:
    """Body lines -> highlights: bullets stripped, wrapped lines joined to what they continue."""
    highlights: list[str] = []
    for line in body:
        text = line.strip()
        if not text:
            continue
        continues = (
            highlights
            and not is_bullet(line)
            and (
                text[:1].islower()
                or line[:1].isspace()
                or not highlights[-1].endswith((".", "!", "?"))
            )
        )
        if continues and not is_header_like(line):
            highlights[-1] = f"{highlights[-1]} {text}"
        else:
            highlights.append(strip_bullet(line) if is_bullet(line) else text)
    return highlights


def roles_to_entries(roles: list[Role]) -> list[WorkEntry]:
    """Roles -> work entries; a title with no employer is another role at the previous employer."""
    entries: list[WorkEntry] = []
    for role in roles:
        employer, position, location = assign_fields(role.pieces)
        if employer is None and position and entries:
            employer = entries[-1].name
            location = location or entries[-1].location
        dates = role.dates
        entries.append(
            WorkEntry(
                name=employer,
                position=position,
                location=location,
                startDate=dates.start if dates else None,
                endDate=dates.end if dates else None,
                current=bool(dates and dates.current),
                highlights=body_highlights(role.body),
            )
        )
    return entries
