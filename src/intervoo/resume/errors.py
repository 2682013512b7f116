"""The one error the resume parser raises, with the HTTP status it maps to."""

from __future__ import annotations


class ResumeParseError(Exception):
    """A resume that cannot be read.

    `status_code`: 413 too large, 415 unsupported type, 422 unreadable or invalid.
    """

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
