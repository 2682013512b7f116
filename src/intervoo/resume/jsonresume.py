"""JSON Resume (jsonresume.org) in and out: validation that names the bad field, and export."""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import ValidationError

from intervoo.resume.dates import normalize_date
from intervoo.resume.errors import ResumeParseError
from intervoo.resume.schema import Resume

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_DATED_SECTIONS = ("work", "education", "projects", "volunteer")
_KNOWN_KEYS = ("basics", "work", "education", "skills", "projects")


def parse_json_resume(text: str) -> Resume:
    """A JSON Resume document -> Resume; ResumeParseError(422) naming the first bad field."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResumeParseError(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    return validate_resume(document)


def validate_resume(document: Any) -> Resume:
    """Validate a JSON Resume object (ISO dates allowed); the error names the wrong field."""
    if not isinstance(document, dict) or not any(key in document for key in _KNOWN_KEYS):
        raise ResumeParseError(
            'This JSON is not a JSON Resume: expected an object with "basics" or "work".'
        )
    document = _normalize_dates(copy.deepcopy(document))
    try:
        return Resume.model_validate(document)
    except ValidationError as exc:
        raise ResumeParseError(describe_validation_error(exc)) from None


def describe_validation_error(exc: ValidationError) -> str:
    """The first error as "work[1].startDate: expected a date like 2019-04 (got ...)"."""
    error = exc.errors()[0]
    path = json_path(error["loc"])
    got = error.get("input")
    return f"Invalid JSON Resume field {path}: {error['msg']} (got {json.dumps(got)[:60]})."


def json_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _normalize_dates(document: dict[str, Any]) -> dict[str, Any]:
    """JSON Resume dates are ISO 8601 ("2019-04-01"); ours are "YYYY-MM" or "YYYY"."""
    for section in _DATED_SECTIONS:
        entries = document.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            for key in ("startDate", "endDate"):
                value = entry.get(key)
                if value in (None, ""):
                    entry.pop(key, None)
                    continue
                normalized = normalize_date(value) if isinstance(value, str) else None
                if normalized is None:
                    raise ResumeParseError(
                        f"Invalid JSON Resume field {section}[{index}].{key}: expected a date "
                        f"like 2019-04 or 2019 (got {json.dumps(value)[:60]})."
                    )
                entry[key] = normalized
            if section == "work" and "endDate" not in entry and "startDate" in entry:
                entry.setdefault("current", True)
    return document


def to_json_resume(resume: Resume) -> dict[str, Any]:
    """Export: JSON Resume fields only (our `id` is kept: the schema allows extra keys)."""
    data = resume.model_dump(
        mode="json", exclude_none=True, exclude={"work": {"__all__": {"current"}}}
    )
    return {"$schema": JSON_RESUME_SCHEMA, **data}
