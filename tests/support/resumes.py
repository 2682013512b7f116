"""One sample resume and builders that render it as real documents (DOCX, PDF, Markdown, ...).

Any test may upload these: they are what a candidate's editor would produce.
`SAMPLE` is the content; `build(fmt)` gives (filename, bytes) for one format.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

from intervoo.resume.schema import Basics, Education, Location, Resume, Skill, WorkEntry

SAMPLE = Resume(
    basics=Basics(
        name="Jordan Rivera",
        label="Senior Backend Engineer",
        email="jordan.rivera@example.com",
        phone="+1 415 555 0134",
        location=Location(city="San Francisco", region="CA", countryCode="US"),
        summary="Backend engineer who likes boring, reliable systems and measurable results.",
    ),
    work=[
        WorkEntry(
            name="Stripe",
            position="Senior Backend Engineer",
            location="San Francisco, CA",
            startDate="2021-03",
            current=True,
            highlights=[
                "Cut p99 latency of the payouts API from 900 ms to 250 ms by redesigning its cache",
                "Led the migration of 40 services to a new job queue with zero downtime",
            ],
        ),
        WorkEntry(
            name="Dropbox",
            position="Software Engineer",
            location="San Francisco, CA",
            startDate="2018-06",
            endDate="2021-02",
            highlights=[
                "Built the sharing-permissions service used by 600 million users",
                "Mentored four new graduates through their first year",
            ],
        ),
        WorkEntry(
            name="Yelp",
            position="Junior Software Engineer",
            location="San Francisco, CA",
            startDate="2016-01",
            endDate="2018-05",
            highlights=["Reduced review-spam by 30% with a new ranking signal"],
        ),
    ],
    education=[
        Education(
            institution="University of California, Berkeley",
            studyType="B.S.",
            area="Computer Science",
            startDate="2012",
            endDate="2016",
        )
    ],
    skills=[
        Skill(name="Languages", keywords=["Python", "Go", "SQL"]),
        Skill(name="Infrastructure", keywords=["PostgreSQL", "Kafka", "Kubernetes"]),
    ],
)

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def human_date(date: str | None) -> str:
    """ "2021-03" -> "Mar 2021" (the way people write dates on a resume)."""
    if not date:
        return "Present"
    if len(date) == 4:
        return date
    return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"


def _span(entry: WorkEntry) -> str:
    return f"{human_date(entry.startDate)} – {human_date(entry.endDate)}"


def _contact(resume: Resume) -> str:
    b = resume.basics
    city = f"{b.location.city}, {b.location.region}" if b.location else ""
    return " | ".join(p for p in (b.email, b.phone, city) if p)


def _skill_lines(resume: Resume) -> list[str]:
    return [f"{s.name}: {', '.join(s.keywords)}" for s in resume.skills]


def _education_line(resume: Resume) -> list[str]:
    return [
        f"{e.studyType} {e.area}, {e.institution}, {e.startDate} – {e.endDate}"
        for e in resume.education
    ]


def to_text(resume: Resume = SAMPLE) -> str:
    lines = [resume.basics.name or "", resume.basics.label or "", _contact(resume), ""]
    lines += ["SUMMARY", resume.basics.summary or "", "", "EXPERIENCE", ""]
    for entry in resume.work:
        lines += [f"{entry.position} | {entry.name} | {entry.location} | {_span(entry)}"]
        lines += [f"• {h}" for h in entry.highlights] + [""]
    lines += ["EDUCATION", *_education_line(resume), "", "SKILLS", *_skill_lines(resume)]
    return "\n".join(lines) + "\n"


def to_markdown(resume: Resume = SAMPLE) -> str:
    lines = [f"# {resume.basics.name}", "", f"**{resume.basics.label}** · {_contact(resume)}", ""]
    lines += ["## Summary", "", resume.basics.summary or "", "", "## Experience", ""]
    for entry in resume.work:
        lines += [f"### {entry.name} — {entry.position}", f"*{_span(entry)}* · {entry.location}"]
        lines += [""] + [f"- {h}" for h in entry.highlights] + [""]
    lines += ["## Education", "", *[f"- {x}" for x in _education_line(resume)], ""]
    lines += ["## Skills", "", *[f"- {x}" for x in _skill_lines(resume)]]
    return "\n".join(lines) + "\n"


def to_json_resume(resume: Resume = SAMPLE) -> bytes:
    data = resume.model_dump(mode="json", exclude_none=True, exclude={"work": {"__all__": {"id"}}})
    for entry in data["work"]:
        entry.pop("current", None)
        entry["startDate"] = f"{entry['startDate']}-01"
    return json.dumps(data, indent=2).encode()


def to_docx(resume: Resume = SAMPLE) -> bytes:
    """A DOCX the way Word users write one: heading styles, bullet lists, a dates table cell."""
    import docx

    document = docx.Document()
    document.add_heading(resume.basics.name or "", level=0)
    document.add_paragraph(resume.basics.label or "")
    document.add_paragraph(_contact(resume))
    document.add_heading("Summary", level=1)
    document.add_paragraph(resume.basics.summary or "")
    document.add_heading("Professional Experience", level=1)
    for entry in resume.work:
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = f"{entry.name}, {entry.location}"
        table.rows[0].cells[1].text = _span(entry)
        document.add_paragraph(entry.position or "", style="Heading 3")
        for highlight in entry.highlights:
            document.add_paragraph(highlight, style="List Bullet")
    document.add_heading("Education", level=1)
    for line in _education_line(resume):
        document.add_paragraph(line)
    document.add_heading("Skills", level=1)
    for line in _skill_lines(resume):
        document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Pdf:
    """A minimal reportlab page writer: lines at (x, y), wrapped bullets, page breaks."""

    def __init__(self, **canvas_options: object) -> None:
        from reportlab.lib.pagesizes import LETTER
        from reportlab.pdfgen import canvas

        self.buffer = io.BytesIO()
        self.width, self.height = LETTER
        self.canvas = canvas.Canvas(self.buffer, pagesize=LETTER, **canvas_options)
        self.top = self.height - 54

    def text(self, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
        self.canvas.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        self.canvas.drawString(x, y, text)

    def right(self, x: float, y: float, text: str, size: float = 10) -> None:
        self.canvas.setFont("Helvetica", size)
        self.canvas.drawRightString(x, y, text)

    def wrapped(self, x: float, y: float, width: float, text: str, bullet: bool = True) -> float:
        """Draw a bullet wrapped to `width` with a hanging indent; return the next y."""
        from reportlab.lib.utils import simpleSplit

        indent = 10 if bullet else 0
        lines = simpleSplit(text, "Helvetica", 10, width - indent)
        if bullet:
            self.text(x, y, "•")
        for line in lines:
            self.text(x + indent, y, line)
            y -= 13
        return y

    def new_page(self) -> None:
        self.canvas.showPage()

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def to_pdf_one_column(resume: Resume = SAMPLE, repeat: int = 1, **options: object) -> bytes:
    """A classic one-column PDF: role and employer on the left, dates right-aligned.

    `repeat` lists the roles that many times (to make a longer, multi-page resume).
    """
    pdf = _Pdf(**options)
    left, right = 54.0, pdf.width - 54
    y = pdf.top
    pdf.text(left, y, resume.basics.name or "", size=18, bold=True)
    y -= 20
    pdf.text(left, y, resume.basics.label or "")
    pdf.right(right, y, _contact(resume))
    y -= 28
    pdf.text(left, y, "SUMMARY", size=12, bold=True)
    y -= 16
    y = pdf.wrapped(left, y, right - left, resume.basics.summary or "", bullet=False) - 8
    pdf.text(left, y, "EXPERIENCE", size=12, bold=True)
    y -= 18
    for entry in resume.work * repeat:
        if y < 140:
            pdf.new_page()
            y = pdf.top
        pdf.text(left, y, f"{entry.position}  —  {entry.name}", bold=True)
        pdf.right(right, y, _span(entry))
        y -= 14
        pdf.text(left, y, entry.location or "", size=9)
        y -= 14
        for highlight in entry.highlights:
            y = pdf.wrapped(left + 8, y, 330, highlight)
        y -= 10
    y = _pdf_tail(pdf, resume, left, y)
    return pdf.finish()


def _pdf_tail(pdf: _Pdf, resume: Resume, left: float, y: float) -> float:
    if y < 160:
        pdf.new_page()
        y = pdf.top
    for heading, lines in (
        ("EDUCATION", _education_line(resume)),
        ("SKILLS", _skill_lines(resume)),
    ):
        pdf.text(left, y, heading, size=12, bold=True)
        y -= 16
        for line in lines:
            pdf.text(left, y, line)
            y -= 14
        y -= 10
    return y


def to_pdf_two_columns(resume: Resume = SAMPLE) -> bytes:
    """A two-column PDF: a full-width name band, a sidebar (contact, education, skills) on
    the left and the experience on the right, so naive extraction would interleave them."""
    pdf = _Pdf()
    side, main, right = 40.0, 220.0, pdf.width - 40
    pdf.text(side, pdf.top, f"{resume.basics.name}  ·  {resume.basics.label}", size=18, bold=True)
    y = pdf.top - 40
    sidebar = ["CONTACT", resume.basics.email or "", resume.basics.phone or ""]
    if resume.basics.location:
        sidebar.append(f"{resume.basics.location.city}, {resume.basics.location.region}")
    sidebar += ["", "EDUCATION"]
    for edu in resume.education:
        sidebar += [
            edu.institution or "",
            f"{edu.studyType} {edu.area}",
            f"{edu.startDate} – {edu.endDate}",
        ]
    sidebar += ["", "SKILLS"] + [k for s in resume.skills for k in s.keywords]
    for line in sidebar:
        pdf.text(side, y, line, bold=line.isupper())
        y -= 14
    y = pdf.top - 40
    pdf.text(main, y, "EXPERIENCE", size=12, bold=True)
    y -= 20
    for entry in resume.work:
        pdf.text(main, y, entry.name or "", bold=True)
        pdf.right(right, y, entry.location or "", size=9)
        y -= 14
        pdf.text(main, y, entry.position or "")
        pdf.right(right, y, _span(entry), size=9)
        y -= 14
        for highlight in entry.highlights:
            y = pdf.wrapped(main, y, right - main, highlight)
        y -= 12
    return pdf.finish()


def encrypted_pdf(resume: Resume = SAMPLE) -> bytes:
    """The one-column PDF behind a user password, as "protect with password" makes it."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return to_pdf_one_column(resume, encrypt=StandardEncryption("s3cret", canPrint=0))


def image_only_pdf() -> bytes:
    """A scanned resume: the page is a picture, with no text layer."""
    from reportlab.lib.utils import ImageReader

    pdf = _Pdf()
    pixels = bytes([255, 0, 0] * 64 * 64)
    image = _png(64, 64, pixels)
    pdf.canvas.drawImage(ImageReader(io.BytesIO(image)), 54, 300, width=400, height=400)
    return pdf.finish()


def _png(width: int, height: int, rgb: bytes) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), rgb).save(buffer, format="PNG")
    return buffer.getvalue()


BUILDERS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx": ("resume.docx", to_docx),
    "pdf-one-column": ("resume.pdf", to_pdf_one_column),
    "pdf-two-columns": ("resume-2col.pdf", to_pdf_two_columns),
    "markdown": ("resume.md", lambda: to_markdown().encode()),
    "text": ("resume.txt", lambda: to_text().encode()),
    "jsonresume": ("resume.json", to_json_resume),
}


def build(fmt: str) -> tuple[str, bytes]:
    """(filename, bytes) of SAMPLE rendered as `fmt` (a key of BUILDERS)."""
    filename, builder = BUILDERS[fmt]
    return filename, builder()


def _plain(line: str) -> str:
    """A Markdown line as it would look typeset (no #, ** or * markers)."""
    line = re.sub(r"^#{1,6}\s+", "", line)
    return re.sub(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", line)


def text_to_docx(text: str) -> bytes:
    """Any resume text as a DOCX: one paragraph per line, bullets as Word bullet lists."""
    import docx

    document = docx.Document()
    for raw in text.splitlines():
        line = _plain(raw)
        bullet = re.match(r"^\s*[•*-]\s+", line)
        if bullet:
            document.add_paragraph(line[bullet.end() :], style="List Bullet")
        elif line.strip() not in ("---",):
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_to_pdf(text: str) -> bytes:
    """Any resume text as a one-column PDF; tab- or space-aligned fields stay apart."""
    pdf = _Pdf()
    y = pdf.top
    for raw in text.splitlines():
        line = _plain(raw)
        if y < 60:
            pdf.new_page()
            y = pdf.top
        if line.strip() == "---":
            continue
        x = 54.0 + (12 if line[:1].isspace() else 0)
        for piece in re.split(r"\t|\s{3,}", line.strip()):
            pdf.text(x, y, piece)
            x += pdf.canvas.stringWidth(piece, "Helvetica", 10) + 36
        y -= 14
    return pdf.finish()
