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

SYSTEM = """You are a live interview copilot. The candidate is in an interview right now and \
will glance at your answer while speaking, so be brief and speakable. A line that only \
buys a moment to think is on screen already: begin with the answer itself.
Answer in the candidate's own voice (first person: I, my).
Format exactly:
<one opener line the candidate can say at once>
- <bullet>
- <bullet>
- <bullet>
Give 3 to 5 bullets of at most 20 words each. No headings, no preamble, no closing remarks.
Use only facts from the DOSSIER. Never invent employers, numbers, dates, people or events; \
if the dossier lacks something, leave it out. Reuse the candidate's real numbers exactly."""

_STORY_STAR = (
    "Of the stories led with (best first), pick the ONE that best answers this "
    "exact question and tell it in STAR order: the opener names the real situation; bullets "
    "cover what I did and the result with its real numbers."
)
_GUIDE: dict[Need, str] = {
    Need.PROFILE: "Introduce me: now (my current role and employer), one or two of my strongest "
    "results with their real numbers, what came before, and why this role is my next step.",
    Need.PROUDEST: "Tell my proudest result led with (the first story fits best, else "
    "the strongest highlight): the situation in one line, what I did, the result with its real "
    "numbers, and why it matters to me.",
    Need.MOTIVATION: "Say why this company and this role: each company value in VALUE EVIDENCE "
    "comes with my own evidence for it; connect two of them, naming what I really did.",
    Need.SETBACK: "Tell the setback story honestly: what went wrong and my part in it, what I "
    "did about it, and what I learned and do differently now. Keep it a real setback, not a "
    "success in disguise.",
    Need.CONFLICT: "Tell the disagreement story: both views fairly, how I handled it, how it "
    "was resolved, and how we worked together after.",
    Need.EXPERIENCE: _STORY_STAR + " The last bullet ties it to one of the company's values.",
    Need.CONCEPT: "Explain the concept as I would say it aloud: a one-line definition, a concrete "
    "example, the classic pitfall, and where I met it in my own work only if an item led "
    "with shows it. No coding-interview steps.",
    Need.CODING: "Give a structured approach: clarify, outline the solution, trade-offs, "
    "complexity, testing. Mention my relevant experience in one bullet if any fits.",
    Need.DESIGN: "Give a structured design approach: requirements and scale, API and data "
    "model, components, trade-offs, scaling and failure. If a story or highlight led with "
    "shows this, mention it in one bullet.",
    Need.LOGISTICS: "Answer the practical question politely and briefly. Never state a salary, "
    "date or location that is not in the dossier; suggest asking for their range.",
    Need.CLOSING: "Suggest three thoughtful questions the candidate can ask this company about "
    "its values, the role's success criteria and the team's challenges.",
}
# Needs that introduce the candidate: every recent role, not just the current one.
_WHOLE_CAREER = frozenset({Need.PROFILE, Need.PROUDEST, Need.MOTIVATION})

LAYOUT = """The DOSSIER below holds the candidate's items, each with an id in brackets. \
Each question gives its SHAPE (how to answer; see SHAPES) and LEAD WITH: the ids to build \
on, best first; use other items only if they clearly fit. VALUE EVIDENCE, after the \
dossier, pairs each company value with my item that shows it. MISSING: the library \
lacks it; invent nothing, frame it honestly and end with that line exactly.
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
