"""Composer for questions about the company and the role: motivation, closing, logistics."""

from __future__ import annotations

import re

from intervoo.copilot.answer import Answer, AnswerBuilder, highlight_source, value_source
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.material import Material
from intervoo.copilot.pairing import ValueEvidence
from intervoo.copilot.text import (
    first_person,
    first_sentence,
    has_number,
    lower_first,
)
from intervoo.events import QuestionEvent

_SALARY = re.compile(r"\b(salary|compensation|pay|expectations?|range|paid)\b", re.I)
_START = re.compile(r"\b(start|notice|available|availability|join)\b", re.I)
_WHERE = re.compile(r"\b(relocat\w*|remote|office|hybrid|visa|sponsor\w*|travel)\b", re.I)


def compose_motivation(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """The company's values, each with what the candidate really did that shows it."""
    out = AnswerBuilder()
    company, role = ctx.company_name, ctx.role
    out.opener(_motivation_opener(company, role, bool(m.pairs)))
    for pair in m.pairs:
        evidence = _evidence_line(pair, out)
        if evidence:
            out.bullet(f"{pair.value.name} — that's how I work: {lower_first(evidence)}")
            out.source(value_source(company, pair.value))
    skills = _shared_skills(ctx)
    if role and skills and ctx.target.skills:
        out.bullet(f"The {role} role needs {_and(skills[:3])}, which is what I work with today")
    elif skills:
        out.bullet(f"I'd bring hands-on {_and(skills[:3])}")
    _proof_bullet(out, m)
    if m.missing:
        out.bullet(m.missing)
    return out.build()


def _motivation_opener(company: str | None, role: str | None, has_values: bool) -> str:
    if company and has_values:
        tail = f", and the {role} role builds on what I've done" if role else ""
        return f"What draws me to {company} is that its values match how I already work{tail}"
    if company:
        role_part = f"the {role} role" if role else "the work"
        return f"What draws me to {company} is {role_part} — it builds directly on what I've done"
    if role:
        return f"The {role} role is the next step that builds directly on what I've done"
    return "I'm looking for work that builds directly on what I've done so far"


def _evidence_line(pair: ValueEvidence, out: AnswerBuilder) -> str:
    """The candidate's own sentence that shows the value: a story's result, or a highlight."""
    if pair.story is not None and (pair.story.action or pair.story.result):
        out.story(pair.story)  # what I did shows how I work; the result, what it gave
        return first_person(first_sentence(pair.story.action or pair.story.result))
    if pair.highlight is not None:
        out.source(highlight_source(pair.highlight))
        return first_person(pair.highlight.text)
    return ""


def _shared_skills(ctx: CandidateContext) -> list[str]:
    """Skills the role asks for that the resume shows; else the resume's own. The name of
    an entry with keywords is often a group ("Languages", "Tools"), so it counts only
    when the role asks for it by that name; otherwise its keywords are the skills."""
    named = {s.name.lower() for s in ctx.resume.skills if s.name.strip()}
    mine: dict[str, str] = {}
    for skill in ctx.resume.skills:
        items = skill.keywords or [skill.name]
        mine.update({item.lower(): item for item in items if item.strip()})
    asked = [s for s in ctx.target.skills if s.lower() in mine or s.lower() in named]
    return asked or list(mine.values())


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _proof_bullet(out: AnswerBuilder, m: Material) -> None:
    """One line with a real number: the best evidence a candidate can offer."""
    for highlight in m.highlights:
        if has_number(highlight.text) and first_person(highlight.text) not in out.said:
            out.bullet(f"What I'd bring: {lower_first(first_person(highlight.text))}")
            out.source(highlight_source(highlight))
            return


def compose_closing(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """Three questions worth asking this company back, from its values, themes and the role."""
    out = AnswerBuilder()
    out.opener("Yes, a few — I'd love to know")
    company = ctx.company_name or "the company"
    values = ctx.values
    if values:
        out.bullet(
            f"How does the team live {values[0].name} day to day — is there a recent example?"
        )
        out.source(value_source(ctx.company_name, values[0]))
    role = ctx.role
    out.bullet(
        f"What does great look like in the {role} role after the first few months?"
        if role
        else "What does great look like for this role after the first few months?"
    )
    themes = ctx.target.themes or (ctx.target.company.themes if ctx.target.company else [])
    if themes:
        out.bullet(f"What's the hardest open problem in {lower_first(themes[0])} at {company}?")
    else:
        out.bullet("What's the biggest challenge the team is working through right now?")
    if out.bullet_count < 3:
        out.bullet("How do you see this team's work changing over the next year?")
    return out.build()


def compose_logistics(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    out = AnswerBuilder()
    text = question.text
    role = f"the {ctx.role} role" if ctx.role else "this role"
    if _SALARY.search(text):
        out.opener(
            f"I'd like to understand the full scope of {role} first — could you share the range?"
        )
        out.bullet("Let them name the range first; it anchors the conversation")
        out.bullet("If pressed: a researched range for the level and location, not my current pay")
        out.bullet("Total compensation matters: base, bonus, equity, benefits")
    elif _START.search(text):
        current = ctx.current_work
        where = f" at {current.name}" if current and current.name else ""
        out.opener(f"I'd give proper notice{where}, and I can confirm an exact date quickly")
        out.bullet("Ask what start date the team is hoping for")
        out.bullet("Only commit to a date I can keep")
        out.bullet("Mention any planned time off now, not later")
    elif _WHERE.search(text):
        out.opener("I'm open to discussing it — how does the team work day to day?")
        out.bullet("Say plainly what works for me and what doesn't")
        out.bullet("Ask how the team collaborates across locations")
        out.bullet("If it's a hard constraint, say so now")
    else:
        out.opener("Happy to sort that out — let me make sure I give you an accurate answer")
        out.bullet("Answer the practical question directly and briefly")
        out.bullet("If I need to check something, say when I'll follow up")
        out.bullet("Bring it back to the role and what I'd do in it")
    return out.build()
