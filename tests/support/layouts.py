"""PDFs in the layouts people really upload, drawn with reportlab from invented content.

Each builder reproduces a public template's layout (positions, font-size levels,
separators) as its source draws it, so the parser is tested on that layout without
shipping anyone's real resume:
- `linkedin_export`: LinkedIn's "Save to PDF" profile (sidebar at x=30, main column at
  x=224; employer 12 pt, title 11.5 pt, dates/place 10.5 pt; "Page N of M" footer).
- `awesome_cv`: Awesome-CV (posquit0/Awesome-CV, LPPL): employer + place, then title +
  dates, right-aligned; U+00AD drawn for every "-"; a running footer on each page;
  "Honors & Awards" set in the heading style with dated award rows.
"""

from __future__ import annotations

import io

import reportlab
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def _vera() -> tuple[str, str]:
    """reportlab's bundled Vera TTF: unlike the base-14 fonts it draws U+00AD, as
    Awesome-CV's fonts do."""
    from pathlib import Path

    fonts = Path(reportlab.__file__).parent / "fonts"
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(fonts / "VeraBd.ttf")))
    return "Vera", "VeraBd"


LINKEDIN_ROLES = [
    # employer, total duration or None, [(title, dates, place)]
    ("Northwind Traders", "6 years 2 months", [
        ("Director of Data Platform", "January 2021 - Present (4 years 5 months)",
         "Lisbon, Lisbon, Portugal"),
        ("Senior Data Engineer, Platform Group Lead",
         "March 2019 - January 2021 (1 year 11 months)", "Porto, Portugal"),
    ]),
    ("Contoso Analytics", None, [
        ("Data Engineer", "May 2016 - February 2019 (2 years 10 months)", "Greater Boston Area"),
    ]),
    ("Fabrikam Research Institute", None, [
        ("Graduate Research Assistant", "2013 - 2016 (3 years)",
         "Boston, Massachusetts, United States"),
    ]),
    # A title long enough to wrap onto a second line, no place, "(less than a year)".
    ("Tailspin Toys", None, [
        ("Summer Intern, Developer Tooling and Build|Infrastructure Group",
         "June 2012 - August 2012 (less than a year)", None),
    ]),
]  # fmt: skip
LINKEDIN_EXPECTED = [
    ("Northwind Traders", "Director of Data Platform", "2021-01"),
    ("Northwind Traders", "Senior Data Engineer, Platform Group Lead", "2019-03"),
    ("Contoso Analytics", "Data Engineer", "2016-05"),
    ("Fabrikam Research Institute", "Graduate Research Assistant", "2013"),
    ("Tailspin Toys", "Summer Intern, Developer Tooling and Build Infrastructure Group", "2012-06"),
]


def linkedin_export() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER)
    width, height = LETTER
    pages = 2

    def footer(number: int) -> None:
        pdf.setFont("Helvetica", 9)
        pdf.drawCentredString(width / 2 + 80, 20, f"Page {number} of {pages}")

    side = [("Contact", 13), ("casey.morgan@example.com", 10.5), ("Top Skills", 13),
            ("Apache Spark", 10.5), ("Data Modeling", 10.5), ("SQL", 10.5), ("Languages", 13),
            ("Portuguese", 10.5), ("English", 10.5)]  # fmt: skip
    y = height - 60
    for text, size in side:
        pdf.setFont("Helvetica", size)
        pdf.drawString(30, y, text)
        y -= 22 if size > 12 else 15
    x = 224
    y = height - 60
    for text, size in [("Casey Morgan", 26), ("Director of Data Platform at Northwind", 12),
                       ("Lisbon, Portugal", 12), ("Summary", 15.8)]:  # fmt: skip
        pdf.setFont("Helvetica", size)
        pdf.drawString(x, y, text)
        y -= 30 if size > 15 else 16
    pdf.setFont("Helvetica", 12)
    pdf.drawString(x, y, "Builds data platforms that teams trust.")
    y -= 36
    pdf.setFont("Helvetica", 15.8)
    pdf.drawString(x, y, "Experience")
    y -= 30
    page = 1
    for employer, total, roles in LINKEDIN_ROLES:
        if y < 200:
            footer(page)
            pdf.showPage()
            page += 1
            y = height - 50
        pdf.setFont("Helvetica", 12)
        pdf.drawString(x, y, employer)
        y -= 16
        if total:
            pdf.setFont("Helvetica", 10.5)
            pdf.drawString(x, y, total)
            y -= 20
        for title, dates, place in roles:
            pdf.setFont("Helvetica", 11.5)
            for part in title.split("|"):  # "|": where the export wraps the title
                pdf.drawString(x, y, part)
                y -= 15
            pdf.setFont("Helvetica", 10.5)
            for text in (dates, place, "Ran the team's pipelines and its on-call rota."):
                if text:
                    pdf.drawString(x, y, text)
                    y -= 15
            y -= 18
    pdf.setFont("Helvetica", 15.8)
    pdf.drawString(x, y, "Education")
    y -= 28
    pdf.setFont("Helvetica", 12)
    pdf.drawString(x, y, "Fabrikam University")
    pdf.setFont("Helvetica", 10.5)
    pdf.drawString(x, y - 15, "Master of Science - MS, Computer Science · (2013 - 2016)")
    footer(page)
    pdf.save()
    return buffer.getvalue()


AWESOME_EXPECTED = [
    ("Tailspin Toys Inc.", "Site Reliability Engineer", "2021-03", "2023-01"),
    ("Wide World Importers", "Co-Founder & Software Engineer", "2016-12", "2018-01"),
]


def awesome_cv() -> bytes:
    """Two pages; each role: employer (bold 10) + place right, title + dates right."""
    regular, bold = _vera()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    left, right = 50, width - 50
    shy = "\u00ad"

    def footer(number: int) -> None:
        pdf.setFont(regular, 8)
        pdf.drawString(left, 30, "March 3, 2026")
        pdf.drawCentredString(width / 2, 30, "Robin Vale · Résumé")
        pdf.drawRightString(right, 30, str(number))

    def heading(y: float, text: str) -> float:
        pdf.setFont(bold, 16)
        pdf.drawString(left, y, text)
        return y - 24

    y = height - 70
    pdf.setFont(bold, 32)
    pdf.drawString(left, y, "Robin Vale")
    y -= 30
    pdf.setFont(regular, 9)
    pdf.drawString(left, y, "robin.vale@example.com | +1 555 010 0199")
    y = heading(y - 30, "Work Experience")
    for employer, title, start, end in (
        ("Tailspin Toys Inc.", "Site Reliability Engineer", "Mar. 2021", "Jan. 2023"),
        ("Wide World Importers", f"Co{shy}Founder & Software Engineer", "Dec. 2016", "Jan. 2018"),
    ):
        pdf.setFont(bold, 10)
        pdf.drawString(left, y, employer)
        pdf.setFont(regular, 9)
        pdf.drawRightString(right, y, "Seoul, S.Korea")
        y -= 13
        pdf.drawString(left, y, title)
        pdf.drawRightString(right, y, f"{start} {shy} {end}")
        y -= 13
        pdf.drawString(left + 10, y, "• Moved every service to a new cluster without downtime.")
        y -= 26
    footer(1)
    pdf.showPage()
    y = heading(height - 70, "Honors & Awards")
    pdf.setFont(bold, 12)
    pdf.drawString(left, y, "Community")
    y -= 18
    pdf.setFont(regular, 9)
    for year, award, place in (
        ("2021", "2nd Place , Cloud GameDay", "Seoul, S.Korea"),
        ("2019", "Finalist , Hacking Championship", "Las Vegas, U.S.A"),
    ):
        pdf.drawString(left, y, year)
        pdf.drawString(left + 60, y, award)
        pdf.drawRightString(right, y, place)
        y -= 14
    y = heading(y - 20, "Education")
    pdf.setFont(bold, 10)
    pdf.drawString(left, y, "Fabrikam University")
    pdf.setFont(regular, 9)
    pdf.drawRightString(right, y, f"Mar. 2010 {shy} Feb. 2014")
    footer(2)
    pdf.save()
    return buffer.getvalue()


def google_docs_resume() -> bytes:
    """Google Docs' resume templates (Serif, Swiss, Spearmint): "Company, City — Title" as
    Heading 2, the dates in capitals as Heading 3, honors as plain paragraphs."""
    import docx

    document = docx.Document()
    document.add_heading("Hannah Brooks", 0)
    document.add_paragraph("123 Example Street, Portland, OR · (555) 010-3344 · hannah@example.com")
    document.add_heading("EXPERIENCE", 1)
    for head, dates, text in (
        ("Cascade Outdoor Co., Portland — Marketing Manager", "MARCH 2020 - PRESENT",
         "Grew email revenue 40% in a year."),
        ("Willamette Press, Salem — Content Strategist", "JUNE 2016 - FEBRUARY 2020",
         "Ran the editorial calendar for four magazines."),
    ):  # fmt: skip
        document.add_heading(head, 2)
        document.add_heading(dates, 3)
        document.add_paragraph(text)
    document.add_heading("EDUCATION", 1)
    document.add_heading("Oregon State University, Corvallis — B.A. Journalism", 2)
    document.add_heading("SEPTEMBER 2012 - JUNE 2016", 3)
    document.add_heading("AWARDS", 1)
    document.add_paragraph("Dean's List, 2014")
    document.add_paragraph("Eagle Scout, 2011")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def word_sidebar_resume() -> bytes:
    """Word's two-column templates: one table row, the sidebar (contact, skills, honors) in
    the left cell, "Title | Company" roles with their dates in the right."""
    import docx

    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "Ravi Menon"
    for text in ("ravi@example.com", "(555) 010-8877", "SKILLS", "Excel", "SQL", "Tableau",
                 "HONORS", "Dean's List 2012"):  # fmt: skip
        left.add_paragraph(text)
    right.text = "EXPERIENCE"
    for text in ("Financial Analyst | Beacon Credit Union", "2019 – Present",
                 "Built the monthly forecast model.", "Junior Analyst | Harbor Insurance Group",
                 "2016 – 2019", "Reconciled 300 accounts a month.", "EDUCATION",
                 "B.S. Finance | Lakeview College", "2012 – 2016"):  # fmt: skip
        right.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
