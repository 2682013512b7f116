"""Where the limits live: Redis when INTERVOO_REDIS_URL is set, else this process's memory.

Kept apart from limits.py so the Redis backend can build on limits.py without a circle."""

from __future__ import annotations

from intervoo.config import Settings
from intervoo.security.config import SecurityConfigError, SecuritySettings
from intervoo.security.limits import Limits, memory_limits


def open_limits(settings: Settings, security: SecuritySettings) -> Limits:
    """Limits in Redis when INTERVOO_REDIS_URL is set, else in this process's memory."""
    if not settings.redis_url:
        return memory_limits(security)
    try:
        from intervoo.security.redis_limits import redis_limits
    except ImportError:
        raise SecurityConfigError(
            "INTERVOO_REDIS_URL is set but the Redis client is not installed: "
            "pip install 'intervoo[server]'"
        ) from None
    return redis_limits(settings.redis_url, settings.redis_prefix, security)
