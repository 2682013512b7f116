"""Server-mode accounts: email + argon2id password hash, in the `users` table.

`users` is under row-level security keyed on its own id, so the app role cannot
look a user up by email without already being that user. The account id is
therefore derived from the email with a keyed hash (HMAC of the secret key):
login computes it, sets it as the tenant, and reads only that one row. The
ids reveal nothing about the emails to anyone without the key; the key must
stay the same for the accounts to be found (see the README).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intervoo.security.sessions import derive_key
from intervoo.store import Database
from intervoo.store.models import UserRow

MAX_EMAIL_CHARS = 320
log = logging.getLogger(__name__)


class AccountError(ValueError):
    """A bad email, or an account that already exists or does not."""


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    password_hash: str | None


def normalize_email(email: str) -> str:
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain or len(email) > MAX_EMAIL_CHARS:
        raise AccountError("enter an email address like name@example.com")
    if any(c.isspace() for c in email):
        raise AccountError("an email address has no spaces")
    return email


class AccountIds:
    def __init__(self, secret: SecretStr) -> None:
        self._key = derive_key(secret, "intervoo-account-id-v1")

    def for_email(self, email: str) -> str:
        digest = hmac.new(self._key, normalize_email(email).encode(), hashlib.sha256)
        return "u" + digest.hexdigest()[:40]


def load_account(db: Database, user_id: str) -> Account | None:
    with db.session(user_id) as session:
        row = session.execute(select(UserRow).where(UserRow.id == user_id)).scalar_one_or_none()
        if row is None or row.email is None:
            return None
        return Account(user_id=row.id, email=row.email, password_hash=row.password_hash)


def create_account(db: Database, ids: AccountIds, email: str, password_hash: str) -> Account:
    """A new account; AccountError if the email already has one."""
    email = normalize_email(email)
    user_id = ids.for_email(email)
    try:
        with db.session(user_id) as session:
            session.add(UserRow(id=user_id, email=email, password_hash=password_hash))
    except IntegrityError:
        raise AccountError("an account with that email already exists") from None
    log.info("account created user=%s", user_id)
    return Account(user_id=user_id, email=email, password_hash=password_hash)


def set_password_hash(db: Database, user_id: str, password_hash: str) -> None:
    with db.session(user_id) as session:
        row = session.execute(select(UserRow).where(UserRow.id == user_id)).scalar_one_or_none()
        if row is not None:
            row.password_hash = password_hash
    if row is None:
        raise AccountError("no such account")
    log.info("password changed user=%s", user_id)
