"""The per-install secret token of a local install, kept in the data dir (mode 0600).

CLI and API clients send it as `Authorization: Bearer <token>`; the web UI gets
it as an HttpOnly, SameSite=Strict cookie when it loads the app page, so only
pages served by Intervoo itself can use it.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from intervoo.config import ensure_private_dir

TOKEN_FILE = "api-token"
TOKEN_BYTES = 32


class TokenFileError(Exception):
    """The token file exists but cannot be trusted or read."""


def token_path(data_dir: Path) -> Path:
    return data_dir / TOKEN_FILE


def load_or_create_token(data_dir: Path) -> str:
    """The install's token, created on first use.

    Written to a private temporary file and hard-linked into place, so a racing
    process either sees no file or the whole token, never a half-written one.
    """
    path = token_path(data_dir)
    ensure_private_dir(data_dir)
    if path.exists():
        return _read_token(path)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    temp = data_dir / f".{TOKEN_FILE}.{secrets.token_hex(8)}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(token + "\n")
        os.link(temp, path)
    except FileExistsError:
        return _read_token(path)
    finally:
        temp.unlink(missing_ok=True)
    return token


def _read_token(path: Path) -> str:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise TokenFileError(
            f"{path} is readable by other users; run `chmod 600 {path}` (or delete it "
            "to get a new token)"
        )
    token = path.read_text(encoding="ascii").strip()
    if len(token) < 32:
        raise TokenFileError(f"{path} holds no valid token; delete it to get a new one")
    return token


def token_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison, so response timing reveals nothing about the token."""
    if not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())
