"""The LLM prompt for one live question, written by hand per question kind.

Everything the model sees comes from `Material` (the same stories, highlights
and values the offline composer would use), so the answer's sources are known
before the first token and the ledger shows exactly this text.
"""

from __future__ import annotations

from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import Material
from intervoo.events import QuestionEvent, QuestionKind
from intervoo.llm.messages import Message
from intervoo.stories.model import Story

MAX_HISTORY_IN_PROMPT = 3

SYSTEM = """You are a live interview copilot. The candidate is in an interview right now and \
will glance at your answer while speaking, so be brief and speakable.
Answer in the candidate's own voice (first person: I, my).
Format exactly:
<one opener line the candidate can say at once>
- <bullet>
- <bullet>
- <bullet>
Give 3 to 5 bullets of at most 20 words each. No headings, no preamble, no closing remarks.
Use only facts from the CONTEXT. Never invent employers, numbers, dates, people or events; \
if the context lacks something, leave it out. Reuse the candidate's real numbers exactly."""

_KIND_GUIDE: dict[QuestionKind, str] = {
    QuestionKind.BEHAVIORAL: "Of the stories in the context (closest match first), pick the ONE "
    "that best answers this exact question and tell it in STAR order: the opener names the real "
    "situation; bullets cover what I did and the result with its real numbers; the last bullet "
    "ties it to one of the company's values.",
    QuestionKind.MOTIVATION: "Say why this company and this role: connect the company's values "
    "and the role's needs to specific things I have really done.",
    QuestionKind.TECHNICAL: "Give a structured approach: clarify, outline the solution, "
    "trade-offs, complexity, testing. Mention my relevant experience in one bullet if any fits.",
    QuestionKind.SYSTEM_DESIGN: "Give a structured design approach: requirements and scale, "
    "API and data model, components, trade-offs, scaling and failure. Mention my relevant "
    "experience in one bullet if any fits.",
    QuestionKind.RESUME: "Walk through the relevant part of my resume, newest first, one "
    "concrete achievement per role.",
    QuestionKind.PERSONAL: "Answer personally but professionally: present, past, what I'm proud "
    "of, and why this role next. For a weakness, use a real learning from the context.",
    QuestionKind.LOGISTICS: "Answer the practical question politely and briefly. Never state a "
    "salary, date or location that is not in the context; suggest asking for their range.",
    QuestionKind.CLOSING: "Suggest three thoughtful questions the candidate can ask this company "
    "about its values, the role's success criteria and the team's challenges.",
}


def build_messages(
    question: QuestionEvent,
    ctx: CandidateContext,
    history: ConversationHistory,
    material: Material,
) -> list[Message]:
    user = "\n\n".join(
        part
        for part in (
            "CONTEXT\n" + context_block(ctx, material),
            conversation_block(history, material, question.id),
            f"QUESTION ({question.kind.value}): {question.text}",
            f"HOW TO ANSWER: {_KIND_GUIDE[question.kind]}",
        )
        if part
    )
    return [Message(role="system", content=SYSTEM), Message(role="user", content=user)]


def context_block(ctx: CandidateContext, material: Material) -> str:
    lines: list[str] = []
    basics = ctx.resume.basics
    if basics.label:
        lines.append(f"Candidate: {basics.label}")
    for entry in ctx.resume.work[:3]:
        dates = f" ({entry.startDate or '?'}–{'now' if entry.current else entry.endDate or 'now'})"
        lines.append(f"Role: {entry.position or 'role'} at {entry.name or 'employer'}{dates}")
    for story in material.stories:
        lines.append(story_block(story, ctx.employer_of(story)))
    for highlight in material.highlights:
        lines.append(f"Resume highlight ({highlight.employer or 'work'}): {highlight.text}")
    lines.extend(_target_lines(ctx, material))
    return "\n".join(lines)


def story_block(story: Story, employer: str | None) -> str:
    where = f" at {employer}" if employer else ""
    parts = [f"Story: {story.title}{where}"]
    for label, text in (
        ("Situation", story.situation),
        ("Task", story.task),
        ("Action", story.action),
        ("Result", story.result),
    ):
        if text:
            parts.append(f"  {label}: {text}")
    return "\n".join(parts)


def _target_lines(ctx: CandidateContext, material: Material) -> list[str]:
    lines: list[str] = []
    if ctx.company_name:
        lines.append(f"Company: {ctx.company_name}")
    if ctx.role:
        lines.append(f"Role applied for: {ctx.role}")
    values = list(material.values) + [v for v in ctx.values if v not in material.values]
    for value in values[:4]:
        lines.append(f"Company value: {value.name} — {value.meaning}")
    if ctx.target.skills:
        lines.append(f"Role needs: {', '.join(ctx.target.skills[:8])}")
    themes = ctx.target.themes
    if themes:
        lines.append(f"Company themes: {', '.join(themes[:4])}")
    return lines


def conversation_block(
    history: ConversationHistory, material: Material, current_id: str = ""
) -> str:
    """The last few exchanges, so a follow-up reads as one; the parent question is marked."""
    earlier = [exchange for exchange in history if exchange.question_id != current_id]
    recent = earlier[-MAX_HISTORY_IN_PROMPT:]
    if not recent:
        return ""
    lines = ["CONVERSATION SO FAR"]
    for exchange in recent:
        marker = " (this question follows up on it)" if exchange is material.follow_up else ""
        lines.append(f"Interviewer asked{marker}: {exchange.question}")
        if exchange.candidate_said:
            lines.append(f"Candidate said: {exchange.candidate_said}")
    return "\n".join(lines)
