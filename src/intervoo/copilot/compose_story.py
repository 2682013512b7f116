"""Composer for questions answered from the candidate's own past: behavioral, personal, resume."""

from __future__ import annotations

import re

from intervoo.copilot.answer import (
    Answer,
    AnswerBuilder,
    highlight_source,
    value_source,
    work_label,
    work_source,
)
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.material import Material
from intervoo.copilot.text import (
    first_person,
    first_sentence,
    lower_first,
    sentences,
    strip_end,
)
from intervoo.events import QuestionEvent
from intervoo.resume.schema import WorkEntry
from intervoo.stories.model import Competency, Story

_WEAKNESS = re.compile(r"\b(weakness|weaknesses|improve on|failure|mistake)\b", re.I)
_STRENGTH = re.compile(r"\b(strength|strengths|good at|best at|superpower)\b", re.I)


def compose_behavioral(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    story = m.story
    if story is None:
        return _from_highlights(ctx, m) or _star_guide()
    out = AnswerBuilder()
    out.story(story)
    employer = ctx.employer_of(story)
    if m.follow_up is not None and story.id in m.follow_up.story_ids:
        out.opener(f"Building on the {story.title} example, here's more of what I did")
    else:
        out.opener(story_opener(story, employer))
    star_bullets(out, story)
    _value_bullet(out, ctx, m, story)
    if out.bullet_count < 3:
        out.bullet("Close on what I learned and would do again")
    if employer:
        entry = ctx.work_entry(story.work_ref)
        if entry is not None:
            out.source(work_source(entry))
    return out.build()


def story_opener(story: Story, employer: str | None) -> str:
    """Name the real situation in one breath; the employer only if the story doesn't already."""
    situation = strip_end(first_sentence(story.situation))
    where = f"At {employer}, " if employer and not _mentions(situation, employer) else ""
    if situation:
        clause = lower_first(situation) if where else situation
        return f"{where}{clause} — here's how I handled it"
    title = lower_first(story.title)
    at = f" at {employer}" if employer and not _mentions(title, employer) else ""
    return f"A good example is {title}{at}"


def _mentions(text: str, employer: str) -> bool:
    """Whether the text already names the employer (its first word is enough: "Northwind")."""
    first_word = employer.split()[0] if employer.split() else employer
    return bool(re.search(rf"\b{re.escape(first_word)}\b", text, re.I))


def star_bullets(out: AnswerBuilder, story: Story) -> None:
    """Situation, task, action, result: the candidate's words, re-voiced in the first person."""
    situation = sentences(story.situation)
    if len(situation) > 1:
        out.bullet(f"Context: {first_person(' '.join(situation[1:]))}")
    if story.task:
        out.bullet(f"My goal: {lower_first(first_person(first_sentence(story.task)))}")
    actions = sentences(story.action)
    for action in actions[: 2 if not story.task else 1]:
        out.bullet(first_person(action))
    if story.result:
        out.bullet(f"Result: {_result_with_metrics(story, out.said)}")


def _result_with_metrics(story: Story, already_said: str) -> str:
    """The result in the candidate's words, then any of the story's metrics not yet said."""
    result = " ".join(sentences(story.result)[:2])
    said = f"{already_said} {result}"
    missing = [
        m.text for m in story.metrics if m.text and m.text in story.text and m.text not in said
    ]
    return f"{first_person(result)} ({', '.join(missing[:3])})" if missing else first_person(result)


def _value_bullet(out: AnswerBuilder, ctx: CandidateContext, m: Material, story: Story) -> None:
    if m.values:
        value = m.values[0]
        company = ctx.company_name
        tail = f", which I know matters at {company}" if company else ""
        out.bullet(f"It shows {value.name}{tail}")
        out.source(value_source(company, value))
    elif story.competencies:
        names = " and ".join(c.value for c in story.competencies[:2])
        out.bullet(f"It shows {names}")


def _from_highlights(ctx: CandidateContext, m: Material) -> Answer | None:
    """No story fits: the closest resume highlights, in the STAR order the candidate can fill."""
    if not m.highlights:
        return None
    top = m.highlights[0]
    out = AnswerBuilder()
    where = f" at {top.employer}" if top.employer else ""
    out.opener(f"The closest example is from my time{where}: {lower_first(first_person(top.text))}")
    out.bullet(f"Situation: set the scene{where} in one sentence, and what was at stake")
    out.bullet(f"What I did: {first_person(top.text)}")
    for extra in m.highlights[1:2]:
        out.bullet(f"Also relevant: {first_person(extra.text)}")
    out.bullet("Result: finish on the outcome, and what I'd repeat or change")
    for highlight in m.highlights[:2]:
        out.source(highlight_source(highlight))
    return out.build()


def _star_guide() -> Answer:
    """Nothing in the context fits: a structure to fill, with no claims in it."""
    out = AnswerBuilder()
    out.opener("Let me think of a specific time — one example, start to finish")
    out.bullet("Situation: where I was and what was at stake, in one sentence")
    out.bullet("Task: what I was responsible for")
    out.bullet("Action: two or three things I did myself, in order")
    out.bullet("Result: the outcome, with a number if I have one, and what I learned")
    return out.build()


def compose_personal(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    if _WEAKNESS.search(question.text):
        return _weakness(ctx, m)
    if _STRENGTH.search(question.text):
        story = m.story or next((s for s in ctx.stories if s.result), None)
        if story is not None:
            return _strength(ctx, m, story)
    return _introduction(ctx, m)


def _introduction(ctx: CandidateContext, m: Material) -> Answer:
    """Present, past, proudest moment, why this role next."""
    out = AnswerBuilder()
    work = ctx.resume.work
    current = ctx.current_work
    label = ctx.resume.basics.label
    if current is not None:
        now = work_label(current.position, current.name)
        if label and label.lower() != (current.position or "").lower():
            out.opener(f"I'm {_article(label)} — right now I'm {now}")
        else:
            out.opener(f"I'm {_article(current.position) or 'working'} at {current.name}")
        _role_bullet(out, current, f"Today: {now}")
    else:
        out.opener(f"I'm {_article(label)}" if label else "Happy to — here's the short version")
    for earlier in [entry for entry in work if entry is not current][:1]:
        _role_bullet(out, earlier, f"Before that: {work_label(earlier.position, earlier.name)}")
    if m.story is not None and m.story.result:
        out.story(m.story)
        out.bullet(f"Proudest moment: {first_person(first_sentence(m.story.result))}")
    _next_bullet(out, ctx)
    if out.bullet_count == 0 and ctx.resume.basics.summary:
        out.bullet(first_person(first_sentence(ctx.resume.basics.summary)))
    return out.build()


def _role_bullet(out: AnswerBuilder, entry: WorkEntry, lead: str) -> None:
    """`lead`, then the role's first highlight (or summary) in the first person."""
    detail = entry.highlights[0] if entry.highlights else (entry.summary or "")
    out.bullet(f"{lead} — {lower_first(first_person(first_sentence(detail)))}" if detail else lead)
    out.source(work_source(entry))


def _next_bullet(out: AnswerBuilder, ctx: CandidateContext) -> None:
    role, company = ctx.role, ctx.company_name
    if role and company:
        out.bullet(f"Next: that's why the {role} role at {company} is exciting to me")
    elif company:
        out.bullet(f"Next: that's why {company} is exciting to me")


def _article(label: str | None) -> str:
    if not label:
        return ""
    return f"an {label}" if label[:1].lower() in "aeiou" else f"a {label}"


def _strength(ctx: CandidateContext, m: Material, story: Story) -> Answer:
    out = AnswerBuilder()
    out.story(story)
    strength = story.competencies[0].value if story.competencies else story.title
    out.opener(f"My biggest strength is {strength} — here's a real example")
    out.bullet(f"When: {first_person(first_sentence(story.situation or story.title))}")
    if story.action:
        out.bullet(first_person(first_sentence(story.action)))
    if story.result:
        out.bullet(f"Result: {_result_with_metrics(story, out.said)}")
    _value_bullet(out, ctx, m, story)
    return out.build()


def _weakness(ctx: CandidateContext, m: Material) -> Answer:
    """A real learning story when there is one; otherwise a structure, never an invented flaw."""
    failures = [s for s in ctx.stories if Competency.FAILURE in s.competencies]
    story = failures[0] if failures else None
    out = AnswerBuilder()
    if story is None:
        out.opener("Something I've been actively working on is —")
        out.bullet("Name one real, non-critical weakness, in one sentence")
        out.bullet("Show what I do about it now, concretely")
        out.bullet("Close with evidence that it's improving")
        return out.build()
    out.story(story)
    what = strip_end(first_sentence(story.situation)) or lower_first(story.title)
    out.opener(f"One thing I learned the hard way: {lower_first(what)}")
    star_bullets(out, story)
    if out.bullet_count < 3:
        out.bullet("Close on what I do differently now, so it ends on growth")
    return out.build()


def compose_resume(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    """A walk through the resume, or one role in depth when the question names the employer."""
    named = _named_entry(question.text, ctx.resume.work)
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
        return _introduction(ctx, m)
    latest = ctx.resume.work[0]
    out.opener(f"Most recently I've been {work_label(latest.position, latest.name)}")
    for entry in ctx.resume.work[:3]:
        _role_bullet(out, entry, work_label(entry.position, entry.name) + _dates(entry))
    _next_bullet(out, ctx)
    return out.build()


def _named_entry(question: str, work: list[WorkEntry]) -> WorkEntry | None:
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
