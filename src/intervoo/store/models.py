"""SQLAlchemy models: one class per table of DESIGN.md's data model.

Every user-owned table has a `user_id` column; on PostgreSQL row-level security
keys on it (see `rls.py`). Ids are uuid hex text. Bundled company profiles are
not stored here: they ship with the package (`intervoo.companies.catalog`), so
the `companies` table holds only companies users added themselves.

The migrations in `migrations/versions` are the schema of record; a test checks
that these models and the migrated database agree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from intervoo.store.types import JSONType, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


def new_id() -> str:
    return uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


def _owner() -> Mapped[str]:
    return mapped_column(
        String(64), ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )


def _created() -> Mapped[datetime]:
    return mapped_column(default=utcnow, nullable=False)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    created_at: Mapped[datetime] = _created()


class ResumeRow(Base):
    """The one current resume of a user (unique per user)."""

    __tablename__ = "resumes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    data: Mapped[Any] = mapped_column(JSONType, nullable=False)
    doubts: Mapped[Any] = mapped_column(JSONType, nullable=False, default=list)
    source_format: Mapped[str] = mapped_column(String(32), nullable=False)
    source_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = _owner()
    title: Mapped[str] = mapped_column(Text, nullable=False)
    situation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    task: Mapped[str] = mapped_column(Text, nullable=False, default="")
    action: Mapped[str] = mapped_column(Text, nullable=False, default="")
    result: Mapped[str] = mapped_column(Text, nullable=False, default="")
    competencies: Mapped[Any] = mapped_column(JSONType, nullable=False, default=list)
    metrics: Mapped[Any] = mapped_column(JSONType, nullable=False, default=list)
    questions: Mapped[Any] = mapped_column(
        JSONType, nullable=False, default=list, server_default=text("'[]'")
    )
    work_ref: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    # The story's shape label, computed on save (migration 0009); "" until then.
    shape: Mapped[str] = mapped_column(
        String(32), nullable=False, default="", server_default=text("''")
    )
    times_used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class StoryVectorRow(Base):
    """The retrieval model's vector of one exact text of a user's library (a story, one of
    its questions), keyed by model and text (`stories.embeddings.text_key`): computed once,
    read by every later session instead of embedding the library again."""

    __tablename__ = "story_vectors"

    user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # float16, row-major
    created_at: Mapped[datetime] = _created()


class CompanyRow(Base):
    """A company profile a user added (bundled profiles live in the package)."""

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("user_id", "slug"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    slug: Mapped[str] = mapped_column(String(120), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    profile: Mapped[Any] = mapped_column(JSONType, nullable=False)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class TargetRow(Base):
    """One interview to prepare for; at most one is active per user."""

    __tablename__ = "targets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    company_slug: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    job_description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    requirements: Mapped[Any] = mapped_column(JSONType, nullable=False, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class PracticeSessionRow(Base):
    __tablename__ = "practice_sessions"
    # (user_id, id) is unique so attempts can reference it with their own user_id:
    # the database then refuses an attempt filed under someone else's session.
    __table_args__ = (UniqueConstraint("user_id", "id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    target_id: Mapped[str | None] = mapped_column(String(64))
    company_slug: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column()


class PracticeAttemptRow(Base):
    __tablename__ = "practice_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["user_id", "session_id"],
            ["practice_sessions.user_id", "practice_sessions.id"],
            ondelete="CASCADE",
        ),
        Index(None, "session_id", "position"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    session_id: Mapped[str] = mapped_column(String(64), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    question: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str | None] = mapped_column(String(32))
    competency: Mapped[str | None] = mapped_column(String(64))
    answer_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    feedback: Mapped[Any] = mapped_column(JSONType, nullable=False, default=dict)
    scores: Mapped[Any] = mapped_column(JSONType, nullable=False, default=dict)
    # A soft link: the story extracted from this answer may be deleted later.
    story_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = _created()


class SavedAnswerRow(Base):
    """A suggestion the user explicitly saved from a live session."""

    __tablename__ = "saved_answers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    question: Mapped[str] = mapped_column(Text, nullable=False)
    answer: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str | None] = mapped_column(String(32))
    company_slug: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(Text)
    sources: Mapped[Any] = mapped_column(JSONType, nullable=False, default=list)
    created_at: Mapped[datetime] = _created()


class DebriefRow(Base):
    """A live session's debrief the user explicitly saved (its text, never audio)."""

    __tablename__ = "debriefs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    session_id: Mapped[str] = mapped_column(String(120), nullable=False)
    company: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    body: Mapped[Any] = mapped_column(JSONType, nullable=False, default=dict)
    created_at: Mapped[datetime] = _created()


class CredentialRow(Base):
    """How a server-mode account signs in: its email and argon2id password hash.

    Kept apart from `users` so that login can find an account by email before
    the tenant is known, through one narrow database function (migration 0003),
    and so that no export or profile read ever carries the hash.
    """

    __tablename__ = "credentials"

    user_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)


class AuthSessionRow(Base):
    """A server-mode sign-in, so that logout and password changes hold on every app process."""

    __tablename__ = "auth_sessions"

    # SHA-256 of the random session id inside the signed token: the table alone opens nothing.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = _owner()
    created_at: Mapped[datetime] = _created()
    expires_at: Mapped[datetime] = mapped_column(index=True, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column()


class ServerInstanceRow(Base):
    """A running server-mode instance, seen within the last minute, and its secret's fingerprint.

    No user data: every instance may read all rows, to refuse starting with another key.
    """

    __tablename__ = "server_instances"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), nullable=False)
    pid: Mapped[int] = mapped_column(Integer, nullable=False)
    # HMAC-SHA256 of a fixed text under INTERVOO_SECRET_KEY: equal keys, equal fingerprints.
    secret_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    shared_limits: Mapped[bool] = mapped_column(Boolean, nullable=False)
    started_at: Mapped[datetime] = _created()
    seen_at: Mapped[datetime] = mapped_column(index=True, nullable=False)


class PendingJobRow(Base):
    """Background work asked for and not done yet (`intervoo.jobs`): deleted once done."""

    __tablename__ = "pending_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    user_id: Mapped[str] = _owner()
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()


# Tables whose rows belong to one user, in the order data can be inserted.
USER_TABLES: tuple[str, ...] = (
    "resumes",
    "stories",
    "companies",
    "targets",
    "practice_sessions",
    "practice_attempts",
    "saved_answers",
    "debriefs",
)
# What the library's texts derive (retrieval vectors): deleted with the user's data, never
# exported (any install recomputes them).
DERIVED_TABLES: tuple[str, ...] = ("story_vectors",)
# Account tables, also keyed on user_id but not the user's data: never exported or
# imported, and `intervoo data delete` leaves the account signed in.
ACCOUNT_TABLES: tuple[str, ...] = ("credentials", "auth_sessions")
