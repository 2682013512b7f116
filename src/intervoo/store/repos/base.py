"""What every repository shares: the session and the user it works for."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Delete
from sqlalchemy.orm import Session

from intervoo.store.database import check_user_id


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
