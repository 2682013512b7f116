"""`intervoo doctor`: each check answers one question about this install."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from intervoo.config import LLMProvider, Settings, ensure_private_dir, mask_url_password


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def check_python(settings: Settings) -> CheckResult:
    version = ".".join(str(v) for v in sys.version_info[:3])
    return CheckResult("python", sys.version_info >= (3, 11), f"Python {version} (needs 3.11+)")


def check_data_dir(settings: Settings) -> CheckResult:
    try:
        ensure_private_dir(settings.data_dir)
        with tempfile.NamedTemporaryFile(dir=settings.data_dir, prefix=".doctor-"):
            pass
    except OSError as exc:
        return CheckResult("data dir", False, f"{settings.data_dir} is not writable: {exc}")
    return CheckResult("data dir", True, f"{settings.data_dir} is writable")


def check_database(settings: Settings) -> CheckResult:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    url = settings.effective_database_url
    shown = mask_url_password(url) or ""
    if settings.is_sqlite:
        ensure_private_dir(settings.data_dir)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return CheckResult("database", False, f"{shown}: {reason}")
    finally:
        engine.dispose()
    return CheckResult("database", True, f"{shown} reachable")


def check_stt_model(settings: Settings) -> CheckResult:
    # Load what the server would load: the configured engine and model, checked as it checks them.
    from intervoo.stt import SttError, load_engine

    try:
        engine = load_engine(settings)
    except SttError as exc:
        return CheckResult("speech model", False, str(exc))
    try:
        model = getattr(engine, "model_ref", None)
        detail = engine.name if model is None else f"{engine.name} with {model}"
    finally:
        engine.close()
    return CheckResult("speech model", True, f"{detail} loads")


def check_llm(settings: Settings) -> CheckResult:
    if settings.llm_provider is LLMProvider.NONE:
        return CheckResult("llm", True, "none configured: the offline composer answers")
    import asyncio

    from intervoo.llm import LLMError
    from intervoo.llm.probe import measure

    # A real tiny completion: reachability alone would miss a bad key or an unknown model.
    try:
        result = asyncio.run(measure(settings, max_tokens=8))
    except LLMError as error:
        return CheckResult("llm", False, error.message)
    ttft = "no text" if result.ttft_ms is None else f"first token in {result.ttft_ms:.0f} ms"
    return CheckResult("llm", True, f"{result.model} at {result.endpoint} answered, {ttft}")


def check_shared_limits(settings: Settings) -> CheckResult:
    """Whether the limits of every instance on this database are counted together."""
    from intervoo.config import Mode

    name = "shared limits"
    if settings.mode is not Mode.SERVER:
        return CheckResult(name, True, "local mode: one person, limits in this process")
    if settings.redis_url:
        return _check_redis(name, settings.redis_url)
    from sqlalchemy.exc import SQLAlchemyError

    from intervoo.security.instances import live_instances, unshared_limits_warning
    from intervoo.store import Database

    db = Database(settings)
    try:
        running = len(live_instances(db))
    except SQLAlchemyError as exc:
        return CheckResult(name, False, f"cannot list the running instances: {type(exc).__name__}")
    finally:
        db.dispose()
    if running > 1:
        return CheckResult(name, False, unshared_limits_warning(running) + ": set it on all")
    return CheckResult(
        name, True, "one instance, limits in its memory (set INTERVOO_REDIS_URL before a second)"
    )


def _check_redis(name: str, url: str) -> CheckResult:
    try:
        import redis
    except ImportError:
        return CheckResult(name, False, "INTERVOO_REDIS_URL is set: pip install 'intervoo[server]'")
    shown = mask_url_password(url)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        return CheckResult(name, False, f"Redis at {shown} does not answer: {exc}")
    return CheckResult(name, True, f"in Redis at {shown}, for every instance")


CHECKS: list[Callable[[Settings], CheckResult]] = [
    check_python,
    check_data_dir,
    check_database,
    check_shared_limits,
    check_stt_model,
    check_llm,
]


def run_checks(settings: Settings) -> list[CheckResult]:
    return [check(settings) for check in CHECKS]
