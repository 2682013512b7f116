"""Storage: SQLAlchemy models, Alembic migrations, tenant-scoped sessions, repositories.

db = Database(settings)
db.upgrade()
user_id = db.ensure_local_user()
with db.session(user_id) as session:
    stories = StoryRepo(session, user_id).list()
"""

from intervoo.store.database import LOCAL_USER_ID, Database, TenantSession
from intervoo.store.errors import (
    DatabaseConfigError,
    ExportFormatError,
    ImportConflictError,
    NotFoundError,
    StoreError,
)
from intervoo.store.records import PracticeAttempt, PracticeSession, SavedAnswer, StoredResume
from intervoo.store.repos import (
    CompanyRepo,
    PracticeRepo,
    ResumeRepo,
    SavedAnswerRepo,
    StoryRepo,
    TargetRepo,
)

__all__ = [
    "LOCAL_USER_ID",
    "CompanyRepo",
    "Database",
    "DatabaseConfigError",
    "ExportFormatError",
    "ImportConflictError",
    "NotFoundError",
    "PracticeAttempt",
    "PracticeRepo",
    "PracticeSession",
    "ResumeRepo",
    "SavedAnswer",
    "SavedAnswerRepo",
    "StoreError",
    "StoredResume",
    "StoryRepo",
    "TargetRepo",
    "TenantSession",
]
