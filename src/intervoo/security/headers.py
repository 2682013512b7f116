"""Security headers for every HTTP response, and the client address behind a trusted proxy."""

from __future__ import annotations

from collections.abc import Sequence

# No inline script or style: the UI loads /static files only. 'self' covers the
# same-origin WebSocket (CSP level 3); frame-ancestors stops click-jacking.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        # WebAssembly (the browser's speech recognizer) compiles only with 'wasm-unsafe-eval'.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # With COOP, this makes the page cross-origin isolated: the speech recognizer's WASM may
    # use threads (SharedArrayBuffer). Everything the page loads is same-origin already.
    (b"cross-origin-embedder-policy", b"require-corp"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"microphone=(self), camera=(), geolocation=()"),
)
NO_STORE = (b"cache-control", b"no-store")


def with_security_headers(
    headers: Sequence[tuple[bytes, bytes]], *, no_store: bool, hsts: bool
) -> list[tuple[bytes, bytes]]:
    """The response's headers plus ours (ours win: a route cannot weaken them)."""
    ours = list(SECURITY_HEADERS)
    if no_store:
        ours.append(NO_STORE)
    if hsts:
        ours.append((b"strict-transport-security", b"max-age=31536000"))
    names = {name for name, _ in ours}
    return [(n, v) for n, v in headers if n.lower() not in names] + ours


def client_address(
    peer: str | None, forwarded_for: str | None, trusted_proxies: Sequence[str]
) -> str:
    """The client's address: the peer, or the nearest untrusted hop when the peer is a proxy."""
    address = peer or "unknown"
    if address not in trusted_proxies or not forwarded_for:
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(",") if part.strip()]):
        if hop not in trusted_proxies:
            return hop
    return address
