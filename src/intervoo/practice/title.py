"""A draft story's title from its own words: what happened, then what came of it.

    "Elasticsearch → OpenSearch migration: zero downtime, 900 → 120 ms"

Pure and offline. What happened is a move from one named thing to another when
the answer tells one ("from Elasticsearch to OpenSearch", or "ran on Elasticsearch
… move us to OpenSearch"), else the task in a few words ("Give finance a
self-service billing dashboard"), else the first action. What came of it is the
result's before → after numbers ("900 → 120 ms"), and a goal the task set that the
result says was met ("without any downtime" … "zero downtime").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from intervoo.practice.star import LabeledSentence, Part
from intervoo.stories.metric_words import time_unit
from intervoo.stories.metrics import extract_metrics
from intervoo.stories.model import Metric
from intervoo.stories.text import headline

TITLE_MAX = 80
_WHAT_MAX = 48
_NAME = r"[A-Z][A-Za-z0-9.+#-]*[A-Za-z0-9+#]"
_FROM_TO = re.compile(rf"\bfrom ({_NAME}(?: {_NAME})?)(?: \d+)? to ({_NAME}(?: {_NAME})?)")
# A move to a named thing: "move us to OpenSearch", "migrated the jobs onto Airflow".
_MOVE_TO = re.compile(
    rf"\b(?:mov|migrat|switch|port|transition|upgrad|convert|replatform)\w*"
    rf"(?: [\w-]+){{0,4}}? (?:to|onto|over to) ({_NAME}(?: {_NAME})?)"
)
_TASK_LEAD = re.compile(
    r"^(?:(?:so|and|then)\s+)?(?:"
    r"(?:i|we) (?:was|were) (?:asked|told|tasked|brought in|hired) (?:with |to )?"
    r"|(?:my|our|the) (?:task|goal|job|mission|brief|aim) was (?:to )?"
    r"|(?:i|we) (?:needed|had|wanted|decided|set out) to "
    r"|(?:i|we) (?:had to|must|should) "
    r")",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^(?:so,? |then,? |and )?(?:i|we)\s+(?:then\s+|also\s+|first\s+)?", re.I)
# Where a task's clause stops saying what the work was ("… without any downtime for …").
_CLAUSE_END = re.compile(r"\s+(?:without|so that|because|while|before|after|by)\b|[,;:(]")
_ZERO = re.compile(r"\b(zero|no)\s+((?:[\w-]+\s+)?[\w-]+)", re.IGNORECASE)
_FROM_NUMBERS = re.compile(r"\bfrom\b", re.IGNORECASE)


def story_title(labeled: Sequence[LabeledSentence]) -> str:
    what = _what_happened(labeled)
    results = " ".join(s.text for s in labeled if s.part is Part.RESULT)
    goal = " ".join(s.text for s in labeled if s.part in (Part.TASK, Part.SITUATION))
    outcome = ", ".join(_goals_met(results, goal) + _changes(results))
    return headline(f"{what}: {outcome}" if outcome else what, TITLE_MAX)


def _what_happened(labeled: Sequence[LabeledSentence]) -> str:
    text = " ".join(s.text for s in labeled)
    if moved := _FROM_TO.search(text):
        return f"{moved.group(1)} → {moved.group(2)} migration"
    if (target := _MOVE_TO.search(text)) and (source := _named_before(text, target)):
        return f"{source} → {target.group(1)} migration"
    task = next((s.text for s in labeled if s.part is Part.TASK), "")
    if task and (lead := _TASK_LEAD.match(task)):
        clause = _CLAUSE_END.split(task[lead.end() :], maxsplit=1)[0]
        return _capitalized(headline(clause.strip().rstrip(".!?"), _WHAT_MAX))
    action = next((s for s in labeled if s.part is Part.ACTION), labeled[0])
    clause = _SUBJECT.sub("", action.text.strip()).rstrip(".!?")
    return _capitalized(headline(clause, _WHAT_MAX))


def _named_before(text: str, target: re.Match[str]) -> str | None:
    """The named thing the story moved away from: the last name said before the move
    that is neither the destination nor the employer ("At Fernwood …")."""
    before = text[: target.start()]
    names = [
        m.group(0)
        for m in re.finditer(_NAME, before)
        if not _starts_sentence(before, m.start()) and m.group(0) != target.group(1)
    ]
    employers = {m.group(1) for m in re.finditer(rf"\b(?:[Aa]t|[Jj]oined) ({_NAME})", before)}
    candidates = [n for n in names if n not in employers]
    return candidates[-1] if candidates else None


def _starts_sentence(text: str, index: int) -> bool:
    head = text[:index].rstrip()
    return not head or head[-1] in ".!?"


def _goals_met(results: str, goal: str) -> list[str]:
    """ "zero downtime" when the task asked for none ("without any downtime")."""
    wanted = {w.lower() for w in re.findall(r"[\w-]+", goal)}
    met = []
    for found in _ZERO.finditer(results):
        said = found.group(2).split()
        if said[-1].lower() in wanted:
            met.append(f"{found.group(1).lower()} {' '.join(said)}")
    return met[:1]


def _changes(results: str) -> list[str]:
    """Before → after numbers the result tells ("900 → 120 ms", "3 days → half a day"),
    else its first numbers that are not durations ("35%", not "within three months")."""
    changes = []
    for sentence in re.split(r"(?<=[.!?;])\s+|,\s+(?:and\s+)?", results):
        if start := _FROM_NUMBERS.search(sentence):
            metrics = extract_metrics(sentence[start.start() :])
            if len(metrics) >= 2:
                changes.append(_change(metrics[0], metrics[1]))
    if not changes:
        metrics = extract_metrics(results)
        changes = [m.text for m in metrics if not time_unit(m.unit)] or [
            m.text for m in metrics[:1]
        ]
    return changes[:2]


def _change(before: Metric, after: Metric) -> str:
    shared = before.unit == after.unit and all(
        m.text.endswith(" " + m.unit) for m in (before, after)
    )
    said = before.text.removesuffix(" " + before.unit) if shared else before.text
    return f"{said} → {after.text}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
