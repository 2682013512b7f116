"""The LLM prompt for one live question: what it needs, and nothing else.

Everything the model sees comes from `Material` (the same stories, highlights
and values the offline composer uses), so the answer's sources are known before
the first token and the ledger shows exactly this text. The context is built in
the order the question needs it and stops at a token budget: a local model reads
the whole prompt before its first token.
"""

from __future__ import annotations

from intervoo.copilot.budget import estimate_tokens
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import Material, ValueEvidence
from intervoo.copilot.needs import Need
from intervoo.copilot.text import clip_words
from intervoo.events import QuestionEvent
from intervoo.llm.messages import Message
from intervoo.resume.schema import WorkEntry
from intervoo.stories.model import Story

MAX_HISTORY_IN_PROMPT = 3
# Measured by bench/answers.py (prompt_tokens_*): system, context, question and guide.
PROMPT_BUDGET = 900
# Words kept of what the candidate said in an earlier exchange, and of the summary.
SAID_WORDS = 60
SUMMARY_WORDS = 45

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

_STORY_STAR = (
    "Of the stories in the context (closest match first), pick the ONE that best answers this "
    "exact question and tell it in STAR order: the opener names the real situation; bullets "
    "cover what I did and the result with its real numbers."
)
_GUIDE: dict[Need, str] = {
    Need.PROFILE: "Introduce me: now (my current role and employer), one or two of my strongest "
    "results with their real numbers, what came before, and why this role is my next step.",
    Need.PROUDEST: "Tell my proudest result from the context (the first story fits best, else "
    "the strongest highlight): the situation in one line, what I did, the result with its real "
    "numbers, and why it matters to me.",
    Need.MOTIVATION: "Say why this company and this role: each company value in the context "
    "comes with my own evidence for it; connect two of them, naming what I really did.",
    Need.SETBACK: "Tell the setback story honestly: what went wrong and my part in it, what I "
    "did about it, and what I learned and do differently now. Keep it a real setback, not a "
    "success in disguise.",
    Need.CONFLICT: "Tell the disagreement story: both views fairly, how I handled it, how it "
    "was resolved, and how we worked together after.",
    Need.EXPERIENCE: _STORY_STAR + " The last bullet ties it to one of the company's values.",
    Need.CONCEPT: "Explain the concept as I would say it aloud: a one-line definition, a concrete "
    "example, the classic pitfall, and where I met it in my own work only if the context shows "
    "it. No coding-interview steps.",
    Need.CODING: "Give a structured approach: clarify, outline the solution, trade-offs, "
    "complexity, testing. Mention my relevant experience in one bullet if any fits.",
    Need.DESIGN: "Give a structured design approach: requirements and scale, API and data "
    "model, components, trade-offs, scaling and failure. If a story or highlight in the context "
    "shows this, mention it in one bullet.",
    Need.LOGISTICS: "Answer the practical question politely and briefly. Never state a salary, "
    "date or location that is not in the context; suggest asking for their range.",
    Need.CLOSING: "Suggest three thoughtful questions the candidate can ask this company about "
    "its values, the role's success criteria and the team's challenges.",
}
_MISSING_GUIDE = (
    " The library has nothing for this: do not invent it. Give a short honest frame, and end "
    "with this line exactly: {missing}"
)
# Needs that introduce the candidate: every recent role, not just the current one.
_WHOLE_CAREER = frozenset({Need.PROFILE, Need.PROUDEST, Need.MOTIVATION})


def build_messages(
    question: QuestionEvent,
    ctx: CandidateContext,
    history: ConversationHistory,
    material: Material,
) -> list[Message]:
    guide = _GUIDE[material.need]
    if material.missing:
        guide += _MISSING_GUIDE.format(missing=material.missing)
    tail = "\n\n".join(
        part
        for part in (
            conversation_block(history, material, question.id),
            f"QUESTION ({question.kind.value}): {question.text}",
            f"HOW TO ANSWER: {guide}",
        )
        if part
    )
    room = PROMPT_BUDGET - estimate_tokens(SYSTEM) - estimate_tokens(tail) - 4
    user = f"CONTEXT\n{context_block(ctx, material, room)}\n\n{tail}"
    return [Message(role="system", content=SYSTEM), Message(role="user", content=user)]


def context_block(ctx: CandidateContext, material: Material, budget: int = PROMPT_BUDGET) -> str:
    """The material's lines, most needed first, as many as fit in `budget` tokens."""
    lines: list[str] = []
    spent = 0
    for line in _lines(ctx, material):
        cost = estimate_tokens(line) + 1
        if lines and spent + cost > budget:
            continue  # a shorter line further down may still fit
        lines.append(line)
        spent += cost
    return "\n".join(lines)


def _lines(ctx: CandidateContext, m: Material) -> list[str]:
    basics = ctx.resume.basics
    lines = [f"Candidate: {basics.label}"] if basics.label else []
    roles = ctx.resume.work[:3] if m.need in _WHOLE_CAREER else ctx.resume.work[:1]
    lines += [_role_line(entry) for entry in roles]
    if ctx.company_name:
        lines.append(f"Interviewing with: {ctx.company_name}" + _role_part(ctx))
    for pair in m.pairs:
        lines.append(_value_line(ctx, pair))
    lines += [story_block(story, ctx.employer_of(story)) for story in m.stories]
    lines += [f"Resume highlight ({h.employer or 'work'}): {h.text}" for h in m.highlights]
    if m.need is Need.PROFILE and basics.summary:
        lines.append(f"Summary: {clip_words(basics.summary, SUMMARY_WORDS)}")
    lines += [f"Company value: {v.name} — {v.meaning}" for v in m.values if not m.pairs]
    if ctx.target.skills and m.need in _WHOLE_CAREER:
        lines.append(f"Role needs: {', '.join(ctx.target.skills[:8])}")
    return lines


def _role_line(entry: WorkEntry) -> str:
    start = entry.startDate
    end = "now" if entry.current or not entry.endDate else entry.endDate
    dates = f" ({start}–{end})" if start else ""
    where = f" at {entry.name}" if entry.name else ""
    return f"Role: {entry.position or 'a role'}{where}{dates}"


def _role_part(ctx: CandidateContext) -> str:
    return f", for the {ctx.role} role" if ctx.role else ""


def _value_line(ctx: CandidateContext, pair: ValueEvidence) -> str:
    line = f"Company value: {pair.value.name} — {pair.value.meaning}"
    if pair.story is not None:
        return f"{line} My evidence: the story {pair.story.title!r} below."
    if pair.highlight is not None:
        where = f" at {pair.highlight.employer}" if pair.highlight.employer else ""
        return f"{line} My evidence{where}: {pair.highlight.text}"
    return line


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
            # The latest words are the ones a follow-up reacts to.
            said = " ".join(exchange.candidate_said.split()[-SAID_WORDS:])
            lines.append(f"Candidate said: {said}")
    return "\n".join(lines)
