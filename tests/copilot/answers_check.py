"""Whether an answer holds the material its question needs, on the LLM path and offline.

Shared by bench/answers.py and the tests. The checks read only what leaves the
copilot: the prompt's text (what an LLM is sent) and the offline answer (what the
candidate would read), so they hold whatever way the material was chosen.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intervoo.companies.catalog import bundled_companies
from intervoo.companies.model import TargetContext
from intervoo.copilot.answer import Answer
from intervoo.copilot.compose import compose
from intervoo.copilot.context import CandidateContext, build_candidate_context, target_for
from intervoo.copilot.evidence import sayable
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import gather
from intervoo.copilot.prompts import build_messages
from intervoo.copilot.text import keywords
from intervoo.events import QuestionEvent
from intervoo.questions import classify
from intervoo.resume.schema import Resume
from intervoo.stories.library import prepare
from intervoo.stories.model import Story

DATA = Path(__file__).parent / "data"
ROLE = "Software Engineer"

# Lines that tell the candidate what to do instead of saying something.
_COACHING = re.compile(
    r"^(?:- )?(name|show|close|keep|say|set|mention|ask|answer|bring|end|finish|let them|"
    r"only|if pressed|situation: set|result: finish|what i did: \w+$)\b",
    re.I,
)
_HOLES = (
    re.compile(r"—\s*\.?$"),  # "Something I've been working on is —."
    re.compile(r"\b(?:is|are|was|were|by)\s+—"),
    re.compile(r"[{}<>]|\?\?|\bTODO\b"),
)
_PLACEHOLDERS = re.compile(r"\bat employer\b|\bRole: role\b|\(\?–")
_STRUCTURED_NEEDS = frozenset({"concept", "coding", "design"})


@dataclass(frozen=True)
class Case:
    need: str
    text: str
    stories: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    employer: bool = False
    highlight: bool = False
    values: bool = False
    shape: str = ""
    quiet: bool = False
    add_line: bool = False


@dataclass
class Verdict:
    llm: list[str] = field(default_factory=list)
    offline: list[str] = field(default_factory=list)
    holes: list[str] = field(default_factory=list)


def load_cases() -> dict[str, list[Case]]:
    data = json.loads((DATA / "answer_questions.json").read_text())
    return {
        name: [Case(**_tuples(item)) for item in data[name]]
        for name in (
            "with_stories",
            "resume_only",
            "second_set",
            "third_set",
            "fourth_set",
            "fifth_set",
            "sixth_set",
        )
    }


def _tuples(item: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()}


def load_hendriks(resume: Resume) -> tuple[Resume, tuple[Story, ...]]:
    return load_story_set(resume, "hendriks_stories.json")


def load_story_set(resume: Resume, name: str) -> tuple[Resume, tuple[Story, ...]]:
    """A story set of our own, each story linked to the resume entry of its employer, as
    the library saves it (`prepare`: the metrics and competencies its text shows)."""
    data = json.loads((DATA / name).read_text())
    by_employer = {entry.name: entry.id for entry in resume.work if entry.name}
    stories = []
    for item in data["stories"]:
        employer = item.pop("employer")
        stories.append(prepare(Story(**item, work_ref=by_employer.get(employer))))
    return resume, tuple(stories)


def stripe_target() -> TargetContext:
    stripe = next(c for c in bundled_companies() if c.name == "Stripe")
    return target_for(stripe, ROLE)


def question_event(text: str, qid: str = "q1") -> QuestionEvent:
    found = classify(text)
    return QuestionEvent(
        id=qid, text=text, kind=found.kind, confidence=found.confidence, speculative=False
    )


def answer_case(
    case: Case,
    resume: Resume,
    stories: Sequence[Story],
    target: TargetContext,
    contexts: dict[str, CandidateContext],
    *,
    key: str,
) -> dict[str, Any]:
    """Both paths for one question; `contexts` keeps one context per resume (the index)."""
    if key not in contexts:
        contexts[key] = build_candidate_context(resume, stories, target)
    ctx = contexts[key]
    question = question_event(case.text)
    history = ConversationHistory()
    started = time.perf_counter()
    material = gather(question, ctx, history)
    gather_ms = (time.perf_counter() - started) * 1000
    messages = build_messages(question, ctx, material)
    prompt = "\n".join(str(m["content"]) for m in messages)
    answer = compose(question, ctx, history, material)
    verdict = judge(case, ctx, prompt, answer)
    prefix, part = (str(m["content"]) for m in messages)
    return {
        "need": case.need,
        "text": case.text,
        "kind": question.kind.value,
        "llm_ok": not verdict.llm,
        "offline_ok": not verdict.offline and not verdict.holes,
        "llm_why": [f"llm: {w}" for w in verdict.llm],
        "offline_why": [f"offline: {w}" for w in verdict.offline],
        "holes": [f"hole: {h}" for h in verdict.holes],
        "prompt": prompt,
        "prefix": prefix,
        "question_part": part,
        "gather_ms": gather_ms,
    }


def judge(case: Case, ctx: CandidateContext, prompt: str, answer: Answer) -> Verdict:
    verdict = Verdict()
    verdict.llm = _llm_problems(case, ctx, prompt)
    verdict.offline = _offline_problems(case, ctx, answer)
    verdict.holes = holes(case, ctx, answer)
    return verdict


def llm_view(prompt: str) -> tuple[str, str, list[str]]:
    """What a prompt gives this question, read back from its text: the dossier lines it
    leads with (each id resolved in the prefix, or carried in the question part), the
    dossier's plain lines, and the guide of its SHAPE with the question part. An id that
    resolves to nothing is a problem: its item was lost."""
    prefix, _, part = prompt.partition("\nQUESTION: ")
    prefix, _, dossier = prefix.partition("\nDOSSIER\n")
    part = "QUESTION: " + part
    items = dict(_ITEM.findall(dossier)) | dict(_ITEM.findall(part))
    plain = [
        line
        for line in dossier.splitlines()
        if not line.startswith("[") and not line.startswith("VALUE EVIDENCE: ")
    ]
    lines, problems = [*plain], []
    lead = _field(part, "LEAD WITH")
    for item in lead.replace(",", " ").split():
        if item in items:
            lines.append(items[item])
        else:
            problems.append(f"lead item {item} is in neither the dossier nor the question")
    shape = _field(part, "SHAPE")
    # The session's value pairs are in the prefix; the motivation shape is told to use them.
    pairs = _field(prompt, "VALUE EVIDENCE") if shape == "motivation" else ""
    for pair in [p.strip() for p in pairs.split(";") if p.strip()]:
        value, _, shown = pair.partition(" shown by ")
        if value in items and shown in items:
            lines.append(f"{items[value]} My evidence: {items[shown]}")
        else:
            problems.append(f"value evidence {pair!r} does not resolve")
    guide = next((g for s, g in _GUIDE_LINE.findall(prefix) if s == shape), "")
    return "\n".join(lines), f"{guide}\n{part}", problems


_ITEM = re.compile(r"^\[([A-Z]\d+)\] (.*)$", re.M)
_GUIDE_LINE = re.compile(r"^- ([a-z]+): (.*)$", re.M)


def _field(part: str, name: str) -> str:
    found = re.search(rf"^{name}: (.*)$", part, re.M)
    return found.group(1) if found else ""


def _llm_problems(case: Case, ctx: CandidateContext, prompt: str) -> list[str]:
    context, guide, problems = llm_view(prompt)
    told = _titles_in_order(context, ctx.stories)
    if case.stories and (not told or told[0] not in case.stories):
        problems.append(f"first story {told[:1]} not one of {list(case.stories)}")
    problems += [f"story {s} must not be given" for s in told if s in case.forbid]
    if case.quiet and (told or "highlight" in context.lower()):
        problems.append(f"look-alike material for a {case.need} question: {told}")
    employer = _employer(ctx)
    if case.employer and employer and employer not in context:
        problems.append(f"employer {employer!r} missing")
    if case.highlight and _highlights(ctx) and not any(h in context for h in _best(ctx)):
        problems.append("no highlight with a number")
    if case.values and _library_empty(ctx) and "add a story" not in prompt:
        problems.append("no evidence at all, and no line saying what to add")
    elif case.values and not _library_empty(ctx) and not _value_with_evidence_in(ctx, context):
        problems.append("company values without the evidence for them")
    if case.shape and not _shape_ok(case.shape, guide.lower()):
        problems.append(f"the answer guide is not the {case.shape} one")
    if _PLACEHOLDERS.search(context):
        problems.append(f"placeholder {_PLACEHOLDERS.search(context)[0]!r}")  # type: ignore[index]
    return problems


def _offline_problems(case: Case, ctx: CandidateContext, answer: Answer) -> list[str]:
    problems = []
    told = list(answer.story_ids)
    if case.stories and (not told or told[0] not in case.stories):
        problems.append(f"tells {told[:1]}, not one of {list(case.stories)}")
    problems += [f"tells {s}, which it must not" for s in told if s in case.forbid]
    drawn = [s for s in answer.sources if s.startswith(("story:", "resume:"))]
    if case.quiet and drawn:
        problems.append(f"look-alike material for a {case.need} question: {drawn}")
    employer = _employer(ctx)
    text = answer.text
    if case.employer and employer and employer.lower() not in text.lower():
        problems.append(f"employer {employer!r} not said")
    if case.highlight and _highlights(ctx) and not _says_highlight(ctx, text):
        problems.append("no resume highlight said")
    if case.values and _library_empty(ctx) and "stories" not in text.lower():
        problems.append("no evidence at all, and no line saying what to add")
    elif case.values and not _library_empty(ctx) and not _value_with_evidence(ctx, answer):
        problems.append("no company value said with my evidence for it")
    if case.shape and not _shape_ok(case.shape, text.lower()):
        problems.append(f"not the {case.shape} shape")
    if case.add_line and "stories" not in text.lower():
        problems.append("no line saying what to add to the library")
    return problems


def holes(case: Case, ctx: CandidateContext, answer: Answer) -> list[str]:
    """Lines no candidate could say as written."""
    found = []
    groups = [s.name for s in ctx.resume.skills if s.keywords]
    for line in answer.text.splitlines():
        bare = line.removeprefix("- ").strip()
        if any(p.search(bare) for p in _HOLES):
            found.append(f"empty slot: {bare!r}")
        elif case.need not in _STRUCTURED_NEEDS and _COACHING.search(bare):
            found.append(f"coaching, not an answer: {bare!r}")
        for group in groups:
            if re.search(rf"(?<!\w){re.escape(group)}(?!\w)", bare):
                found.append(f"skill group {group!r} used as a skill: {bare!r}")
    return found


def _shape_ok(shape: str, text: str) -> bool:
    coding = "big-o" in text or "complexity" in text
    if shape == "concept":
        return not coding and ("example" in text) and ("pitfall" in text or "mistake" in text)
    if shape == "coding":
        return coding
    return "requirements" in text or "scale" in text


def _titles_in_order(text: str, stories: Sequence[Story]) -> list[str]:
    found = [(text.find(s.title), s.id) for s in stories if s.title in text]
    return [story_id for _, story_id in sorted(found)]


def _employer(ctx: CandidateContext) -> str | None:
    current = ctx.current_work
    return current.name if current is not None else None


def _highlights(ctx: CandidateContext) -> list[str]:
    """The resume's highlights that tell something (a parser's place or link lines do not)."""
    return [h for entry in ctx.resume.work for h in entry.highlights if sayable(h)]


def _best(ctx: CandidateContext) -> list[str]:
    """The highlights with a number when there are any (the strongest kind), else all."""
    numbered = [h for h in _highlights(ctx) if re.search(r"\d", h)]
    return numbered or _highlights(ctx)


def _says_highlight(ctx: CandidateContext, text: str) -> bool:
    said = keywords(text)
    for highlight in _highlights(ctx):
        wanted = keywords(highlight)
        if len(wanted) >= 2 and len(wanted & said) >= 0.6 * len(wanted):
            return True
    return False


def _library_empty(ctx: CandidateContext) -> bool:
    return not ctx.stories and not _highlights(ctx)


def _value_with_evidence_in(ctx: CandidateContext, context: str) -> bool:
    """A line of the context that names a value and one of my stories or highlights."""
    mine = [s.title for s in ctx.stories] + _highlights(ctx)
    return any(
        any(v.name in line for v in ctx.values) and any(item in line for item in mine)
        for line in context.splitlines()
    )


def _value_with_evidence(ctx: CandidateContext, answer: Answer) -> bool:
    """A line that names one of the company's values and says something I did for it."""
    material = " ".join([*(s.text for s in ctx.stories), *_highlights(ctx)])
    mine = keywords(material)
    for line in answer.text.splitlines():
        if any(v.name.lower() in line.lower() for v in ctx.values):
            rest = keywords(line) - {w for v in ctx.values for w in keywords(v.name)}
            if len(rest & mine) >= 3:
                return True
    return False
