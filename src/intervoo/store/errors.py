"""Errors of the storage layer. Each says what went wrong and what to do about it."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for storage errors."""


class DatabaseConfigError(StoreError):
    """The settings cannot give a safe, working database (e.g. a role that bypasses RLS)."""


class NotFoundError(StoreError):
    """A row the caller named does not exist for this user."""


class ExportFormatError(StoreError):
    """An import file is not an Intervoo export this version can read."""


class ImportConflictError(StoreError):
    """An import would overwrite or collide with data that already exists."""


class DamagedRowError(StoreError):
    """A stored row that no longer reads as what it should be (edited by hand, or written
    by an old version): the one request that needs it fails with this, saying which row."""

    def __init__(self, table: str, row_id: str, problem: str) -> None:
        self.table, self.row_id, self.problem = table, row_id, problem
        super().__init__(
            f"a stored {table} row ({row_id}) cannot be read: {problem}. Delete it, or export "
            "your data, fix it and import it again"
        )


def describe_error(exc: Exception) -> str:
    """One line: a validation error's first problem with where it is, else the message."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc) or type(exc).__name__


_DISK_FULL = ("database or disk is full", "no space left on device", "could not extend file",
              "file too large")  # fmt: skip
# SQLite reports a write refused for any other reason (a file size limit, a failing disk)
# as a plain I/O error.
_WRITE_FAILED = ("disk i/o error",)
_LOCKED = ("database is locked", "database table is locked")


def storage_problem(exc: Exception) -> tuple[int, str] | None:
    """An HTTP status and one line for a database error the user can act on, else None."""
    text = str(getattr(exc, "orig", None) or exc).casefold()
    if any(cue in text for cue in _DISK_FULL):
        return 507, "the disk holding the database is full: free some space and try again"
    if any(cue in text for cue in _WRITE_FAILED):
        return 507, (
            "the database could not be written (is the disk full?): nothing was saved; "
            "free some space and try again"
        )
    if any(cue in text for cue in _LOCKED):
        return 503, "the database is busy with another write: try again in a moment"
    return None
