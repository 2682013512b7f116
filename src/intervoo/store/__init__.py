"""Storage: SQLAlchemy models, Alembic migrations, tenant-scoped sessions, the repositories of
what exists only because it is stored. Each domain's repository lives in its domain
(`intervoo.stories.repo.StoryRepo`, …): the store knows no domain model.

    db = Database(settings)
    db.upgrade()
    user_id = db.ensure_local_user()
    with db.session(user_id) as session:
        stories = StoryRepo(session, user_id).list()

Names load on first use (PEP 562), so importing `intervoo.cli.data` for
`intervoo --help` does not pull in SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intervoo.store.database import LOCAL_USER_ID, Database, TenantSession
    from intervoo.store.errors import (
        DatabaseConfigError,
        ExportFormatError,
        ImportConflictError,
        NotFoundError,
        StoreError,
    )
    from intervoo.store.records import (
        PracticeAttempt,
        PracticeSession,
        SavedAnswer,
    )
    from intervoo.store.repos import (
        PracticeRepo,
        SavedAnswerRepo,
    )

_HOMES = {
    "intervoo.store.database": ("LOCAL_USER_ID", "Database", "TenantSession"),
    "intervoo.store.errors": (
        "DatabaseConfigError",
        "ExportFormatError",
        "ImportConflictError",
        "NotFoundError",
        "StoreError",
    ),
    "intervoo.store.records": ("PracticeAttempt", "PracticeSession", "SavedAnswer"),
    "intervoo.store.repos": (
        "PracticeRepo",
        "SavedAnswerRepo",
    ),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Database",
    "DatabaseConfigError",
    "ExportFormatError",
    "ImportConflictError",
    "LOCAL_USER_ID",
    "NotFoundError",
    "PracticeAttempt",
    "PracticeRepo",
    "PracticeSession",
    "SavedAnswer",
    "SavedAnswerRepo",
    "StoreError",
    "TenantSession",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'intervoo.store' has no attribute {name!r}")
    return getattr(import_module(module), name)
