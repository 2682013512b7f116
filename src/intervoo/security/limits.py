"""Per-user limits of a server: concurrent live sessions and LLM spend per day.

Both are counted per app process (live sessions are pinned to the process that
holds their WebSocket; spend is metered where the LLM is called).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence

from intervoo.llm.errors import LLMError
from intervoo.llm.ledger import LedgerRegistry, PrivacyLedger
from intervoo.llm.messages import Message

DAY_S = 86_400
log = logging.getLogger(__name__)


class LiveSessionLimit:
    """At most `per_user` open live sessions for each user."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: defaultdict[str, int] = defaultdict(int)

    def try_open(self, user_id: str) -> bool:
        if self._open[user_id] >= self.per_user:
            return False
        self._open[user_id] += 1
        return True

    def close(self, user_id: str) -> None:
        self._open[user_id] -= 1
        if self._open[user_id] <= 0:
            del self._open[user_id]

    def open_count(self, user_id: str) -> int:
        return self._open.get(user_id, 0)


class LLMBudgetExceeded(LLMError):
    """The user's LLM allowance for today is spent; the live session answers offline."""

    code = "llm_budget"


class LLMSpendMeter:
    """Characters each user sent to the LLM today (UTC day), against a daily allowance."""

    def __init__(self, chars_per_day: int, clock: Callable[[], float] = time.time) -> None:
        self.chars_per_day = chars_per_day
        self._clock = clock
        self._day = -1
        self._spent: defaultdict[str, int] = defaultdict(int)

    def spent(self, user_id: str) -> int:
        self._roll_day()
        return self._spent.get(user_id, 0)

    def charge(self, user_id: str, chars: int) -> None:
        """Count `chars` against the allowance, or raise LLMBudgetExceeded (nothing counted)."""
        self._roll_day()
        if self._spent[user_id] + chars > self.chars_per_day:
            log.info("llm budget refused user=%s chars=%d", user_id, chars)
            raise LLMBudgetExceeded("your LLM allowance for today is used up", retryable=False)
        self._spent[user_id] += chars

    def _roll_day(self) -> None:
        day = int(self._clock() // DAY_S)
        if day != self._day:
            self._day = day
            self._spent.clear()


class MeteredLedgerRegistry(LedgerRegistry):
    """The live route's ledger registry, charging each LLM request to its user first.

    The ledger records a request just before it is sent, so a refusal here means
    nothing is sent and the answer comes from the offline composer instead.
    """

    def __init__(self, meter: LLMSpendMeter) -> None:
        super().__init__()
        self.meter = meter

    def open(self, ledger: PrivacyLedger) -> None:
        record = ledger.record
        meter = self.meter

        def charged_record(
            question_id: str, t: int, endpoint: str, model: str, messages: Sequence[Message]
        ) -> None:
            chars = sum(len(message["content"]) for message in messages)
            meter.charge(ledger.user_id or "", chars)
            record(question_id, t, endpoint, model, messages)

        # An instance attribute shadows the method for this ledger only.
        setattr(ledger, "record", charged_record)  # noqa: B010
        super().open(ledger)
