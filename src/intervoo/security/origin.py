"""Which Host and Origin headers a request may carry. Pure.

The Host allow-list stops DNS rebinding (a page on evil.example whose name now
resolves to 127.0.0.1 still sends `Host: evil.example`). The Origin check stops
other pages from changing state or opening the live socket: a browser always
sends Origin on cross-origin POSTs and on WebSockets, and cannot forge it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def split_host(value: str) -> tuple[str, int | None] | None:
    """`Host` header → (lower-case name, port or None); None when malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/@?#\\ "):
        return None
    if value.startswith("["):  # [::1]:8765
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:] if rest else None
    else:
        name, colon, after = value.partition(":")
        port_text = after if colon else None
    if port_text is None:
        return name, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        return None
    return name, int(port_text)


@dataclass(frozen=True)
class OriginPolicy:
    hosts: frozenset[str]
    origins: frozenset[str]

    @classmethod
    def build(
        cls, bind_host: str, extra_hosts: Iterable[str], extra_origins: Iterable[str]
    ) -> OriginPolicy:
        hosts = {*LOOPBACK_NAMES, *(h.strip().lower() for h in extra_hosts if h.strip())}
        if bind_host.strip().lower() not in WILDCARD_BINDS:
            hosts.add(bind_host.strip().lower().strip("[]"))
        origins = {o.strip().lower().rstrip("/") for o in extra_origins if o.strip()}
        return cls(hosts=frozenset(hosts), origins=frozenset(origins))

    def host_allowed(self, host_header: str | None) -> bool:
        parsed = split_host(host_header or "")
        return parsed is not None and parsed[0] in self.hosts

    def origin_allowed(self, origin: str, host_header: str | None) -> bool:
        """Same origin as the (already allowed) Host, or explicitly configured."""
        origin = origin.strip().lower().rstrip("/")
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.path or parts.query:
            return False
        try:
            origin_port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError:
            return False
        host = split_host(host_header or "")
        if host is None or parts.hostname is None:
            return False
        host_port = host[1] or DEFAULT_PORTS[parts.scheme]
        return parts.hostname == host[0] and origin_port == host_port and host[0] in self.hosts
