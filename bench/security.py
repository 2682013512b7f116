"""What security costs per request: the pure checks, and a request through the middleware.

Targets: the middleware's checks under 0.1 ms per request, a refused login under
1 ms (so a flood costs nothing), an argon2id verify around 50-150 ms (slow on purpose),
and the server-side session row check of a signed-in request under 2 ms (on SQLite here;
on PostgreSQL add one round trip). Prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from pydantic import SecretStr

from intervoo.config import Settings
from intervoo.security.origin import OriginPolicy
from intervoo.security.passwords import hash_password, verify_password
from intervoo.security.ratelimit import SlidingWindowLimiter
from intervoo.security.sessions import SessionSigner
from intervoo.security.token import load_or_create_token, token_matches
from intervoo.web.app import create_app


def per_call_us(fn: object, n: int = 20_000) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()  # type: ignore[operator]
    return (time.perf_counter() - start) / n * 1e6


def pure_costs() -> dict[str, float]:
    policy = OriginPolicy.build("127.0.0.1", [], [])
    signer = SessionSigner(SecretStr("k" * 48), 3600)
    token, _ = signer.issue("u1", time.time())
    limiter = SlidingWindowLimiter(20, 300)
    secret = "t" * 43
    checks = {
        "host_and_origin_us": lambda: policy.origin_allowed(
            "http://127.0.0.1:8765", "127.0.0.1:8765"
        ),
        "session_verify_us": lambda: signer.verify(token, time.time()),
        "token_compare_us": lambda: token_matches(secret, "t" * 43),
        "refused_login_limiter_us": lambda: limiter.take("1.2.3.4"),
    }
    return {name: round(per_call_us(fn), 2) for name, fn in checks.items()}


async def request_ms(data_dir: Path) -> dict[str, float]:
    settings = Settings(data_dir=data_dir)
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {load_or_create_token(data_dir)}"}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            results = {}
            for name, path in (("healthz_ms", "/healthz"), ("stories_ms", "/api/stories")):
                times = []
                for _ in range(300):
                    start = time.perf_counter()
                    response = await client.get(path, headers=headers)
                    times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200
                results[f"{name}_p50"] = round(statistics.median(times), 3)
            return results


def session_store_ms(data_dir: Path) -> dict[str, float]:
    """The database side of server-mode sessions, on SQLite: the check every signed-in
    request pays, and what a sign-in adds (record the row, purge expired ones)."""
    from intervoo.security.session_store import open_session, session_is_live
    from intervoo.store import Database

    db = Database(Settings(data_dir=data_dir))
    try:
        db.upgrade()
        user_id = db.ensure_user("u" * 32)
        signer = SessionSigner(SecretStr("k" * 48), 3600)
        opened, checked = [], []
        for _ in range(200):
            start = time.perf_counter()
            token = open_session(db, signer, user_id, time.time())
            opened.append((time.perf_counter() - start) * 1000)
            claims = signer.verify(token, time.time())
            assert claims is not None
            start = time.perf_counter()
            assert session_is_live(db, claims, time.time())
            checked.append((time.perf_counter() - start) * 1000)
    finally:
        db.dispose()
    return {
        "session_check_ms_p50": round(statistics.median(checked), 3),
        "sign_in_rows_ms_p50": round(statistics.median(opened), 3),
    }


def main() -> None:
    password_hash = hash_password("benchmark password")
    start = time.perf_counter()
    assert verify_password(password_hash, "benchmark password")
    argon2_ms = (time.perf_counter() - start) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        requests = asyncio.run(request_ms(Path(tmp)))
    with tempfile.TemporaryDirectory() as tmp:
        sessions = session_store_ms(Path(tmp))
    result = {
        "targets": {
            "checks_us": 100,
            "refused_login_us": 1000,
            "argon2_verify_ms": "50-150",
            "session_check_ms": 2,
        },
        "pure": pure_costs(),
        "argon2id_verify_ms": round(argon2_ms, 1),
        "asgi_requests": requests,
        "session_store_sqlite": sessions,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
