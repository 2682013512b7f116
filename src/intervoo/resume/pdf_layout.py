"""Reading order from word positions: lines, columns, running headers/footers. Pure.

pdfplumber gives each word's box and font size, which plain text extraction
throws away. With them we find a vertical gutter (sidebar or second column) and
read the columns one after the other, drop the lines every page repeats at its
top or bottom (footers like "February 10, 2026 · Name · 1", "Page 1 of 2"), and
mark wide gaps inside a line with a tab (they separate fields, e.g. a role and
its right-aligned dates). Each output line keeps its font size, which tells a
layout's levels apart (LinkedIn: employer 12 pt, title 11.5 pt, dates 10.5 pt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

Word = dict[str, Any]
BULLETS = frozenset("•●▪◦‣∙○■□➢►▸-–*")
_CID_RE = re.compile(r"^\(cid:\d+\)$")
_LINE_TOLERANCE = 2.5  # points: words whose tops differ less sit on one line
_MARGIN_SHARE = 0.09  # the top and bottom 9% of a page hold its running header/footer
_PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.IGNORECASE)


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    words: list[Word]

    @property
    def size(self) -> float:
        return max(float(w.get("size") or (w["bottom"] - w["top"])) for w in self.words)


@dataclass(frozen=True)
class TextLine:
    """One line of reading-order text; "" is a paragraph break. `size`: its font size."""

    text: str
    size: float = 0.0


def page_lines(words: list[Word], width: float) -> list[list[Line]]:
    """A page's lines in reading order, as blocks: above the columns, each column, below."""
    if not words:
        return []
    lines = group_lines(words)
    gutter = find_gutter(words, lines, width)
    if gutter is None:
        return [lines]
    spanning = [ln for ln in lines if crosses(ln, gutter)]
    rest = [w for ln in lines if not crosses(ln, gutter) for w in ln.words]
    left = group_lines([w for w in rest if w["x1"] <= gutter])
    right = group_lines([w for w in rest if w["x0"] >= gutter])
    first_column_top = min(ln.top for ln in left + right)
    above = [ln for ln in spanning if ln.top < first_column_top]
    below = [ln for ln in spanning if ln.top >= first_column_top]
    return [part for part in (above, left, right, below) if part]


def running_lines(pages: list[tuple[list[Word], float]]) -> set[tuple[int, str]]:
    """(rounded top, text with digits masked) of header/footer lines repeated on 2+ pages,
    and page numbers ("Page 1 of 2", "3") in any page's margins."""
    seen: dict[tuple[int, str], int] = {}
    numbers: set[tuple[int, str]] = set()
    for words, height in pages:
        for line in group_lines(words):
            if height * _MARGIN_SHARE < line.top < height * (1 - _MARGIN_SHARE):
                continue
            key = running_key(line)
            seen[key] = seen.get(key, 0) + 1
            if _PAGE_NUMBER_RE.match(line_text(line).replace("\t", " ").strip()):
                numbers.add(key)
    return {key for key, count in seen.items() if count >= 2} | numbers


def running_key(line: Line) -> tuple[int, str]:
    return round(line.top / 4), re.sub(r"\d+", "#", line_text(line))


def find_gutter(words: list[Word], lines: list[Line], width: float) -> float | None:
    """An x in the middle of the page that almost no line crosses, with text on both sides.

    One-column pages have long lines (bullets) crossing every x; right-aligned dates
    alone do not make a column, so each side must hold a fair share of the words.
    Of the least-crossed xs, the middle of the first run of them is the gutter.
    """
    scored: list[tuple[int, float]] = []
    for step in range(25, 76):
        x = width * step / 100
        left = sum(1 for w in words if w["x1"] <= x)
        right = sum(1 for w in words if w["x0"] >= x)
        left_lines = sum(1 for ln in lines if ln.x1 <= x)
        right_lines = sum(1 for ln in lines if ln.x0 >= x)
        # A sparse sidebar (contact, three skills) holds few words but several lines.
        enough = min(left, right) >= 0.05 * len(words) and min(left_lines, right_lines) >= 4
        if enough and not _field_column([ln for ln in lines if ln.x0 >= x]):
            scored.append((sum(1 for ln in lines if crosses(ln, x)), x))
    if not scored:
        return None
    fewest = min(crossing for crossing, _ in scored)
    if fewest > 0.1 * len(lines):
        return None
    run: list[float] = []
    for crossing, x in scored:
        if crossing == fewest:
            run.append(x)
        elif run:
            break
    return run[len(run) // 2]


def _field_column(lines: list[Line]) -> bool:
    """Right-aligned fields (dates, places) stacked at the right edge, not a text column:
    their lines end at one x but start wherever their length puts them."""
    if not lines:
        return False
    right = max(ln.x1 for ln in lines)
    left = min(ln.x0 for ln in lines)
    ends = sum(1 for ln in lines if right - ln.x1 < 3) / len(lines)
    starts = sum(1 for ln in lines if ln.x0 - left < 3) / len(lines)
    return ends >= 0.7 and starts < 0.5


def crosses(line: Line, x: float) -> bool:
    """A line crosses x when a word covers x or two consecutive words are close around it."""
    for word, following in zip(line.words, line.words[1:], strict=False):
        if word["x0"] <= x <= word["x1"]:
            return True
        if word["x1"] < x < following["x0"] and following["x0"] - word["x1"] < _gap(word):
            return True
    return bool(line.words[-1]["x0"] <= x <= line.words[-1]["x1"])


def _gap(word: Word) -> float:
    """The widest space that still separates two words of one phrase (about one em)."""
    return float(word["bottom"] - word["top"]) * 1.2


def group_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines, each read left to right, the lines top to bottom.

    A word joins a line its box overlaps vertically by half its height or more (or whose
    top is within _LINE_TOLERANCE): a bullet sign or a larger first letter drawn from
    another font sits a little higher or lower than its line's words but on that line.
    """
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        line = next((ln for ln in reversed(lines[-4:]) if _same_line(ln, word)), None)
        if line is None:
            lines.append(Line(word["top"], word["x0"], word["x1"], [word]))
        else:
            line.words.append(word)
            line.x0, line.x1 = min(line.x0, word["x0"]), max(line.x1, word["x1"])
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return sorted(lines, key=lambda ln: ln.top)


def _same_line(line: Line, word: Word) -> bool:
    last = line.words[-1]
    gap = word["x0"] - last["x1"]
    if abs(last["bottom"] - word["bottom"]) < 1.0 and gap < 6 * (word["bottom"] - word["top"]):
        return True  # one baseline, whatever the font sizes ("2021" beside "2nd Place")
    tops = (line.top, last["top"])
    beside = word["x0"] > line.x1 - 1 or word["x1"] < line.x0 + 1
    if beside and any(abs(top - word["top"]) < _LINE_TOLERANCE for top in tops):
        return True
    first = line.words[0]
    overlap = min(first["bottom"], word["bottom"]) - max(first["top"], word["top"])
    heights = (first["bottom"] - first["top"], word["bottom"] - word["top"])
    # Only beside the line's words, never among them (that is the next line, tightly set),
    # and near: a column's line never pulls in the other column's.
    distance = max(word["x0"] - line.x1, line.x0 - word["x1"])
    near = -1 < distance < 2 * max(heights)
    return bool(min(heights) > 0 and overlap >= 0.6 * min(heights) and near)


def render(lines: list[Line]) -> list[TextLine]:
    """Lines (top to bottom) as text; a wide gap becomes a tab, a tall gap a blank line.

    A line indented to the text of the bullet above it, under a bullet line that ran
    to the right edge, is that bullet wrapped: it is joined to it, so a wrapped bullet
    is never mistaken for the next role's header (nor a role's second header line,
    which follows a short line, for a wrapped bullet).
    """
    out: list[TextLine] = []
    previous: Line | None = None
    bullet_text_x: float | None = None
    # Where bullets wrap: the right edge of the widest bulleted line (or of any line).
    right_edge = max([ln.x1 for ln in lines if _bullet_text_x(ln) is not None] or [0.0])
    right_edge = right_edge or max(ln.x1 for ln in lines)
    for line in lines:
        height = float(line.words[0]["bottom"] - line.words[0]["top"])
        text = line_text(line)
        tall_gap = previous is not None and line.top - previous.top > height * 2.2
        wrapped = (
            bullet_text_x is not None and previous is not None and not tall_gap
            and abs(line.x0 - bullet_text_x) < 2 and "\t" not in out[-1].text
            and previous.x1 > right_edge - 6 * height
        )  # fmt: skip
        if wrapped:
            out[-1] = TextLine(f"{out[-1].text} {text}", out[-1].size)
            previous = line
            continue
        if tall_gap:
            out.append(TextLine(""))
        out.append(TextLine(text, round(line.size, 1)))
        bullet_text_x = _bullet_text_x(line)
        previous = line
    return out


def line_text(line: Line) -> str:
    text = word_text(line.words[0])
    for word, following in zip(line.words, line.words[1:], strict=False):
        wide = following["x0"] - word["x1"] > _gap(word)
        text += ("\t" if wide else " ") + word_text(following)
    return text


def word_text(word: Word) -> str:
    """A word's text; a glyph the font gives no Unicode for ("(cid:127)") is a bullet sign."""
    return _CID_RE.sub("•", str(word["text"]))


def _bullet_text_x(line: Line) -> float | None:
    """Where the text of a bulleted line starts, or None when the line has no bullet."""
    first = word_text(line.words[0])
    if first in BULLETS and len(line.words) > 1:
        return float(line.words[1]["x0"])
    return None


def heading_lines(lines: list[TextLine], is_heading: Any) -> frozenset[str]:
    """Lines set like the document's recognised headings: same font size, larger than the body.

    `is_heading(text)` says whether a text names a known section ("Work Experience").
    A short line at such a size ("Honors & Awards", "Community") is a heading too.
    """
    sizes = [ln.size for ln in lines if ln.text.strip()]
    if not sizes:
        return frozenset()
    body = max(set(sizes), key=sizes.count)
    styles = {ln.size for ln in lines if ln.size > body * 1.05 and is_heading(ln.text)}
    return frozenset(
        ln.text.strip() for ln in lines
        if ln.size in styles and "\t" not in ln.text and len(ln.text.split()) <= 5
        and not any(ch.isdigit() for ch in ln.text)
    )  # fmt: skip
