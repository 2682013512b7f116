"""The shape of a question: what a good answer to it looks like, which decides its rubric.

A story question wants a STAR story; a design question structure, trade-offs and scale;
a career question a plan tied to the role; a logistics question ("When could you
start?") a direct, short answer; a concept question the concept explained; a
self-introduction ("Tell me about yourself", "Walk me through your resume") who you are
now, a highlight or two, and why this role. The shape follows the question's kind;
closing questions are read again, since "When would you be able to start?" closes an
interview but is answered as logistics, and a request to introduce yourself is one
whatever kind the classifier read it as (personal, resume, even technical). Pure.
"""

from __future__ import annotations

import re
from enum import StrEnum

from intervoo.events import QuestionKind
from intervoo.questions.classify import classify


class Shape(StrEnum):
    STORY = "story"
    DESIGN = "design"
    CAREER = "career"
    LOGISTICS = "logistics"
    CONCEPT = "concept"
    PERSONAL = "personal"
    INTRO = "intro"
    CLOSING = "closing"


_BY_KIND = {
    QuestionKind.BEHAVIORAL: Shape.STORY,
    QuestionKind.RESUME: Shape.STORY,
    QuestionKind.SYSTEM_DESIGN: Shape.DESIGN,
    QuestionKind.MOTIVATION: Shape.CAREER,
    QuestionKind.LOGISTICS: Shape.LOGISTICS,
    QuestionKind.TECHNICAL: Shape.CONCEPT,
    QuestionKind.PERSONAL: Shape.PERSONAL,
    QuestionKind.CLOSING: Shape.CLOSING,
}

WHAT_IT_ASKS = {
    Shape.STORY: "a real example: the situation, what you did, and the result",
    Shape.DESIGN: "a design: the requirements, the main components, the trade-offs and scale",
    Shape.CAREER: "your plan and why this role is the next step in it",
    Shape.LOGISTICS: "a direct, short answer (a date, a number, yes or no)",
    Shape.CONCEPT: "the concept itself, explained with an example",
    Shape.PERSONAL: "something about you, shown with a concrete example",
    Shape.INTRO: "who you are now, a highlight or two of your work, and why this role",
    Shape.CLOSING: "a short, genuine reply to what was asked",
}


# The ways interviewers ask for a self-introduction.
_INTRO = re.compile(
    r"\b(?:about yourself|introduc\w* yourself|(?:short|quick|brief) introduction|"
    r"(?:through|overview of|about|what(?:'s| is)) your (?:professional )?"
    r"(?:background|resume|cv|career so far))\b",
    re.IGNORECASE,
)


def shape_of(kind: QuestionKind, question: str) -> Shape:
    """The rubric shape of a question of this kind; closing questions are classified again."""
    if kind is not QuestionKind.SYSTEM_DESIGN and _INTRO.search(question):
        return Shape.INTRO
    if kind is QuestionKind.CLOSING and classify(question).kind is QuestionKind.LOGISTICS:
        return Shape.LOGISTICS
    return _BY_KIND[kind]
