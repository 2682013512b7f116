"""One question's suggestion, from the first token to `suggestion.done` and its timing.

A job starts *held*: it computes as usual but buffers its events. A confirmed
question releases its job at once; a speculative one (started on a confident
partial) is released when the final transcript confirms it, or dropped. With an
LLM configured the job streams it under a first-token budget and falls back to
the offline composer, with a visible note, when the LLM is slow or failing.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from intervoo.copilot.answer import HOLDING_LINE, material_sources
from intervoo.copilot.compose import compose
from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory
from intervoo.copilot.material import Material, gather
from intervoo.copilot.prompts import build_messages
from intervoo.events import (
    Event,
    QuestionEvent,
    QuestionKind,
    SuggestionDelta,
    SuggestionDone,
    TimingEvent,
)
from intervoo.live.clock import SessionClock
from intervoo.llm.errors import LLMError
from intervoo.llm.ledger import PrivacyLedger
from intervoo.llm.protocols import PromptUsage

if TYPE_CHECKING:  # the client module imports httpx; the session only needs its type
    from intervoo.llm.client import LLMClient

log = logging.getLogger(__name__)

LLM_MAX_TOKENS = 320
INTERRUPTED_NOTE = "Interrupted: a new question came in."
CUT_NOTE = "The LLM kept writing past the answer's length limit, so the answer was cut there."
# Retrieval gives these kinds no story: their answer is the company, the role and the resume.
STORYLESS_KINDS = frozenset({QuestionKind.MOTIVATION, QuestionKind.CLOSING, QuestionKind.LOGISTICS})


@dataclass
class AnswerDeps:
    """What every job of one session shares."""

    ctx: CandidateContext
    history: ConversationHistory
    clock: SessionClock
    emit: Callable[[Event], None]
    ledger: PrivacyLedger
    llm: LLMClient | None = None
    llm_budget_s: float = 2.5
    stories_used: Callable[[tuple[str, ...]], None] | None = None


def snapshot(history: ConversationHistory) -> ConversationHistory:
    """A copy a worker thread may read while the event loop records the next question."""
    return ConversationHistory(deque(history, maxlen=history.exchanges.maxlen))


@dataclass
class QuestionTiming:
    speech_end: int | None = None
    transcript_final: int | None = None
    detected: int | None = None
    first_token: int | None = None
    done: int | None = None
    llm_first_token: int | None = None
    prompt_tokens: int | None = None
    cached_tokens: int | None = None


class AnswerJob:
    def __init__(self, question: QuestionEvent, deps: AnswerDeps) -> None:
        """Every job starts held; `release` shows it. A held job's LLM request waits until
        `send` or `release`."""
        self.question = question
        self.timing = QuestionTiming()
        self._deps = deps
        self._held = True
        self._go = asyncio.Event()  # the LLM request may go out
        self._buffer: list[SuggestionDelta | SuggestionDone] = []
        self._parts: list[str] = []
        self._visible_since_ms = deps.clock.ms()
        self._first_visible_ms: float | None = None
        self._finished = False
        self._stopped = False
        self._told: tuple[str, ...] = ()  # the stories the finished answer tells
        self._cut = False  # the LLM ignored max_tokens and its answer was cut
        self._sent = False  # its LLM request was charged and recorded: it is billed
        # Gathered by the task, in a worker thread: embedding the question takes tens of ms.
        self.material: Material | None = None
        self._gathered = asyncio.Event()  # set once material is gathered or the job stopped
        self._task = asyncio.create_task(self._run(), name=f"answer-{question.id}")

    @property
    def story_ids(self) -> tuple[str, ...]:
        """The story this answer tells; () until its material is gathered."""
        return tuple(story.id for story in self.material.stories[:1]) if self.material else ()

    @property
    def sent(self) -> bool:
        """Whether this job's LLM request went out (from the moment it is charged to the
        allowance and recorded in the ledger): a job stopped before that cost nothing."""
        return self._sent

    def release(self, confirmed: QuestionEvent) -> None:
        """The question is confirmed: show what is buffered and stream the rest live, under
        the confirmed id (a refreshed speculation may be confirmed under a new one)."""
        self.question = confirmed
        self._held = False
        self._go.set()
        self._visible_since_ms = self._deps.clock.ms()
        buffered, self._buffer = self._buffer, []
        for event in buffered:
            self._show(replace(event, question_id=confirmed.id))

    def send(self) -> None:
        """Send the LLM request now, still held: a later reading of the words agreed."""
        self._go.set()

    def stop(self) -> asyncio.Task[None]:
        """Cancel now (the LLM stream closes as the task unwinds); return the task to await.

        A visible answer that was still streaming ends with a note saying it was cut,
        before any event of the question that replaced it.
        """
        if not self._held and not self._finished:
            self._done(sources=(), note=INTERRUPTED_NOTE)
        self._stopped = True
        self._gathered.set()
        self._task.cancel()
        return self._task

    async def gathered(self) -> None:
        """Until `material` is gathered (it stays None if the job was stopped first)."""
        await self._gathered.wait()

    async def wait(self) -> None:
        """Until the answer is complete (the caller's cancellation does not cancel the job)."""
        await asyncio.shield(self._task)

    async def _run(self) -> None:
        if self._deps.llm is not None:
            # On screen at once, before the question is embedded (never a blank wait).
            self._delta(f"{HOLDING_LINE}\n")
        history = snapshot(self._deps.history)
        material = await asyncio.to_thread(gather, self.question, self._deps.ctx, history)
        self.material = material
        self._gathered.set()
        self._note_story()
        note = None
        if self._deps.llm is not None:
            await self._go.wait()
            try:
                if await self._stream_llm(self._deps.llm, material):
                    self._told = self.story_ids  # the prompt asks for one story: the best
                    self._done(material_sources(material), CUT_NOTE if self._cut else None)
                    return
                note = "The LLM sent an empty answer, so this is the offline answer."
            except TimeoutError:
                budget = self._deps.llm_budget_s
                note = f"The LLM gave no answer within {budget:g} s, so this is the offline answer."
            except LLMError as error:
                log.warning("llm failed question=%s code=%s", self.question.id, error.code)
                note = f"The LLM failed ({error.message}), so this is the offline answer."
            if not self._parts[-1].endswith("\n"):
                self._delta("\n")
        # Offline it is the answer; after an LLM that failed, it follows the holding line.
        answer = await asyncio.to_thread(compose, self.question, self._deps.ctx, history, material)
        self._told = answer.story_ids
        for phrase in answer.phrases:
            self._delta(phrase)
            await asyncio.sleep(0)  # stream phrase by phrase; let the writer send each one
        self._done(answer.sources, note=note)

    def _note_story(self) -> None:
        """A question confirmed before its material was gathered was recorded without its
        story: record it now, so the next question prefers another one."""
        exchange = self._deps.history.get(self.question.id)
        if exchange is not None and not exchange.story_ids:
            exchange.story_ids = self.story_ids

    async def _stream_llm(self, llm: LLMClient, material: Material) -> bool:
        """Stream the LLM's answer below the holding line; False if it sent nothing. Times out
        before the first token."""
        deps = self._deps
        messages = build_messages(self.question, deps.ctx, material)
        self._sent = True
        await deps.ledger.record(self.question.id, deps.clock(), llm.endpoint, llm.model, messages)
        stream = llm.stream(messages, max_tokens=LLM_MAX_TOKENS)
        try:
            async with asyncio.timeout(deps.llm_budget_s):
                first = await anext(stream, None)
            if first is None:
                return False
            self.timing.llm_first_token = deps.clock()
            self._delta(first)
            async for text in stream:
                self._delta(text)
            self._cut = stream.truncated
        finally:
            await stream.aclose()
            self._note_cache(stream.usage)
        return True

    def _note_cache(self, usage: PromptUsage | None) -> None:
        """The provider's cache figures, for the timing event and the ledger."""
        if usage is None:
            return
        self.timing.prompt_tokens, self.timing.cached_tokens = (
            usage.prompt_tokens,
            usage.cached_tokens,
        )
        self._deps.ledger.note_cache(self.question.id, usage.to_dict())

    def _delta(self, text: str) -> None:
        if not text:
            return
        self._parts.append(text)
        self._out(SuggestionDelta(question_id=self.question.id, text=text))

    def _done(self, sources: tuple[str, ...], note: str | None = None) -> None:
        self._finished = True
        done = SuggestionDone(
            question_id=self.question.id,
            text="".join(self._parts),
            sources=sources,
            note=note,
        )
        self._out(done)

    def _out(self, event: SuggestionDelta | SuggestionDone) -> None:
        if self._stopped:
            return
        if self._held:
            self._buffer.append(event)
        else:
            self._show(event)

    def _show(self, event: SuggestionDelta | SuggestionDone) -> None:
        clock = self._deps.clock
        if isinstance(event, SuggestionDelta):
            if self.timing.first_token is None:
                self.timing.first_token = clock()
                self._first_visible_ms = clock.ms()
            self._deps.emit(event)
            return
        self.timing.done = clock()
        ttft = None
        if self._first_visible_ms is not None:
            ttft = round(max(0.0, self._first_visible_ms - self._visible_since_ms), 3)
        self._deps.emit(
            SuggestionDone(event.question_id, event.text, event.sources, event.note, ttft)
        )
        exchange = self._deps.history.get(self.question.id)
        if exchange is not None:
            exchange.suggestion = event.text
        self._deps.emit(self._timing_event())
        if self._deps.stories_used is not None and self._told and event.note != INTERRUPTED_NOTE:
            self._deps.stories_used(self._told)

    def _timing_event(self) -> TimingEvent:
        t = self.timing
        return TimingEvent(
            question_id=self.question.id,
            speech_end=t.speech_end,
            transcript_final=t.transcript_final,
            detected=t.detected,
            first_token=t.first_token,
            done=t.done,
            llm_first_token=t.llm_first_token,
            prompt_tokens=t.prompt_tokens,
            cached_tokens=t.cached_tokens,
        )
