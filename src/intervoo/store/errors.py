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
