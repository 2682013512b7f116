"""Stable work ids: a re-imported resume keeps the ids (and so the story links) of its roles.

Pure. A role of the new resume takes the id of the previously stored role it
matches (same employer, and the same title or the same start, allowing small
edits); roles that match nothing get an id derived from their content.
"""

from __future__ import annotations

import hashlib
import re

from rapidfuzz import fuzz

from intervoo.resume.schema import Resume, WorkEntry

EMPLOYER_MIN = 85.0
POSITION_MIN = 80.0


def _norm(text: str | None) -> str:
    text = re.sub(r"[^\w\s]", " ", (text or "").lower())
    text = re.sub(r"\b(inc|llc|ltd|gmbh|corp|corporation|co|plc|ag|sa)\b", " ", text)
    return " ".join(text.split())


def _start_year(entry: WorkEntry) -> str:
    return (entry.startDate or "")[:4]


def match_score(new: WorkEntry, old: WorkEntry) -> float:
    """0 when the two are different roles; otherwise higher means more alike (max 300)."""
    employer = fuzz.token_set_ratio(_norm(new.name), _norm(old.name))
    if not (new.name and old.name) or employer < EMPLOYER_MIN:
        return 0.0
    position = fuzz.token_set_ratio(_norm(new.position), _norm(old.position))
    same_start = bool(new.startDate) and new.startDate == old.startDate
    same_year = bool(_start_year(new)) and _start_year(new) == _start_year(old)
    if position >= POSITION_MIN and (same_year or not (new.startDate and old.startDate)):
        return employer + position + 100
    if position >= POSITION_MIN or same_start:
        # A corrected start date, or a retitled role that kept its start.
        return employer + position + (50 if same_start else 0)
    return 0.0


def content_id(entry: WorkEntry) -> str:
    """An id derived from what the role is, so parsing the same file twice gives the same ids."""
    key = "|".join((_norm(entry.name), _norm(entry.position), entry.startDate or ""))
    return "w-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def assign_work_ids(new: Resume, previous: Resume | None = None) -> Resume:
    """A copy of `new` whose work entries reuse matching ids of `previous`; others get fresh ones.

    An entry of `new` that already carries one of `previous`'s ids (a user's edit of
    that role) keeps it; the others are paired with the old roles best match first.
    """
    old_entries = previous.work if previous else []
    work = [entry.model_copy() for entry in new.work]
    taken_new, taken_old = _keep_known_ids(work, old_entries)
    # Best match first; on a tie the earlier entry of the new resume wins.
    pairs = sorted(
        (
            (match_score(entry, old), i, j)
            for i, entry in enumerate(work)
            for j, old in enumerate(old_entries)
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    for score, i, j in pairs:
        if score <= 0 or i in taken_new or j in taken_old or not old_entries[j].id:
            continue
        work[i].id = old_entries[j].id
        taken_new.add(i)
        taken_old.add(j)
    used = {work[i].id for i in taken_new}
    for i, entry in enumerate(work):
        if i in taken_new:
            continue
        base = candidate = entry.id or content_id(entry)
        suffix = 1
        while candidate in used:
            suffix += 1
            candidate = f"{base}-{suffix}"
        entry.id = candidate
        used.add(candidate)
    return new.model_copy(update={"work": work})


def _keep_known_ids(work: list[WorkEntry], old: list[WorkEntry]) -> tuple[set[int], set[int]]:
    old_index = {entry.id: j for j, entry in enumerate(old) if entry.id}
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    for i, entry in enumerate(work):
        j = old_index.get(entry.id)
        if j is not None and j not in taken_old:
            taken_new.add(i)
            taken_old.add(j)
    return taken_new, taken_old
