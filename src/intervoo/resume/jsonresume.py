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
MAX_DEPTH = 32  # a JSON Resume nests 5 deep; nothing real comes near this
_TOO_DEEP = f"This JSON is nested too deeply (more than {MAX_DEPTH} levels) to be a resume."


def parse_json_resume(text: str) -> Resume:
    """A JSON Resume document -> Resume; ResumeParseError(422) naming the first bad field."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResumeParseError(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise ResumeParseError(_TOO_DEEP) from None
    except ValueError as exc:  # an integer of more digits than Python converts (4,300)
        raise ResumeParseError(f"This JSON holds a number too long to read ({exc}).") from None
    return validate_resume(document)


MAX_ENTRIES = 200  # per section (work, education, skills, projects); as text_parser.MAX_ROLES
MAX_ITEMS = 100  # highlights, keywords or courses of one entry


def _check_sizes(document: dict[str, Any]) -> None:
    """Refuse a generated document (100,000 roles) before it becomes 100,000 stories."""
    for section in _KNOWN_KEYS[1:]:
        entries = document.get(section)
        if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
            raise ResumeParseError(
                f"Invalid JSON Resume field {section}: {len(entries):,} entries; a resume "
                f"has at most {MAX_ENTRIES}."
            )
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            for key in ("highlights", "keywords", "courses"):
                items = entry.get(key) if isinstance(entry, dict) else None
                if isinstance(items, list) and len(items) > MAX_ITEMS:
                    raise ResumeParseError(
                        f"Invalid JSON Resume field {section}[{index}].{key}: {len(items):,} "
                        f"items; at most {MAX_ITEMS}."
                    )


def check_values(document: Any) -> None:
    """Refuse what no database or JSON encoder takes: nesting past MAX_DEPTH, lone
    surrogates and NUL characters in strings, absurd numbers. Iterative: no recursion."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(document, ())]
    while stack:
        value, loc = stack.pop()
        if len(loc) > MAX_DEPTH:
            raise ResumeParseError(_TOO_DEEP)
        if isinstance(value, dict):
            for key, item in value.items():
                _check_string(str(key), loc)
                stack.append((item, (*loc, str(key))))
        elif isinstance(value, list):
            stack.extend((item, (*loc, index)) for index, item in enumerate(value))
        elif isinstance(value, str):
            _check_string(value, loc)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if abs(value) > 1e15 or value != value:
                raise ResumeParseError(
                    f"Invalid JSON Resume field {json_path(loc)}: number out of range."
                )


def _check_string(text: str, loc: tuple[int | str, ...]) -> None:
    if "\x00" in text:
        raise ResumeParseError(
            f"Invalid JSON Resume field {json_path(loc)}: it contains a NUL character."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ResumeParseError(
            f"Invalid JSON Resume field {json_path(loc)}: it contains invalid Unicode "
            "(a lone surrogate such as \\ud800)."
        ) from None


def validate_resume(document: Any) -> Resume:
    """Validate a JSON Resume object (ISO dates allowed); the error names the wrong field."""
    if not isinstance(document, dict) or not any(key in document for key in _KNOWN_KEYS):
        raise ResumeParseError(
            'This JSON is not a JSON Resume: expected an object with "basics" or "work".'
        )
    check_values(document)
    _check_sizes(document)
    document = _normalize_dates(_older_keys(copy.deepcopy(document)))
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


# Keys of JSON Resume before v1.0 (and of tools that still write them) -> today's keys.
_OLDER_KEYS = {
    "work": {"company": "name", "website": "url", "title": "position"},
    "basics": {"website": "url"},
    "education": {"school": "institution", "degree": "studyType"},
    "projects": {"website": "url"},
}


def _older_keys(document: dict[str, Any]) -> dict[str, Any]:
    """Rename older keys ("company" for "name") where the current key is absent."""
    for section, renames in _OLDER_KEYS.items():
        value = document.get(section)
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for old, new in renames.items():
                if old in entry and entry.get(new) in (None, ""):
                    entry[new] = entry.pop(old)
    return document


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
