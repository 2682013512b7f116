"""Resume text (from any format) -> the structured resume and the parser's doubts. Pure."""

from __future__ import annotations

from intervoo.resume.basics import parse_basics
from intervoo.resume.errors import ResumeParseError
from intervoo.resume.other_sections import parse_education, parse_projects, parse_skills
from intervoo.resume.schema import Doubt, Resume, WorkEntry
from intervoo.resume.sections import Section, clean_lines, split_sections
from intervoo.resume.vocab import company_score, title_score
from intervoo.resume.work import body_highlights, find_roles, roles_to_entries

MAX_ROLES = 200  # a long career lists 30; more is a generated file, refused whole
PARSED_SECTIONS = ("header", "contact", "summary", "work", "education", "skills", "projects")


def parse_text(
    text: str, headings: frozenset[str] = frozenset(), layout_work: list[WorkEntry] | None = None
) -> tuple[Resume, list[Doubt]]:
    """Parse resume text; every guess the parser is unsure of becomes a Doubt.

    `headings`: lines the document's layout sets as section headings (see split_sections);
    `layout_work`: roles a known layout already gave (they replace the text's guesses).
    """
    sections = split_sections(clean_lines(text), headings)
    header = sections[0].lines
    contact = [ln for s in sections if s.name == "contact" for ln in s.lines]
    top = [ln for ln in header if ln.strip()][:6] + [ln for ln in contact if ln.strip()][:6]
    resume = Resume(basics=parse_basics(top, text))
    doubts: list[Doubt] = []
    for section in sections[1:]:
        _fill(resume, section, doubts)
    if not any(s.name == "work" for s in sections):
        # No experience heading: dated roles may still sit under the header.
        resume.work = roles_to_entries(find_roles(header))
    _check_roles(len(resume.work))
    if layout_work is not None:
        resume.work = layout_work
        doubts = [d for d in doubts if not d.path.startswith("work")]
    summary_lines = [ln for s in sections if s.name == "summary" for ln in s.lines]
    if summary_lines:
        resume.basics.summary = " ".join(body_highlights(summary_lines)) or None
    doubts = _basics_doubts(resume) + _work_doubts(resume.work) + doubts
    return resume, doubts


def _check_roles(count: int) -> None:
    if count > MAX_ROLES:
        raise ResumeParseError(
            f"This resume lists more than {MAX_ROLES} roles; Intervoo imports at most "
            f"{MAX_ROLES}. Remove the oldest ones and upload it again."
        )


def _fill(resume: Resume, section: Section, doubts: list[Doubt]) -> None:
    lines = section.lines
    if section.name == "work":
        before = len(resume.work)
        roles = find_roles(lines)
        _check_roles(before + len(roles))
        resume.work.extend(roles_to_entries(roles))
        if len(resume.work) == before and any(ln.strip() for ln in lines):
            doubts.append(
                Doubt(path="work", message=f'No dated roles found under "{section.title}".')
            )
    elif section.name == "education":
        resume.education.extend(parse_education(lines))
    elif section.name == "skills":
        resume.skills.extend(parse_skills(lines))
    elif section.name == "projects":
        resume.projects.extend(parse_projects(lines))
    elif section.name not in PARSED_SECTIONS and any(ln.strip() for ln in lines):
        doubts.append(
            Doubt(path="", message=f'Section "{section.title}" was not imported; add it by hand.')
        )


def _told_apart(employer: str, position: str) -> bool:
    """Whether anything but their order said which is the employer and which the title."""
    return title_score(position) > 0 or company_score(employer) > 0 or title_score(employer) < 0


def _basics_doubts(resume: Resume) -> list[Doubt]:
    doubts = []
    if not resume.basics.name:
        doubts.append(Doubt(path="basics.name", message="No name found at the top."))
    if not resume.basics.email:
        doubts.append(Doubt(path="basics.email", message="No email address found."))
    if not resume.work:
        doubts.append(Doubt(path="work", message="No work experience found."))
    return doubts


def _work_doubts(work: list[WorkEntry]) -> list[Doubt]:
    doubts = []
    for index, entry in enumerate(work):
        path = f"work[{index}]"
        label = entry.position or entry.name or f"role {index + 1}"
        if not entry.name:
            doubts.append(Doubt(path=f"{path}.name", message=f'No employer for "{label}".'))
        if not entry.position:
            doubts.append(Doubt(path=f"{path}.position", message=f'No job title for "{label}".'))
        if entry.name and entry.position and not _told_apart(entry.name, entry.position):
            message = (
                f'Check "{entry.name}" (read as the employer) and "{entry.position}" '
                "(read as the title): only their order told them apart."
            )
            doubts.append(Doubt(path=path, message=message))
        if not entry.startDate:
            doubts.append(Doubt(path=f"{path}.startDate", message=f'No dates for "{label}".'))
        elif entry.endDate and entry.endDate < entry.startDate:
            message = f'"{label}" ends before it starts.'
            doubts.append(Doubt(path=f"{path}.endDate", message=message))
    return doubts
