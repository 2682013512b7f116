"""Security settings (env prefix INTERVOO_, as `intervoo.config.Settings`) and start-up checks.

They live apart from the main Settings so the security layer can grow without
touching the shared class; both read the same environment and `.env` file.
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from intervoo.config import Mode, Settings

# Bodies larger than this are refused with 413 before a route reads them.
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Resume uploads (10 MB files) and data imports get more room, multipart overhead included.
DEFAULT_LARGE_BODY_BYTES = 12 * 1024 * 1024
LARGE_BODY_PATHS = ("/api/resume", "/api/data/import", "/api/stories/import")


class SecurityConfigError(Exception):
    """A configuration the server must not start with; the message says what to change."""


class SecuritySettings(BaseSettings):
    """Knobs of the security layer. Defaults are the safe choice for a local install."""

    model_config = SettingsConfigDict(
        env_prefix="INTERVOO_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Extra Host names (and origins) the server answers, e.g. "intervoo.example.com".
    allowed_hosts: list[str] = Field(default_factory=list)
    # Extra origins allowed to make state-changing requests (scheme://host[:port]).
    allowed_origins: list[str] = Field(default_factory=list)
    # Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (a TLS proxy).
    trusted_proxies: list[str] = Field(default_factory=list)
    # Signs server-mode session cookies: keep it secret. Changing it signs everyone out;
    # accounts are not tied to it.
    secret_key: SecretStr | None = None
    session_ttl_s: int = Field(default=12 * 3600, ge=60)
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024)
    max_large_body_bytes: int = Field(default=DEFAULT_LARGE_BODY_BYTES, ge=1024)
    max_ws_message_bytes: int = Field(default=64 * 1024, ge=1024)
    # Server mode: per-user limits.
    live_sessions_per_user: int = Field(default=2, ge=1)
    llm_chars_per_user_per_day: int = Field(default=2_000_000, ge=0)
    # Login rate limits: attempts per window per client address, failures per account.
    login_attempts_per_ip: int = Field(default=20, ge=1)
    login_failures_per_account: int = Field(default=10, ge=1)
    login_window_s: float = Field(default=300.0, gt=0)
    # Concurrent argon2 hashes: a login storm cannot take every core.
    password_hash_workers: int = Field(default=1, ge=1)


MIN_SECRET_KEY_CHARS = 32


def check_server_settings(settings: Settings, security: SecuritySettings) -> None:
    """Refuse to run a multi-user server that could not keep users apart."""
    if settings.mode is not Mode.SERVER:
        return
    if settings.is_sqlite:
        raise SecurityConfigError(
            "server mode needs PostgreSQL (row-level security keeps users apart): set "
            "INTERVOO_DATABASE_URL to a postgresql:// URL, or run with INTERVOO_MODE=local"
        )
    key = security.secret_key.get_secret_value() if security.secret_key else ""
    if len(key) < MIN_SECRET_KEY_CHARS:
        raise SecurityConfigError(
            f"server mode needs INTERVOO_SECRET_KEY (at least {MIN_SECRET_KEY_CHARS} characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`), "
            "or a 'secret_key' entry in the OS keyring under service 'intervoo'"
        )


def check_workers(settings: Settings, workers: int) -> None:
    """More than one process on a port needs server mode and shared limits: a local install's
    token, ledgers and audio sessions, or a server's limits in memory, would be per process."""
    if workers <= 1:
        return
    if settings.mode is not Mode.SERVER:
        raise SecurityConfigError(
            "--workers above 1 is for server mode (INTERVOO_MODE=server); a local install "
            "serves one person from one process"
        )
    if not settings.redis_url:
        raise SecurityConfigError(
            f"--workers {workers} needs INTERVOO_REDIS_URL: login limits, live-session caps "
            "and LLM allowances would otherwise be counted per process"
        )
