"""What every repository shares: the session and the user it works for."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Delete
from sqlalchemy.orm import Session

from intervoo.store.database import check_user_id
from intervoo.store.errors import DamagedRowError, describe_error

RowT = TypeVar("RowT")
RecordT = TypeVar("RecordT")
# What a converter raises on a row that is not what its model expects (pydantic's
# ValidationError is a ValueError; a JSON column of the wrong shape gives TypeError).
_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError)


def reads_row(table: str) -> Callable[[Callable[[RowT], RecordT]], Callable[[RowT], RecordT]]:
    """Wrap a row -> record converter so a damaged row raises `DamagedRowError` naming it."""

    def wrap(convert: Callable[[RowT], RecordT]) -> Callable[[RowT], RecordT]:
        @functools.wraps(convert)
        def read(row: RowT) -> RecordT:
            try:
                return convert(row)
            except _UNREADABLE as exc:
                row_id = str(getattr(row, "id", None) or getattr(row, "user_id", "?"))
                raise DamagedRowError(table, row_id, describe_error(exc)) from None

        return read

    return wrap


class Repo:
    """A repository bound to one transaction and one user.

    Every query also filters on `user_id`: on PostgreSQL row-level security would
    catch a missing filter anyway, but SQLite has no RLS, so the filter is the rule.
    """

    def __init__(self, session: Session, user_id: str) -> None:
        self.session = session
        self.user_id = check_user_id(user_id)

    def _delete_where(self, statement: Delete) -> bool:
        """Run a DELETE; True when it removed at least one row."""
        result = self.session.execute(statement)
        return cast(CursorResult[Any], result).rowcount > 0
