"""An export's rows, checked before any is written: each must read back as the app reads it.

Every row goes through the same converter (and so the same pydantic models) the
repositories use to read it, so nothing an import writes can break a later
`/api/stories`, `/api/resume` or live start. Links between rows are checked too:
what the database would refuse, said as which row and why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from intervoo.companies.repo import _to_profile
from intervoo.companies.target_repo import _to_target
from intervoo.resume.repo import _to_record
from intervoo.store.errors import DamagedRowError, ExportFormatError
from intervoo.store.models import (
    Base,
    CompanyRow,
    DebriefRow,
    PracticeAttemptRow,
    PracticeSessionRow,
    ResumeRow,
    SavedAnswerRow,
    StoryRow,
    TargetRow,
)
from intervoo.store.repos.debriefs import _to_debrief
from intervoo.store.repos.practice import _to_attempt, _to_session
from intervoo.store.repos.saved_answers import _to_saved
from intervoo.stories.repo import _to_story

Reader = tuple[type[Base], Callable[[Any], object]]
_READERS: dict[str, Reader] = {
    "resumes": (ResumeRow, _to_record),
    "stories": (StoryRow, _to_story),
    "companies": (CompanyRow, _to_profile),
    "targets": (TargetRow, _to_target),
    "practice_sessions": (PracticeSessionRow, _to_session),
    "practice_attempts": (PracticeAttemptRow, _to_attempt),
    "saved_answers": (SavedAnswerRow, _to_saved),
    "debriefs": (DebriefRow, _to_debrief),
}
_NOTHING = "; nothing was imported"


def check_rows(rows: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    """Raise `ExportFormatError` naming the first row that the app could not read back."""
    for table, values in rows.items():
        model, read = _READERS[table]
        for position, row in enumerate(values):
            try:
                title = row.get("title")
                if table == "stories" and not (isinstance(title, str) and title.strip()):
                    raise DamagedRowError(table, str(row.get("id")), "title must not be empty")
                read(model(**row))
            except DamagedRowError as exc:
                where = f"tables.{table}[{position}] (id {row.get('id')!r})"
                raise ExportFormatError(f"{where}: {exc.problem}{_NOTHING}") from None
        _check_unique(table, values, "id")
    _check_unique("companies", rows.get("companies", []), "slug")
    if len(rows.get("resumes", [])) > 1:
        raise ExportFormatError(f"tables.resumes holds more than one resume{_NOTHING}")
    _check_attempts_link(rows)


def _check_unique(table: str, values: Sequence[dict[str, Any]], column: str) -> None:
    repeated = [v for v, n in Counter(row.get(column) for row in values).items() if n > 1]
    if repeated:
        raise ExportFormatError(f"tables.{table}: {column} {repeated[0]!r} appears twice{_NOTHING}")


def _check_attempts_link(rows: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    sessions = {row.get("id") for row in rows.get("practice_sessions", [])}
    for position, row in enumerate(rows.get("practice_attempts", [])):
        if row.get("session_id") not in sessions:
            raise ExportFormatError(
                f"tables.practice_attempts[{position}] (id {row.get('id')!r}): its session "
                f"{row.get('session_id')!r} is not in tables.practice_sessions{_NOTHING}"
            )
