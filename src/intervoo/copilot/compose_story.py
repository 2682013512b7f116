"""Composer for questions a story answers: behavioral, conflict, experience with a skill."""

from __future__ import annotations

import re

from intervoo.copilot.answer import (
    Answer,
    AnswerBuilder,
    highlight_source,
    value_source,
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
from intervoo.stories.model import Story


def compose_behavioral(question: QuestionEvent, ctx: CandidateContext, m: Material) -> Answer:
    story = m.story
    if story is None:
        return _from_highlights(m) or _nothing_saved(m)
    out = AnswerBuilder()
    out.story(story)
    employer = ctx.employer_of(story)
    if m.follow_up is not None and story.id in m.follow_up.story_ids:
        out.opener(f"Building on the {story.title} example, here's more of what I did")
    else:
        out.opener(story_opener(story, employer))
    star_bullets(out, story)
    value_bullet(out, ctx, m, story)
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


def star_bullets(out: AnswerBuilder, story: Story, *, with_result: bool = True) -> None:
    """Situation, task, action, result: the candidate's words, re-voiced in the first person."""
    situation = sentences(story.situation)
    if len(situation) > 1:
        out.bullet(f"Context: {first_person(' '.join(situation[1:]))}")
    if story.task:
        out.bullet(f"My goal: {lower_first(first_person(first_sentence(story.task)))}")
    actions = sentences(story.action)
    for action in actions[: 2 if not story.task else 1]:
        out.bullet(first_person(action))
    if story.result and with_result:
        out.bullet(f"Result: {result_with_metrics(story, out.said)}")


def result_with_metrics(story: Story, already_said: str) -> str:
    """The result in the candidate's words, then any of the story's metrics not yet said."""
    result = " ".join(sentences(story.result)[:2])
    said = f"{already_said} {result}"
    missing = [
        m.text for m in story.metrics if m.text and m.text in story.text and m.text not in said
    ]
    return f"{first_person(result)} ({', '.join(missing[:3])})" if missing else first_person(result)


def value_bullet(out: AnswerBuilder, ctx: CandidateContext, m: Material, story: Story) -> None:
    if m.values:
        value = m.values[0]
        company = ctx.company_name
        tail = f", which I know matters at {company}" if company else ""
        out.bullet(f"It shows {value.name}{tail}")
        out.source(value_source(company, value))
    elif story.competencies:
        names = " and ".join(c.value for c in story.competencies[:2])
        out.bullet(f"It shows {names}")


def _from_highlights(m: Material) -> Answer | None:
    """No story fits: the resume highlights that are about the question, as my own words."""
    if not m.highlights:
        return None
    top = m.highlights[0]
    out = AnswerBuilder()
    where = f" at {top.employer}" if top.employer else ""
    out.opener(f"The closest example is from my time{where}")
    for highlight in m.highlights[:3]:
        out.bullet(first_person(highlight.text))
        out.source(highlight_source(highlight))
    if m.missing:
        out.bullet(m.missing)
    return out.build()


def _nothing_saved(m: Material) -> Answer:
    """Nothing in the library fits: say so plainly, with no claim in it."""
    out = AnswerBuilder()
    out.opener("Let me think of a specific time — one example, start to finish")
    out.bullet(m.missing or "No story that shows this yet — add one in Stories.")
    return out.build()
