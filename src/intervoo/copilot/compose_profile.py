"""Composer for questions about the candidate as a whole: who I am, my best result, a setback.

Every line is the candidate's own material re-voiced; where the library lacks
what the question needs, one plain line says what to add.
"""

from __future__ import annotations

import re

from intervoo.copilot.answer import Answer, AnswerBuilder, highlight_source, work_label, work_source
from intervoo.copilot.compose_story import result_with_metrics, star_bullets, value_bullet
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.evidence import Highlight
from intervoo.copilot.material import Material
from intervoo.copilot.text import first_person, first_sentence, lower_first, strip_end
from intervoo.events import QuestionEvent
from intervoo.resume.schema import WorkEntry

_STRENGTH = re.compile(r"\b(strength|strengths|good at|best at|superpower)\b", re.I)
# A summary written about the candidate ("Richard hails from…") cannot be said as is.
_THIRD_PERSON = re.compile(r"\b(he|she|his|her|him|they|their)\b", re.I)


def compose_profile(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """Now, my strongest results, before, my best story, why this role next."""
    out = AnswerBuilder()
    current = ctx.current_work
    out.opener(_who_i_am(ctx, current))
    if current is not None:
        out.source(work_source(current))
    for highlight in m.highlights[:2]:
        _highlight_bullet(out, highlight)
    for earlier in [entry for entry in ctx.resume.work if entry is not current][:1]:
        _earlier_bullet(out, earlier, m.highlights)
    if m.story is not None and m.story.result:
        out.story(m.story)
        out.bullet(f"Proudest moment: {lower_first(first_person(first_sentence(m.story.result)))}")
    summary = first_sentence(ctx.resume.basics.summary or "")
    if out.bullet_count < 3 and summary and not _about_someone(summary, ctx):
        out.bullet(first_person(summary))
    _next_bullet(out, ctx)
    if m.missing:
        out.bullet(m.missing)
    return out.build()


def _who_i_am(ctx: CandidateContext, current: WorkEntry | None) -> str:
    label = ctx.resume.basics.label
    if current is None:
        return f"I'm {_article(label)}" if label else "Happy to — here's the short version"
    now = work_label(current.position, current.name)
    if label and label.lower() != (current.position or "").lower():
        return f"I'm {_article(label)} — right now I'm {_article_for_role(now)}"
    return f"Right now I'm {_article_for_role(now)}"


def _article_for_role(label: str) -> str:
    """'CEO/President at Pied Piper' -> 'CEO/President at Pied Piper'; 'Engineer at X' -> 'an…'."""
    first = label.split(" ", 1)[0]
    if first.isupper() or "/" in first:
        return label
    return _article(label)


def _article(label: str | None) -> str:
    if not label:
        return ""
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


def _about_someone(summary: str, ctx: CandidateContext) -> bool:
    name = (ctx.resume.basics.name or "").split()
    return bool(_THIRD_PERSON.search(summary)) or bool(name and name[0] in summary)


def _highlight_bullet(out: AnswerBuilder, highlight: Highlight) -> None:
    where = f"At {highlight.employer}, " if highlight.employer else ""
    line = lower_first(first_person(highlight.text)) if where else first_person(highlight.text)
    out.bullet(f"{where}{line}")
    out.source(highlight_source(highlight))


def _earlier_bullet(out: AnswerBuilder, entry: WorkEntry, said: tuple[Highlight, ...]) -> None:
    """The role before, with its first highlight not said yet."""
    told = {h.text for h in said}
    detail = next((h for h in entry.highlights if h not in told), "") or entry.summary or ""
    lead = f"Before that, I was {_article_for_role(work_label(entry.position, entry.name))}"
    if detail:
        lead += f": {lower_first(first_person(first_sentence(detail)))}"
    out.bullet(lead)
    out.source(work_source(entry))


def _next_bullet(out: AnswerBuilder, ctx: CandidateContext) -> None:
    role, company = ctx.role, ctx.company_name
    if role and company:
        out.bullet(f"That's why the {role} role at {company} is the step I want next")
    elif company:
        out.bullet(f"That's why {company} is where I want to go next")


def compose_proudest(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    story = m.story
    out = AnswerBuilder()
    if story is not None:
        out.story(story)
        employer = ctx.employer_of(story)
        if _STRENGTH.search(question.text) and story.competencies:
            strength = story.competencies[0].value
            out.opener(f"My biggest strength is {strength} — here's a real example")
        else:
            at = f" at {employer}" if employer and employer not in story.title else ""
            out.opener(f"The result I'm proudest of is {lower_first(story.title)}{at}")
        star_bullets(out, story)
        value_bullet(out, ctx, m, story)
        return out.build()
    if m.highlights:
        top = m.highlights[0]
        where = f" at {top.employer}" if top.employer else ""
        out.opener(f"The result I'm proudest of is from my time{where}")
        for highlight in m.highlights[:3]:
            _highlight_bullet(out, highlight)
        return out.build()
    out.opener("Let me pick one result and walk you through it")
    out.bullet(m.missing)
    return out.build()


def compose_setback(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """A real setback story, told honestly; never an invented flaw."""
    story = m.story
    out = AnswerBuilder()
    if story is None:
        out.opener("I'd rather give you a real example than a rehearsed one")
        out.bullet(m.missing)
        return out.build()
    out.story(story)
    what = strip_end(first_sentence(story.situation)) or lower_first(story.title)
    out.opener(f"One thing I learned the hard way: {lower_first(what)}")
    star_bullets(out, story, with_result=False)
    if story.result:
        out.bullet(f"What I learned: {lower_first(result_with_metrics(story, out.said))}")
    return out.build()


def compose_resume(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """A walk through the resume, or one role in depth when the question names the employer."""
    named = named_entry(question.text, ctx.resume.work)
    out = AnswerBuilder()
    if named is not None:
        out.opener(f"At {named.name} I was {named.position or 'on the team'}{_dates(named)}")
        for highlight in named.highlights[:4]:
            out.bullet(first_person(highlight))
        if not named.highlights and named.summary:
            out.bullet(first_person(first_sentence(named.summary)))
        out.source(work_source(named))
        for story in [s for s in ctx.stories if s.work_ref == named.id and s.result][:2]:
            out.story(story)
            out.bullet(f"{story.title}: {lower_first(first_person(first_sentence(story.result)))}")
        if out.bullet_count < 3:
            out.bullet("What I took from it: the skill I'd bring to this role")
        if out.bullet_count < 3:
            out.bullet("Why I moved on: keep it short, positive and forward-looking")
        return out.build()
    if not ctx.resume.work:
        return compose_profile(question, ctx, m)
    latest = ctx.resume.work[0]
    out.opener(f"Most recently I've been {work_label(latest.position, latest.name)}")
    for entry in ctx.resume.work[:3]:
        _role_bullet(out, entry, work_label(entry.position, entry.name) + _dates(entry))
    _next_bullet(out, ctx)
    return out.build()


def named_entry(question: str, work: list[WorkEntry]) -> WorkEntry | None:
    lowered = question.lower()
    for entry in work:
        if entry.name and re.search(rf"\b{re.escape(entry.name.lower())}\b", lowered):
            return entry
    return None


def _dates(entry: WorkEntry) -> str:
    if not entry.startDate:
        return ""
    end = "now" if entry.current or not entry.endDate else entry.endDate
    return f" ({entry.startDate}–{end})"


def _role_bullet(out: AnswerBuilder, entry: WorkEntry, lead: str) -> None:
    """`lead`, then the role's first highlight (or summary) in the first person."""
    detail = entry.highlights[0] if entry.highlights else (entry.summary or "")
    out.bullet(f"{lead} — {lower_first(first_person(first_sentence(detail)))}" if detail else lead)
    out.source(work_source(entry))
