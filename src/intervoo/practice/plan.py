"""The question plan of one practice session for the active target. Pure.

A session runs like a real interview: motivation first, then behavioral questions
on the themes the company probes (in the order its profile and the job description
give them), a question about the candidate's own resume, a role/technical question
(from the job's skills when known), and a closing one. Questions asked in the
user's recent sessions are skipped unless repeats are asked for; when every
candidate for a slot was asked recently, the slot falls back to a repeat rather
than staying empty.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Collection, Sequence

from intervoo.companies.model import TargetContext
from intervoo.events import QuestionKind
from intervoo.practice.bank import BankQuestion, bundled_questions, fill
from intervoo.practice.plan_model import PlannedQuestion, QuestionSource
from intervoo.practice.resume_questions import resume_questions
from intervoo.resume.schema import Resume
from intervoo.stories.model import Competency

DEFAULT_LENGTH = 6
MAX_LENGTH = 20
_SENIOR = re.compile(r"senior|staff|principal|lead|architect|manager|director", re.IGNORECASE)
_ROLE = "role"  # a slot, not a kind: a skill question, technical or system design
_MIDDLE = (QuestionKind.BEHAVIORAL, QuestionKind.RESUME, QuestionKind.BEHAVIORAL, _ROLE)


class PlanError(ValueError):
    """A plan that cannot be made as asked (bad length)."""


def slots_for(length: int) -> list[str]:
    """The kind of question for each position of a session of `length` questions."""
    if not 1 <= length <= MAX_LENGTH:
        raise PlanError(f"a session has 1 to {MAX_LENGTH} questions, not {length}")
    if length == 1:
        return [QuestionKind.BEHAVIORAL]
    if length == 2:
        return [QuestionKind.BEHAVIORAL, QuestionKind.CLOSING]
    middle = [_MIDDLE[i % len(_MIDDLE)] for i in range(length - 2)]
    return [QuestionKind.MOTIVATION, *middle, QuestionKind.CLOSING]


class _Picker:
    """Chooses questions slot by slot, never twice in one plan, recent ones last."""

    def __init__(self, recent: Collection[str], rng: random.Random) -> None:
        self.recent = recent
        self.rng = rng
        self.chosen: set[str] = set()

    def pick(self, candidates: Sequence[PlannedQuestion]) -> PlannedQuestion | None:
        fresh = [q for q in candidates if q.id not in self.chosen]
        unasked = [q for q in fresh if q.id not in self.recent]
        pool = unasked or fresh
        if not pool:
            return None
        choice = pool[0] if pool[0].source is not QuestionSource.BANK else self.rng.choice(pool)
        self.chosen.add(choice.id)
        return choice

    def is_free(self, question_id: str) -> bool:
        return question_id not in self.chosen and question_id not in self.recent


def plan_session(
    target: TargetContext,
    resume: Resume | None = None,
    *,
    recent: Collection[str] = (),
    length: int = DEFAULT_LENGTH,
    allow_repeats: bool = False,
    seed: int | str = 0,
    bank: Sequence[BankQuestion] | None = None,
) -> list[PlannedQuestion]:
    """The questions of one session, in order."""
    questions = bank if bank is not None else bundled_questions()
    company = target.company.name if target.company else None
    by_kind = _bank_by_kind(questions, company, target.role)
    picker = _Picker(() if allow_repeats else frozenset(recent), random.Random(str(seed)))
    competencies = _competency_order(target, picker.rng)
    from_resume = resume_questions(resume) if resume else []
    choosers: dict[str, Callable[[], PlannedQuestion | None]] = {
        QuestionKind.BEHAVIORAL: lambda: _behavioral(picker, by_kind, competencies),
        QuestionKind.RESUME: lambda: picker.pick([*from_resume, *by_kind[QuestionKind.RESUME]]),
        _ROLE: lambda: _role_question(picker, by_kind, target),
    }
    plan: list[PlannedQuestion] = []
    for slot in slots_for(length):
        chooser = choosers.get(slot, lambda slot=slot: picker.pick(by_kind[QuestionKind(slot)]))
        question = chooser() or _behavioral(picker, by_kind, competencies)
        if question is not None:
            plan.append(question)
    return plan


def _bank_by_kind(
    bank: Sequence[BankQuestion], company: str | None, role: str | None
) -> dict[QuestionKind, list[PlannedQuestion]]:
    grouped: dict[QuestionKind, list[PlannedQuestion]] = {kind: [] for kind in QuestionKind}
    for item in bank:
        text = fill(item.text, company, role)
        grouped[item.kind].append(
            PlannedQuestion(id=item.id, text=text, kind=item.kind, competency=item.competency)
        )
    return grouped


def _competency_order(target: TargetContext, rng: random.Random) -> list[Competency]:
    """The company's themes first (their order kept), then the rest in a seeded shuffle."""
    known = {c.value: c for c in Competency}
    themes = list(dict.fromkeys(known[t] for t in target.themes if t in known))
    rest = [c for c in Competency if c not in themes]
    rng.shuffle(rest)
    return themes + rest


def _behavioral(
    picker: _Picker,
    by_kind: dict[QuestionKind, list[PlannedQuestion]],
    order: list[Competency],
) -> PlannedQuestion | None:
    """A question on the first competency in `order` that has one not yet asked; the
    competency then moves to the back so the next behavioral slot probes another."""
    behavioral = by_kind[QuestionKind.BEHAVIORAL]
    for competency in list(order):
        candidates = [q for q in behavioral if q.competency is competency]
        if any(picker.is_free(q.id) for q in candidates):
            order.remove(competency)
            order.append(competency)
            return picker.pick(candidates)
    return picker.pick(behavioral)


def _role_question(
    picker: _Picker, by_kind: dict[QuestionKind, list[PlannedQuestion]], target: TargetContext
) -> PlannedQuestion | None:
    skills = [_skill_question(skill) for skill in target.skills]
    fresh_skills = [q for q in skills if picker.is_free(q.id)]
    if fresh_skills:
        return picker.pick(fresh_skills)
    senior = bool(target.seniority and _SENIOR.search(target.seniority)) or bool(
        target.role and _SENIOR.search(target.role)
    )
    kinds = (QuestionKind.SYSTEM_DESIGN, QuestionKind.TECHNICAL) if senior else (
        QuestionKind.TECHNICAL,)  # fmt: skip
    for kind in kinds:
        if any(picker.is_free(q.id) for q in by_kind[kind]):
            return picker.pick(by_kind[kind])
    return picker.pick(by_kind[QuestionKind.TECHNICAL])


def _skill_question(skill: str) -> PlannedQuestion:
    slug = re.sub(r"[^a-z0-9]+", "-", skill.lower()).strip("-")
    return PlannedQuestion(
        id=f"skill-{slug}",
        text=f"How have you used {skill} in your work? Walk me through a concrete example.",
        kind=QuestionKind.TECHNICAL,
        competency=Competency.TECHNICAL,
        source=QuestionSource.SKILL,
    )
