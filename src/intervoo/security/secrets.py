"""Secrets from the environment or the OS keyring, and masking them out of log lines.

The environment wins; the keyring (service "intervoo") is the fallback, so a
desktop user can keep an API key out of shell history and dotfiles:
`python -m keyring set intervoo llm_api_key`.
"""

from __future__ import annotations

import logging
import re

from pydantic import SecretStr

from intervoo.config import Settings

KEYRING_SERVICE = "intervoo"
log = logging.getLogger(__name__)


def keyring_secret(name: str) -> str | None:
    """The secret stored in the OS keyring under `intervoo`/`name`, or None (no keyring: None)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        value = keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError as exc:
        log.debug("keyring unavailable for %s: %s", name, type(exc).__name__)
        return None
    return value or None


class KeyringUnavailable(RuntimeError):
    """No OS keyring can keep the secret; the message says what to do instead."""


def store_keyring_secret(name: str, value: str) -> None:
    """Keep a secret in the OS keyring (never in a file); KeyringUnavailable if there is none."""
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring
        from keyring.errors import KeyringError
    except ImportError:
        raise KeyringUnavailable(_NO_KEYRING) from None
    if isinstance(keyring.get_keyring(), NoKeyring):
        raise KeyringUnavailable(_NO_KEYRING)
    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
    except KeyringError as exc:
        raise KeyringUnavailable(f"{_NO_KEYRING} ({type(exc).__name__}: {exc})") from None


_NO_KEYRING = (
    "no OS keyring is available to keep the API key (install and unlock one, e.g. "
    "gnome-keyring or KWallet), or set INTERVOO_LLM_API_KEY in the environment instead"
)


def resolve_secret(name: str, configured: SecretStr | None) -> SecretStr | None:
    """The configured secret if set, else the keyring's."""
    if configured is not None and configured.get_secret_value():
        return configured
    found = keyring_secret(name)
    return SecretStr(found) if found else None


def fill_llm_key_from_keyring(settings: Settings) -> None:
    """Give the LLM client the keyring's API key when the environment has none."""
    settings.llm_api_key = resolve_secret("llm_api_key", settings.llm_api_key)


_BEARER = re.compile(r"(?i)\b(bearer|token|api[_-]?key|password)([\"':= ]+)([^\s\"',;&]{6,})")


class SecretMaskingFilter(logging.Filter):
    """Replaces known secret values, and anything shaped like `Bearer xyz`/`api_key=xyz`.

    Attached to handlers, so a secret that slips into a message (or its args)
    never reaches a log line.
    """

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self._secrets = [s for s in (secrets or []) if len(s) >= 6]

    def add(self, secret: str) -> None:
        if len(secret) >= 6 and secret not in self._secrets:
            self._secrets.append(secret)

    def mask(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "****")
        return _BEARER.sub(lambda m: f"{m.group(1)}{m.group(2)}****", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
