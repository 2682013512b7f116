"""argon2id password hashing, run on a small dedicated thread pool.

Hashing is deliberately slow (tens of ms and 64 MiB each); a bounded pool means
a burst of logins waits its turn instead of taking every core from other users.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024

HASHER = PasswordHasher(type=Type.ID)


@cache
def _dummy_hash() -> str:
    """Verified against when the account does not exist, so the answer takes as long."""
    return HASHER.hash("intervoo-no-such-account")


class PasswordPolicyError(ValueError):
    """A new password that is too short or too long."""


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordPolicyError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordPolicyError(f"a password has at most {MAX_PASSWORD_CHARS} characters")


def hash_password(password: str) -> str:
    check_new_password(password)
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if `password` matches; a missing hash costs the same time and is False."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


class HashPool:
    """A fixed number of threads for argon2; closed with the app."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")

    async def verify(self, password_hash: str | None, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, verify_password, password_hash, password)

    async def hash(self, password: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._pool, hash_password, password)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
