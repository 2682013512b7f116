"""The session clock: integer milliseconds since the session started."""

from __future__ import annotations

import time
from collections.abc import Callable


class SessionClock:
    """Every event's `t` and every timing mark reads this one clock."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._start = now()

    def __call__(self) -> int:
        return int((self._now() - self._start) * 1000)

    def ms(self) -> float:
        """Fractional milliseconds, for latency measurements finer than the event clock."""
        return (self._now() - self._start) * 1000.0
