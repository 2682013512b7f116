"""Server-mode session tokens: signed and expiring, each naming its account and a random id.

A token is `payload.signature` (base64url), the payload naming the user, a
random session id and the expiry. The signature is checked first, with no I/O,
so forged tokens cost nothing; a genuine one is then looked up in the
`auth_sessions` table under its user's tenant (`session_store`), where logout
and password changes revoke it for every app process at once.
Pure: the clock and the key are passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from pydantic import SecretStr

SESSION_COOKIE = "intervoo_session"


def derive_key(secret: SecretStr, purpose: str) -> bytes:
    """A separate key per purpose, so one use of the secret never signs for another."""
    return hmac.new(secret.get_secret_value().encode(), purpose.encode(), hashlib.sha256).digest()


def session_row_id(session_id: str) -> str:
    """The `auth_sessions` key of a session: a hash, so the table alone names no live token."""
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class SessionClaims:
    user_id: str
    session_id: str
    expires_at: float


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    def __init__(self, secret: SecretStr, ttl_s: int) -> None:
        self._key = derive_key(secret, "intervoo-session-v1")
        self.ttl_s = ttl_s

    def issue(self, user_id: str, now: float) -> tuple[str, SessionClaims]:
        claims = SessionClaims(
            user_id=user_id, session_id=secrets.token_urlsafe(16), expires_at=now + self.ttl_s
        )
        body = {"u": claims.user_id, "s": claims.session_id, "e": claims.expires_at}
        payload = _b64(json.dumps(body, separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}", claims

    def verify(self, token: str | None, now: float) -> SessionClaims | None:
        """The claims of a genuine, unexpired token; None for anything else."""
        if not token or token.count(".") != 1 or len(token) > 1024:
            return None
        payload, signature = token.split(".")
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        try:
            body = json.loads(_unb64(payload))
            claims = SessionClaims(
                user_id=str(body["u"]),
                session_id=str(body["s"]),
                expires_at=float(body["e"]),
            )
        except (ValueError, KeyError, TypeError):
            return None
        return claims if claims.expires_at > now else None

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode(), hashlib.sha256).digest())
