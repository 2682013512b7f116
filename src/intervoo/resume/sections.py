"""Splitting resume text into lines and named sections. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Heading text (as _heading_text writes it: lower case, "&" read as "and") -> canonical section.
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "professional summary", "profile", "about", "about me", "objective",
                "career objective", "professional profile", "overview", "career summary"),
    "work": ("experience", "work experience", "professional experience", "employment",
             "employment history", "work history", "career history", "relevant experience",
             "career", "professional background", "positions", "experience highlights"),
    "education": ("education", "education and training", "academic background",
                  "academic history", "qualifications"),
    "skills": ("skills", "technical skills", "core skills", "key skills", "competencies",
               "core competencies", "technologies", "tools", "skills and tools",
               "tech stack", "expertise", "areas of expertise", "top skills", "computer skills",
               "strengths", "technical expertise", "skills and expertise"),
    "contact": ("contact", "contact information", "contact details", "contact info"),
    "projects": ("projects", "personal projects", "side projects", "selected projects",
                 "open source", "key projects"),
}  # fmt: skip
# Headings we recognise but do not parse into the structure (reported as doubts).
OTHER_SECTIONS = (
    "certifications", "certificates", "awards", "honors", "honours", "publications",
    "languages", "interests", "hobbies", "volunteering", "volunteer experience",
    "references", "courses", "patents", "talks", "speaking", "memberships", "activities",
    "achievements", "awards and honors", "licenses", "additional information",
    "honors and awards", "honours and awards", "most proud of", "referees",
    "awards and achievements", "scholarships",
    "community", "community service", "extracurricular", "extracurricular activities",
    "leadership", "leadership and activities", "clubs", "clubs and societies", "organizations",
    "volunteer", "volunteer work", "research", "research experience", "coursework",
    "relevant coursework", "links", "honors-awards", "summary of skills",
    "certifications and licenses", "licenses and certifications", "training", "affiliations",
)  # fmt: skip
_HEADING_LOOKUP = {name: key for key, names in SECTION_NAMES.items() for name in names}
_HEADING_LOOKUP.update({name: name for name in OTHER_SECTIONS})

BULLET_RE = re.compile(r"^\s*(?:[•●▪◦‣∙·○■□➢►▸\-–—*+]|\d{1,2}[.)])\s+")
_MARKUP_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


@dataclass
class Section:
    name: str  # canonical key ("work", "education"...), "header" or an unparsed heading
    title: str
    lines: list[str] = field(default_factory=list)


_FENCE_RE = re.compile(r"^\s{0,3}(?:```|~~~)[\w+-]*\s?$")
_INLINE_RULE_RE = re.compile(r"\s?[-=_~]{3,}\s?")  # "Staff SE ---- Boston MA": a separator
MAX_LINE_CHARS = 2_000  # longer lines are cut at a space into lines of at most this
_WIDE_SPACE_RE = re.compile(r"[ \t]{2,}|\t")


def squeeze_space(text: str) -> str:
    """A tab or a run of 2+ spaces becomes one tab (a field separator), so every pattern
    that follows meets at most one whitespace character in a row and runs in linear time."""
    return _WIDE_SPACE_RE.sub("\t", text)


def _capped(lines: list[str]) -> list[str]:
    """Lines over MAX_LINE_CHARS cut at the last space before the limit (or at the limit)."""
    out: list[str] = []
    for line in lines:
        while len(line) > MAX_LINE_CHARS:
            cut = line.rfind(" ", 0, MAX_LINE_CHARS)
            cut = cut if cut > MAX_LINE_CHARS // 2 else MAX_LINE_CHARS
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        out.append(line)
    return out


def clean_lines(text: str) -> list[str]:
    """Lines with Markdown markup and rules stripped, tabs kept (they separate fields)."""
    lines = []
    raw_lines = _capped(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for raw in raw_lines:
        line = squeeze_space(normalize_dashes(raw.replace("\u00a0", " ").rstrip()))
        line = _LINK_RE.sub(r"\1 \2", line)
        line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
        line = _MARKUP_RE.sub("", line).rstrip()
        if re.fullmatch(r"\s?(?:[-=_*~]\s?){3,}", line) or _FENCE_RE.match(line):
            continue  # horizontal rules, Markdown code fences (```text) around the resume
        line = _INLINE_RULE_RE.sub("\t", line).strip("\t")
        lines.append(line)
    return lines


_SOFT_HYPHEN_DASH_RE = re.compile(r"(?<=\S)\s+\u00ad\s+(?=\S)")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2012": "–"})


def normalize_dashes(line: str) -> str:
    """Soft hyphens as a PDF shows them (Awesome-CV's fonts draw every "-" as U+00AD):
    between spaces a dash ("2021 \u00ad 2023"), inside a word a hyphen ("Co\u00adFounder"),
    at a word's end a line break inside the word (dropped). Unicode hyphens become "-"."""
    line = _SOFT_HYPHEN_DASH_RE.sub(" – ", line)
    line = re.sub(r"\u00ad(?=\w)", "-", line)
    return line.replace("\u00ad ", "").replace("\u00ad", "").translate(_DASHES)


def heading_key(line: str) -> str | None:
    """The section a line names ("WORK EXPERIENCE:" -> "work"), or None for ordinary lines."""
    text = line.strip()
    if not text or len(text) > 40 or BULLET_RE.match(text):
        return None
    return _HEADING_LOOKUP.get(_heading_text(text))


def _heading_text(text: str) -> str:
    """ "Skills & Tools:" -> "skills and tools"."""
    text = re.sub(r"[:|]+$", "", text).strip().lower()
    return " ".join(text.replace("&", " and ").split())


def split_sections(lines: list[str], headings: frozenset[str] = frozenset()) -> list[Section]:
    """The text before the first heading is the "header" section (name, contact).

    `headings`: lines the layout shows as headings (set in a known heading's style);
    one that names no section we parse starts a section that is not imported.
    """
    sections = [Section("header", "")]
    for line in lines:
        head, tab, rest = line.partition("\t")
        if tab and heading_key(line) is None and heading_key(head) is not None:
            # "Honors & Awards<tab>International Awards": a heading with the first
            # subheading set on its baseline.
            sections.append(Section(heading_key(head) or "", head.strip().rstrip(":")))
            sections[-1].lines.append(rest)
            continue
        key = heading_key(line)
        if key is None and line.strip() in headings:
            key = _heading_text(line.strip())
        if key is not None:
            sections.append(Section(key, line.strip().rstrip(":")))
        else:
            sections[-1].lines.append(line)
    return sections


def is_bullet(line: str) -> bool:
    return bool(BULLET_RE.match(line))


def strip_bullet(line: str) -> str:
    return BULLET_RE.sub("", line, count=1).strip()
