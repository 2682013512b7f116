"""The bundled question bank: well-phrased interview questions by kind and competency.

Texts may hold `{company}` and `{the_role}` placeholders, filled for the active target
(`fill`), so "Why do you want to work at {company}?" reads naturally with or without one.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, ValidationError

from intervoo.events import QuestionKind
from intervoo.stories.model import Competency

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = frozenset({"company", "the_role"})


class BankError(ValueError):
    """The bundled bank is invalid (a packaging or editing mistake, not user input)."""


class BankQuestion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: QuestionKind
    competency: Competency | None = None
    text: str


@cache
def bundled_questions() -> tuple[BankQuestion, ...]:
    """Every bundled question, validated once."""
    raw = resources.files("intervoo.practice").joinpath("data/questions.json").read_text("utf-8")
    return parse_bank(raw)


def parse_bank(raw: str) -> tuple[BankQuestion, ...]:
    try:
        items = json.loads(raw)["questions"]
        questions = tuple(BankQuestion.model_validate(item) for item in items)
    except (ValueError, KeyError, TypeError, ValidationError) as exc:
        raise BankError(f"invalid question bank: {exc}") from None
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise BankError("question ids in the bank must be unique")
    for question in questions:
        unknown = set(_PLACEHOLDER.findall(question.text)) - PLACEHOLDERS
        if unknown:
            raise BankError(f"question {question.id} has unknown placeholders {sorted(unknown)}")
    return questions


def fill(text: str, company: str | None, role: str | None) -> str:
    """The question as asked for this target ("at {company}" -> "at Stripe")."""
    values = {
        "company": company or "our company",
        "the_role": f"the {role} role" if role else "this role",
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
