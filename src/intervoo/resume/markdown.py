"""The structured resume as Markdown (for `intervoo resume export --format markdown`). Pure."""

from __future__ import annotations

from intervoo.resume.schema import Resume, WorkEntry


def _span(start: str | None, end: str | None, current: bool) -> str:
    if not start:
        return ""
    return f"{start} – {'present' if current or not end else end}"


def _work(entry: WorkEntry) -> list[str]:
    title = " — ".join(p for p in (entry.position, entry.name) if p) or "Role"
    lines = [f"### {title}"]
    meta = " · ".join(
        p for p in (entry.location, _span(entry.startDate, entry.endDate, entry.current)) if p
    )
    if meta:
        lines.append(f"*{meta}*")
    lines.append("")
    if entry.summary:
        lines += [entry.summary, ""]
    lines += [f"- {h}" for h in entry.highlights]
    return lines + ([""] if entry.highlights else [])


def to_markdown(resume: Resume) -> str:
    basics = resume.basics
    lines = [f"# {basics.name or 'Resume'}", ""]
    contact = [basics.label, basics.email, basics.phone, basics.url]
    if basics.location and basics.location.city:
        contact.insert(1, ", ".join(p for p in (basics.location.city, basics.location.region) if p))
    contact += [p.url for p in basics.profiles]
    if any(contact):
        lines += [" · ".join(c for c in contact if c), ""]
    if basics.summary:
        lines += ["## Summary", "", basics.summary, ""]
    if resume.work:
        lines += ["## Experience", ""]
        for entry in resume.work:
            lines += _work(entry)
    if resume.education:
        lines += ["## Education", ""]
        for edu in resume.education:
            degree = " ".join(p for p in (edu.studyType, edu.area) if p)
            head = " — ".join(p for p in (edu.institution, degree) if p)
            when = _span(edu.startDate, edu.endDate, False) or edu.endDate
            lines.append(f"- {head} ({when})" if when else f"- {head}")
        lines.append("")
    if resume.skills:
        lines += ["## Skills", ""]
        for skill in resume.skills:
            keywords = f": {', '.join(skill.keywords)}" if skill.keywords else ""
            lines.append(f"- {skill.name}{keywords}")
        lines.append("")
    if resume.projects:
        lines += ["## Projects", ""]
        for project in resume.projects:
            lines.append(f"### {project.name or 'Project'}")
            if project.description:
                lines.append(project.description)
            lines += [f"- {h}" for h in project.highlights] + [""]
    return "\n".join(lines).rstrip() + "\n"
