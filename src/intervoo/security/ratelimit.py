"""Sliding-window rate limits kept in memory, with bounded size. Pure: the clock is injected.

Used for login attempts per client address and failed logins per account. A
refused attempt costs a dict lookup, so a flood of them cannot slow anyone else.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_TRACKED_KEYS = 100_000


class SlidingWindowLimiter:
    """At most `limit` events per `window_s` seconds for each key."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_TRACKED_KEYS,
    ) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("a rate limit needs limit >= 1 and window_s > 0")
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may act again; 0 when it may act now."""
        events = self._fresh(key)
        if events is None or len(events) < self.limit:
            return 0.0
        return max(0.0, events[0] + self.window_s - self._clock())

    def hit(self, key: str) -> None:
        """Count one event for `key`."""
        events = self._fresh(key)
        if events is None:
            events = self._events[key] = deque(maxlen=self.limit)
            self._evict_oldest_keys()
        events.append(self._clock())
        self._events.move_to_end(key)

    def take(self, key: str) -> float:
        """Count an event if allowed: returns 0 when counted, else the seconds to wait."""
        wait = self.retry_after(key)
        if wait == 0.0:
            self.hit(key)
        return wait

    def reset(self, key: str) -> None:
        self._events.pop(key, None)

    def _fresh(self, key: str) -> deque[float] | None:
        events = self._events.get(key)
        if events is None:
            return None
        horizon = self._clock() - self.window_s
        while events and events[0] <= horizon:
            events.popleft()
        return events

    def _evict_oldest_keys(self) -> None:
        # Least recently active keys go first; an attacker rotating keys only evicts itself.
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)
