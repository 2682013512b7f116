"""Server-mode accounts: an email and an argon2id password hash in `credentials`.

Accounts get random ids. `users` and `credentials` are under row-level
security, so before anyone has signed in the app cannot read a row by email;
on PostgreSQL `find_login` asks the one function made for it
(`intervoo_lookup_login`, migration 0003), which returns the id and hash for
an exact email and nothing else. Everything after that runs as the tenant.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from intervoo.security.session_store import revoke_all_sessions
from intervoo.store import Database
from intervoo.store.models import CredentialRow, UserRow, new_id
from intervoo.store.types import utcnow

MAX_EMAIL_CHARS = 320
log = logging.getLogger(__name__)


class AccountError(ValueError):
    """A bad email, or an account that already exists or does not."""


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    password_hash: str


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or len(email) > MAX_EMAIL_CHARS:
        raise AccountError("enter an email address like name@example.com")
    if any(c.isspace() for c in email):
        raise AccountError("an email address has no spaces")
    return email


def find_login(db: Database, email: str) -> Account | None:
    """The account signing in with `email` (normalized first), or None; no tenant needed."""
    email = normalize_email(email)
    with db.session(None) as session:
        if db.is_postgresql:
            query = text("SELECT user_id, password_hash FROM intervoo_lookup_login(:email)")
            row = session.execute(query, {"email": email}).one_or_none()
        else:
            columns = select(CredentialRow.user_id, CredentialRow.password_hash)
            row = session.execute(columns.where(CredentialRow.email == email)).one_or_none()
    if row is None:
        return None
    return Account(user_id=row[0], email=email, password_hash=row[1])


def load_account(db: Database, user_id: str) -> Account | None:
    """An account by id, read as its own tenant."""
    with db.session(user_id) as session:
        row = session.get(CredentialRow, user_id)
        if row is None:
            return None
        return Account(user_id=row.user_id, email=row.email, password_hash=row.password_hash)


def create_account(db: Database, email: str, password_hash: str) -> Account:
    """A new account with a random id; AccountError if the email already has one."""
    email = normalize_email(email)
    user_id = new_id()
    try:
        with db.session(user_id) as session:
            session.add(UserRow(id=user_id, email=email, is_local=False, created_at=utcnow()))
            session.flush()  # the credential's foreign key needs the user first
            session.add(CredentialRow(user_id=user_id, email=email, password_hash=password_hash))
    except IntegrityError:
        raise AccountError("an account with that email already exists") from None
    log.info("account created user=%s", user_id)
    return Account(user_id=user_id, email=email, password_hash=password_hash)


def set_password_hash(db: Database, user_id: str, password_hash: str, now: float) -> int:
    """Replace the password and end every session of the account, in one transaction.

    Returns how many sessions were ended; AccountError if there is no such account.
    """
    with db.session(user_id) as session:
        row = session.get(CredentialRow, user_id)
        if row is None:
            raise AccountError("no such account")
        row.password_hash = password_hash
        row.updated_at = utcnow()
        ended = revoke_all_sessions(session, user_id, now)
    log.info("password changed user=%s sessions_ended=%d", user_id, ended)
    return ended
