"""Logging setup. Log lines carry ids and sizes, never transcript, resume or answer text.

Every handler of the root logger masks secrets, in every command and the server
alike: the values it is given (the LLM API key, the server's secret key, a local
install's token) and anything shaped like `Bearer xyz` or `api_key=xyz`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from pydantic import SecretStr

from intervoo.security.secrets import SecretMaskingFilter

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The name of the stderr handler this module installs, so a second call finds it.
HANDLER_NAME = "intervoo"

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

_masking = SecretMaskingFilter()


class LogSetupError(ValueError):
    """A log level that is not one."""


def secret_masking() -> SecretMaskingFilter:
    """This process's masking filter: add a secret to it once it is known."""
    return _masking


def configure_logging(
    level: str = "INFO", secrets: Iterable[str | SecretStr | None] = ()
) -> SecretMaskingFilter:
    """Log to stderr at `level` with secrets masked on every root handler; safe to call again.

    The level is only set when the stderr handler is ours: a host that configured
    logging itself (pytest, an embedding app) keeps its own level and handlers.
    """
    level = level.strip().upper()
    if level not in LEVELS:
        raise LogSetupError(f"INTERVOO_LOG_LEVEL {level!r} is not a level: use one of {LEVELS}")
    root = logging.getLogger()
    if not root.handlers:
        stderr = logging.StreamHandler()
        stderr.set_name(HANDLER_NAME)
        stderr.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(stderr)
    if any(handler.get_name() == HANDLER_NAME for handler in root.handlers):
        root.setLevel(level)
    for secret in secrets:
        if isinstance(secret, SecretStr):
            secret = secret.get_secret_value()
        if secret:
            _masking.add(secret)
    for handler in root.handlers:
        if _masking not in handler.filters:
            handler.addFilter(_masking)
    return _masking


def start_cli_logging() -> None:
    """Logging for any `intervoo` command, before it runs.

    Commands print their own results, so they log warnings only unless
    INTERVOO_LOG_LEVEL asks for more (`serve` raises it to the configured level).
    Settings that do not load are left for the command itself to report.
    """
    from intervoo.config import SettingsError, load_settings
    from intervoo.security.config import SecuritySettings

    try:
        settings = load_settings()
        secret_key = SecuritySettings().secret_key
    except (SettingsError, ValueError):
        configure_logging("WARNING")
        return
    level = settings.log_level if "log_level" in settings.model_fields_set else "WARNING"
    configure_logging(level, secrets=(settings.llm_api_key, secret_key))
