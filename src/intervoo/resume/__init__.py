"""Resume import: any common resume file -> the one structured resume (JSON Resume shape)."""

from intervoo.resume.errors import ResumeParseError
from intervoo.resume.ids import assign_work_ids
from intervoo.resume.parse import parse_bytes, parse_file

__all__ = ["ResumeParseError", "assign_work_ids", "parse_bytes", "parse_file"]
