"""Embedding what the debrief will compare while the interview goes on, so Stop is quick.

Every few seconds the prep looks at the session's record and embeds, in a worker thread
and a few short texts at a time, what is new: each question, the points of each finished
suggestion, each sentence the candidate said, and each answer once it is over (the next
question came, or the candidate has been quiet for a while). At Stop, `finish` embeds the
little that is left. Nothing here is kept after the session.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from intervoo.companies.model import CompanyValue
from intervoo.debrief.answers import Answered, answered_questions
from intervoo.debrief.follow_ups import value_text
from intervoo.debrief.text import sentences, suggestion_points
from intervoo.debrief.vectors import SessionVectors
from intervoo.live.record import SessionRecord

log = logging.getLogger(__name__)

TICK_S = 2.0
QUIET_S = 4.0  # the candidate silent this long: their current answer is probably over
BATCH = 8  # texts per worker-thread call: short calls leave the CPU to speech recognition


def wanted(answered: list[Answered], *, open_answer: bool) -> tuple[list[str], list[str]]:
    """(queries, passages) a debrief of these answers embeds. The last answer counts only
    when `open_answer`: its words may still grow."""
    queries: list[str] = []
    passages: list[str] = []
    for index, item in enumerate(answered):
        queries.append(item.question.text)
        passages.extend(suggestion_points(item.suggestion))
        passages.extend(sentences(item.said))
        closed = index < len(answered) - 1 or open_answer
        if item.said and closed:
            passages.append(item.said)
    return queries, passages


class DebriefPrep:
    def __init__(
        self, record: SessionRecord, vectors: SessionVectors, *, tick_s: float = TICK_S,
        values: Sequence[CompanyValue] = (), clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        """`values`: the company's, which the follow-up questions compare the answers with."""
        self.record = record
        self._values = [value_text(v) for v in values]
        self.vectors = vectors
        self._tick_s = tick_s
        self._clock = clock
        self._done: set[tuple[str, str]] = set()
        self._heard = (0, clock())  # candidate finals seen, and when that count last grew
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="debrief-prep")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._tick_s)
            try:
                await self._embed_new(open_answer=self._quiet())
            except Exception as error:  # a failed prep only makes Stop slower
                log.warning("debrief prep failed: %s", type(error).__name__)

    def _quiet(self) -> bool:
        count, since = self._heard
        now = self._clock()
        if len(self.record.candidate) != count:
            self._heard = (len(self.record.candidate), now)
            return False
        return now - since >= QUIET_S

    async def _embed_new(self, *, open_answer: bool) -> None:
        queries, passages = wanted(answered_questions(self.record), open_answer=open_answer)
        passages = self._values + passages
        for kind, texts in (("query", queries), ("passage", passages)):
            new = [t for t in dict.fromkeys(texts) if (kind, t) not in self._done]
            for start in range(0, len(new), BATCH):
                batch = new[start : start + BATCH]
                embed = (
                    self.vectors.embed_queries if kind == "query" else self.vectors.embed_passages
                )
                await asyncio.to_thread(embed, batch)
                self._done.update((kind, t) for t in batch)

    async def finish(self) -> None:
        """Stop the ticks; embed what the debrief needs and the ticks have not reached."""
        await self.aclose()
        await self._embed_new(open_answer=True)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
