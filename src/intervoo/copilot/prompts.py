"""The LLM prompt for one live question: a session prefix, then the question.

The prefix (the instructions, every answer shape, the candidate's dossier and the item
that shows each company value) is
the same text for every question of a session, so a server that caches prompt
prefixes reads only the question part: a local model's time to first token falls
from seconds to the few tokens of the question. The question part, last, says
what the question needs: its shape, the dossier items to lead with (by id, the
material of `Material`, best first), and the full line of any item the dossier
had no room for. Sources are known before the first token, and the ledger shows exactly this text.
"""

from __future__ import annotations

from intervoo.copilot.context import CandidateContext
from intervoo.copilot.material import Material
from intervoo.copilot.needs import Need
from intervoo.copilot.pairing import ValueEvidence
from intervoo.events import QuestionEvent
from intervoo.llm.messages import Message
from intervoo.resume.schema import WorkEntry

# Words kept of what the candidate said in an earlier exchange.
SAID_WORDS = 60

SYSTEM = """You are a live interview copilot. The candidate glances at your answer while \
speaking: be brief and speakable, in their voice (I, my). A holding line is on screen \
already: start with the answer itself.
Format exactly:
<opener line the candidate can say at once>
- <bullet>
3 to 5 bullets, each at most 20 words. No headings, preamble or closing remarks.
Use only facts from the DOSSIER: never invent employers, numbers, dates, people or events; \
leave out what it lacks. Reuse the candidate's real numbers exactly."""

# One line per need, all in the cached prefix: each word here is read once per session
# by a server that caches prefixes, and by every request of one that does not.
_GUIDE: dict[Need, str] = {
    Need.PROFILE: "my current role and employer, one or two of my strongest results with their "
    "numbers, what came before, why this role is my next step.",
    Need.PROUDEST: "my proudest result (the first story led with, else the top highlight): the "
    "situation, what I did, the result with its numbers, why it matters to me.",
    Need.MOTIVATION: "why this company and role: connect two VALUE EVIDENCE pairs, naming what "
    "I really did.",
    Need.SETBACK: "a real setback, honestly: what went wrong and my part, what I did, what I "
    "learned and do differently now. Never a success in disguise.",
    Need.CONFLICT: "the disagreement: both views fairly, how I handled it, how it was resolved, "
    "how we worked together after.",
    Need.EXPERIENCE: "the ONE story led with that best answers this exact question, in STAR "
    "order with its real numbers; the last bullet ties it to a company value.",
    Need.CONCEPT: "explain it aloud: a one-line definition, a concrete example, the classic "
    "pitfall, and where I met it only if a led item shows it. No coding-interview steps.",
    Need.CODING: "clarify, outline the solution, trade-offs, complexity, testing; one bullet of "
    "my relevant experience if any fits.",
    Need.DESIGN: "requirements and scale, API and data model, components, trade-offs, scaling "
    "and failure; one bullet on a led item that shows this, if any.",
    Need.LOGISTICS: "answer politely and briefly; never state a salary, date or location the "
    "dossier lacks; suggest asking for their range.",
    Need.CLOSING: "three thoughtful questions I can ask about the company's values, the role's "
    "success criteria and the team's challenges.",
}
# Needs that introduce the candidate: every recent role, not just the current one.
_WHOLE_CAREER = frozenset({Need.PROFILE, Need.PROUDEST, Need.MOTIVATION})

LAYOUT = """DOSSIER items have ids in brackets. A question gives its SHAPE (see SHAPES) \
and LEAD WITH: the ids to build on, best first; use other items only if they clearly fit. \
VALUE EVIDENCE pairs each company value with my item that shows it. MISSING: the library \
lacks it; invent nothing and end with that line exactly.
SHAPES"""


def session_prefix(ctx: CandidateContext) -> str:
    """The system message of every question of a session: byte-identical while `ctx` is."""
    shapes = "\n".join(f"- {need.value}: {guide}" for need, guide in _GUIDE.items())
    prefix = f"{SYSTEM}\n\n{LAYOUT}\n{shapes}\n\nDOSSIER\n{ctx.dossier.text}"
    evidence = value_evidence_line(ctx)
    return f"{prefix}\n{evidence}" if evidence else prefix


def value_evidence_line(ctx: CandidateContext) -> str:
    """The session's value pairs, by id. In the prefix, not in a "why us" question's part:
    they depend on no question, and were 25 of its ~64 tokens read anew (bench/llm_prefix)."""
    pairs = [ids for pair in ctx.value_evidence if (ids := _pair(ctx, pair))]
    return "VALUE EVIDENCE: " + "; ".join(f"{v} shown by {e}" for v, e in pairs) if pairs else ""


def prefix_messages(ctx: CandidateContext) -> list[Message]:
    """What warms a server's cache: the prefix and a one-word question."""
    return [
        Message(role="system", content=session_prefix(ctx)),
        Message(role="user", content="QUESTION: ready?"),
    ]


def build_messages(
    question: QuestionEvent, ctx: CandidateContext, material: Material
) -> list[Message]:
    """The prefix, then this question's part."""
    return [
        Message(role="system", content=session_prefix(ctx)),
        Message(role="user", content=question_part(question, ctx, material)),
    ]


def question_part(question: QuestionEvent, ctx: CandidateContext, material: Material) -> str:
    """What the server reads anew for each question, so only what this question adds: its
    words, its SHAPE (the need: the classifier's kind is no guide to the answer, and wrong
    for a quarter of the bench's questions), the ids to lead with and what the dossier
    lacks. (The composer's opener went along too until the holding line replaced it on
    screen: 20-37 of the ~66 tokens read per question.)"""
    dossier = ctx.dossier
    lead = lead_ids(ctx, material)
    lines = [f"QUESTION: {question.text}", f"SHAPE: {material.need.value}"]
    if lead:
        lines.append(f"LEAD WITH: {' '.join(lead)}")  # "R1 S3": a token fewer per id than ", "
    pairs = [ids for pair in material.pairs if (ids := _pair(ctx, pair))]
    named = dict.fromkeys([*lead, *(item for pair in pairs for item in pair)])
    carried = [line for item in named if (line := dossier.carried(item))]
    if carried:
        lines += ["NOT IN THE DOSSIER:", *carried]
    if material.missing:
        lines.append(f"MISSING: {material.missing}")
    conversation = conversation_block(material, question.id)
    return "\n".join([conversation, *lines] if conversation else lines)


def lead_ids(ctx: CandidateContext, m: Material) -> list[str]:
    """The dossier ids of the material, in the order the answer needs them."""
    keys = [f"role:{entry.id}" for entry in _roles(ctx, m)]
    keys += [f"story:{story.id}" for story in m.stories]
    keys += [f"highlight:{h.key}" for h in m.highlights]
    if not m.pairs:
        keys += [f"value:{value.name}" for value in m.values]
    ids = [item for key in keys if (item := ctx.dossier.id_of(key))]
    return list(dict.fromkeys(ids))


def _roles(ctx: CandidateContext, m: Material) -> list[WorkEntry]:
    return list(ctx.resume.work[:3] if m.need in _WHOLE_CAREER else ctx.resume.work[:1])


def _pair(ctx: CandidateContext, pair: ValueEvidence) -> tuple[str, str] | None:
    """The ids of a value and of the item that shows it (None: no evidence for it)."""
    value = ctx.dossier.id_of(f"value:{pair.value.name}")
    if pair.story is not None:
        shown = ctx.dossier.id_of(f"story:{pair.story.id}")
    elif pair.highlight is not None:
        shown = ctx.dossier.id_of(f"highlight:{pair.highlight.key}")
    else:
        shown = None
    return (value, shown) if value and shown else None


def conversation_block(material: Material, current_id: str = "") -> str:
    """The exchange a follow-up follows up on, so that it reads as one; nothing otherwise.

    Every token here comes after the cached prefix and is read anew for each question
    (a local model on a laptop CPU reads ~40-200 tokens a second with a long context):
    the last few exchanges before every question cost 40-50 tokens each time
    (bench/llm_prefix.py), for questions that do not refer to them. Which stories were
    told already is the material's concern (`gather` prefers untold ones), not the prompt's.
    """
    parent = material.follow_up
    if parent is None or parent.question_id == current_id:
        return ""
    lines = [
        "CONVERSATION SO FAR",
        f"Interviewer asked (this question follows up on it): {parent.question}",
    ]
    if parent.candidate_said:
        # The latest words are the ones a follow-up reacts to.
        said = " ".join(parent.candidate_said.split()[-SAID_WORDS:])
        lines.append(f"Candidate said: {said}")
    return "\n".join(lines)
