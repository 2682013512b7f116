"""LiveSession: one interview, transcripts in, questions and streamed suggestions out.

Transcripts come from the server's speech pipeline (audio frames) or from the
client's own device. Each goes to the question detector; a confident partial
starts a held answer, the final confirms it (released at once) or drops it.
The detector speculates once per utterance, often on an early partial ("tell
me about a time you"); later partials of the same utterance refresh the held
answer when their words would change it, so that the held answer is still the
right one when the final arrives. The guess's LLM request, and each refresh's, goes
out once a later partial keeps its material (or at the final). When the speech pipeline
says the turn is over on a quick decode of the words (`ends_turn`) and the held answer is
for those words, it is shown then, without waiting for the final's fuller decode; the
final keeps it when it says the same question, and replaces it otherwise. At most
one answer is visible and at most one is held: a confirmed question stops the
others, so questions in quick succession never pile up work.

With an LLM each question may send at most MAX_LLM_REQUESTS_PER_QUESTION requests
(every one sent is billed, in the ledger and in a server's allowance, even if it is
cancelled before its first token). The final is always answered by the LLM: it reuses
the held answer when that answers the same question, or sends the last request; and
when a refresh on a partial already sent the last one, the final of that utterance is
bound to it (the LLM's answer to its words a moment earlier) rather than falling back
to the offline composer.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol
from uuid import uuid4

from rapidfuzz import fuzz

from intervoo.copilot.context import CandidateContext
from intervoo.copilot.history import ConversationHistory, Exchange
from intervoo.copilot.material import gather
from intervoo.events import (
    Channel,
    ErrorEvent,
    Event,
    QuestionEvent,
    QuestionKind,
    StatusEvent,
    TranscriptEvent,
)
from intervoo.live.answer_job import STORYLESS_KINDS, AnswerDeps, AnswerJob, snapshot
from intervoo.live.clock import SessionClock
from intervoo.live.record import SessionRecord
from intervoo.live.warm import PrefixWarmer
from intervoo.llm.ledger import PrivacyLedger
from intervoo.questions.completeness import completeness
from intervoo.stt.wer import normalize_text

if TYPE_CHECKING:
    import httpx

    from intervoo.config import Settings
    from intervoo.llm.client import LLMClient

log = logging.getLogger(__name__)

DEFAULT_LLM_BUDGET_S = 2.5
MAX_ASK_CHARS = 2000
SAME_WORDS_SIMILARITY = 90.0  # rapidfuzz ratio of two transcripts of one question
REFRESH_CONFIDENCE = 0.85  # as sure as the detector must be to speculate at all
# The offline composer's held answer follows a partial only once its words sound finished (the
# endpointer's own "finished question" score): earlier partials ("tell me about a time you")
# are rarely what the final says, and each costs a worker thread an embedding.
FOLLOW_COMPLETENESS = 0.9
# LLM requests one question may send: its speculation and one restart, either a refresh on a
# later partial or, at the final, a new request. A job stopped before it sent costs nothing.
MAX_LLM_REQUESTS_PER_QUESTION = 2


class Detector(Protocol):
    def feed(self, event: TranscriptEvent) -> list[QuestionEvent]: ...


class ClassificationLike(Protocol):
    @property
    def is_question(self) -> bool: ...

    @property
    def kind(self) -> QuestionKind | None: ...

    @property
    def confidence(self) -> float: ...


Classify = Callable[[str], ClassificationLike]
StoriesUsed = Callable[[tuple[str, ...]], None]


def same_words(a: str, b: str) -> bool:
    """Two transcripts of the same question: their normalized words (case, punctuation,
    numbers, contractions; as word error rates are scored) agree but for a misheard sound."""
    return fuzz.ratio(normalize_text(a), normalize_text(b)) >= SAME_WORDS_SIMILARITY


def configured_llm(
    settings: Settings, http: httpx.AsyncClient, emit: Callable[[Event], None]
) -> LLMClient | None:
    """The configured LLM, or None (the offline composer); a broken configuration is reported
    as an error event, not fatal."""
    from intervoo.llm import LLMError, create_client

    try:
        return create_client(settings, http)
    except LLMError as error:
        emit(ErrorEvent(error.code, f"{error.message} — using the offline composer"))
        return None


class LiveSession:
    def __init__(
        self,
        ctx: CandidateContext,
        *,
        emit: Callable[[Event], None],
        detector: Detector,
        classify: Classify,
        llm: LLMClient | None = None,
        clock: SessionClock | None = None,
        session_id: str | None = None,
        llm_budget_s: float = DEFAULT_LLM_BUDGET_S,
        stories_used: StoriesUsed | None = None,
    ) -> None:
        """`stories_used` hears the ids of the stories each complete, shown answer told
        (the caller records them off the hot path)."""
        self.id = session_id or uuid4().hex
        self.clock = clock or SessionClock()
        self.ledger = PrivacyLedger(self.id, ctx.user_id)
        self.history = ConversationHistory()
        self.record = SessionRecord()  # the whole interview, for its debrief (read-only)
        self._sink = emit
        self._detector = detector
        self._classify = classify
        self._deps = AnswerDeps(
            ctx, self.history, self.clock, self.emit, self.ledger, llm, llm_budget_s, stories_used
        )
        self._visible: AnswerJob | None = None
        self._held: AnswerJob | None = None
        self._held_jobs: list[AnswerJob] = []  # every job started for the held question
        self._held_outdated = False  # later words changed its material past the last restart
        self._stopping: set[asyncio.Task[None]] = set()
        self._refreshing: asyncio.Task[None] | None = None
        self._refresh_text = ""  # the words of the refresh on its way
        self._refresh_kept = False  # a later partial said them again meanwhile
        # Shown when the turn ended on a quick decode, until the utterance's final: the
        # question, and every job started for it (their LLM requests count).
        self._early: tuple[QuestionEvent, list[AnswerJob]] | None = None
        # The turn's end that came while a refresh was on its way: looked at when it is done.
        self._turn_over: tuple[TranscriptEvent, int] | None = None
        self._ask_ids = itertools.count(1)
        self._closed = False
        # Issue 31: the LLM's prompt cache gets the session prefix before the first question.
        self._warmer = PrefixWarmer(llm, self.ledger, self.clock, self.emit) if llm else None

    def replace_context(self, ctx: CandidateContext) -> None:
        """Answers started from now on use `ctx` (the user's stories changed)."""
        self._deps.ctx = ctx
        if self._warmer is not None and not self._closed:
            self._warmer.warm(ctx)  # a new dossier: a new prefix to cache

    def emit(self, event: Event) -> None:
        """Stamp the session time on an event, note it in the record, hand it to the client."""
        stamped = replace(event, t=self.clock())
        self.record.observe(stamped)
        self._sink(stamped)

    def start(self) -> None:
        ctx, llm = self._deps.ctx, self._deps.llm
        detail = {
            "company": ctx.company_name,
            "role": ctx.role,
            "stories": len(ctx.stories),
            "llm": f"{llm.provider}:{llm.model}" if llm else "offline composer",
        }
        self.emit(StatusEvent(state="started", session_id=self.id, detail=detail))
        log.info("live session started id=%s stories=%d", self.id, len(ctx.stories))
        if self._warmer is not None:
            self._warmer.warm(ctx)

    def on_transcript(self, event: TranscriptEvent) -> None:
        if self._closed:
            return
        received = self.clock()
        self.emit(event)
        if event.ends_turn:
            self._show_at_turn_end(event, received)
            return
        if event.channel is Channel.CANDIDATE and event.final:
            self.history.add_candidate_speech(event.text)
        questions = self._detector.feed(event)
        for question in questions:
            if question.speculative:
                self._speculate(question)
            else:
                self._confirm(question, event, received)
        if event.channel is not Channel.INTERVIEWER:
            return
        if event.final:
            self._early = self._turn_over = None
        if self._held is None:
            return
        if event.final:
            self._drop_held()  # the utterance ended without confirming it
        elif not questions:
            self._refresh_held(event.text)

    def _show_at_turn_end(self, event: TranscriptEvent, received: int) -> None:
        """The interviewer's turn is over on these words: show the held answer now if it is
        theirs (the final, a fuller decode of the same audio, comes later)."""
        held = self._held
        if event.channel is not Channel.INTERVIEWER or held is None:
            return
        if self._refreshing is not None and not self._refreshing.done():
            self._turn_over = (event, received)  # looked at again when the refresh is back
            log.debug("turn end waits id=%s: a refresh is on its way", held.question.id)
            return
        question = self._turn_end_question(held, event.text)
        if question is None:
            return
        jobs = self._held_jobs
        self._confirm(question, event, received)
        self._early = (question, jobs)

    def _turn_end_question(self, held: AnswerJob, text: str) -> QuestionEvent | None:
        """The held answer's question, confirmed with these words, if the final would show
        that answer for them; None (and why, in the debug log) if not."""
        why = ""
        found = self._classify(text)
        kind = found.kind or held.question.kind
        question = replace(
            held.question, text=text, kind=kind, confidence=found.confidence, speculative=False
        )
        if not found.is_question or found.confidence < REFRESH_CONFIDENCE:
            why = "not surely a question"
        elif not self._reusable(held, question):
            why = "the held answer is for other words"
        if why:
            log.debug("turn end shows nothing id=%s: %s", held.question.id, why)
            return None
        return question

    def _keeps_early(self, question: QuestionEvent, transcript: TranscriptEvent | None) -> bool:
        """The final of an utterance whose answer is already shown (`_show_at_turn_end`):
        keep it if the final says the same question, or if the question has no LLM request
        left for a new answer."""
        early = self._early
        if early is None or transcript is None or not transcript.final:
            return False
        shown, jobs = early
        visible = self._visible
        if visible is None or visible.question.id != shown.id:
            return False
        same = question.id == shown.id or same_words(shown.text, question.text)
        if not (same or not self._request_left(jobs)):
            return False
        log.info("question id=%s final keeps the answer shown at the turn's end", shown.id)
        if question.text != shown.text:  # the fuller decode's words, on the same card
            self.emit(replace(shown, text=question.text))
        return True

    def ask(self, text: str) -> None:
        """A question typed or triggered by hand: answered at once, no detection needed."""
        text = " ".join(text.split())
        if not text or len(text) > MAX_ASK_CHARS:
            self.emit(ErrorEvent("bad_question", f"ask needs 1 to {MAX_ASK_CHARS} characters"))
            return
        found = self._classify(text)
        kind = found.kind or QuestionKind.BEHAVIORAL
        question = QuestionEvent(
            id=f"ask-{next(self._ask_ids)}",
            text=text,
            kind=kind,
            confidence=found.confidence,
            speculative=False,
        )
        self._confirm(question, None, self.clock())

    def _speculate(self, question: QuestionEvent) -> None:
        """Start a hidden answer. A visible one goes on: the question may not be confirmed."""
        if self._held is not None and self._held.question.id == question.id:
            self._refresh_held(question.text)  # a detector that speculates again, on new words
            return
        self._drop_held()
        self.emit(question)
        # Its request waits for a later partial that keeps it (or the final): the detector's
        # guess comes on the first few words, often misheard ("do you family?"), and sending
        # it at once cost 1.55 requests per question against 1.35-1.45 (bench/live_latency's
        # 20 questions, side by side in one run), with the same final -> first token.
        self._held = AnswerJob(question, self._deps)
        self._held_jobs, self._held_outdated = [self._held], False

    def _refresh_held(self, partial: str) -> None:
        """A later partial of the speculated utterance: restart the held answer if these
        words would not reuse it."""
        held = self._held
        text = " ".join(partial.split())
        if held is None or not text:
            return
        if self._deps.llm is None:
            self._follow_words(held, text)
            return
        if text == held.question.text:
            held.send()
            return
        found = self._classify(text)
        if not found.is_question or found.confidence < REFRESH_CONFIDENCE:
            return
        kind = found.kind or held.question.kind
        updated = replace(held.question, text=text, kind=kind, confidence=found.confidence)
        same_kind = kind == held.question.kind
        if same_words(held.question.text, text) or (same_kind and kind in STORYLESS_KINDS):
            held.send()  # these words keep it: its guess is worth a request
            return
        refreshing = self._refreshing
        if refreshing is not None and not refreshing.done():
            if same_words(self._refresh_text, text):
                self._refresh_kept = True  # the refresh on its way is kept: it sends at once
                return
            refreshing.cancel()  # only the latest words count
        self._refresh_text, self._refresh_kept = text, False
        self._refreshing = asyncio.create_task(
            self._refresh(held, updated, same_kind), name="refresh-held"
        )
        self._refreshing.add_done_callback(self._after_refresh)

    def _after_refresh(self, task: asyncio.Task[None]) -> None:
        """A turn that ended while this refresh was on its way is looked at again now."""
        if task is not self._refreshing or task.cancelled():
            return  # a later refresh replaced it, or the session stopped it
        pending, self._turn_over = self._turn_over, None
        if pending is not None and not self._closed:
            self._show_at_turn_end(*pending)

    def _follow_words(self, held: AnswerJob, text: str) -> None:
        """The offline composer: the held answer follows the latest confident partial, so that
        a final saying the same words finds its material gathered and its answer composed
        (embedding the question and choosing its material were most of final -> first token,
        ~13-48 ms). It costs no request, only a worker thread's few ms per partial that sounds
        finished: the final says the words of those, rarely those of earlier ones."""
        if same_words(held.question.text, text) or completeness(text) < FOLLOW_COMPLETENESS:
            return
        found = self._classify(text)
        if not found.is_question or found.confidence < REFRESH_CONFIDENCE:
            return
        kind = found.kind or held.question.kind
        updated = replace(held.question, text=text, kind=kind, confidence=found.confidence)
        self._retire(held)
        self._held = AnswerJob(updated, self._deps)
        self._held_jobs = [self._held]

    async def _refresh(self, held: AnswerJob, updated: QuestionEvent, same_kind: bool) -> None:
        """Restart the held answer unless these words keep its kind and story. Finding their
        story embeds them (tens of ms): in a worker thread, the event loop goes on meanwhile."""
        if same_kind and await self._same_story(held, updated):
            held.send()
            return
        if self._held is not held or self._closed:
            return  # confirmed or dropped meanwhile
        if not self._request_left():
            self._held_outdated = True  # no request left: the final is bound to this answer
            return
        log.debug("speculation refreshed id=%s chars=%d", held.question.id, len(updated.text))
        self._retire(held)
        # Like the guess, the refresh sends once a later partial keeps it (or at the final):
        # words still changing ("Where do you see yourself?" -> "... in five years?") would
        # each cost a request. Sending each refresh at once cost 1.40 requests per question
        # on bench/live_latency's 20 (8 of them 2), with the composer's opener on screen at
        # the final either way.
        self._held = AnswerJob(updated, self._deps)
        self._held_jobs.append(self._held)
        if self._refresh_kept:
            self._held.send()

    def _request_left(self, jobs: list[AnswerJob] | None = None) -> bool:
        """Whether the question of `jobs` (by default the held one's) may start one more LLM
        request: those its jobs sent are spent; a job's own, if not yet sent, is freed by
        stopping it."""
        sent = sum(job.sent for job in (self._held_jobs if jobs is None else jobs))
        return sent < MAX_LLM_REQUESTS_PER_QUESTION

    async def _same_story(self, held: AnswerJob, updated: QuestionEvent) -> bool:
        await held.gathered()
        if not held.story_ids:
            return False
        found = await asyncio.to_thread(gather, updated, self._deps.ctx, snapshot(self.history))
        return tuple(story.id for story in found.stories[:1]) == held.story_ids

    def _drop_held(self) -> None:
        if self._held is not None:
            self._retire(self._held)
            self._held = None
        self._held_jobs = []

    def _confirm(
        self, question: QuestionEvent, transcript: TranscriptEvent | None, received: int
    ) -> None:
        if self._keeps_early(question, transcript):
            return
        held, self._held = self._held, None
        reuse = held is not None and (
            self._answers(held, question) or self._bound(question, transcript)
        )
        self._held_jobs = []
        if held is not None and not reuse:
            self._retire(held)
        if self._visible is not None:
            self._retire(self._visible)
        self.emit(question)
        job = held if reuse and held is not None else AnswerJob(question, self._deps)
        # A question the candidate's answer confirmed has no interviewer final to time.
        if (
            transcript is not None
            and (transcript.final or transcript.ends_turn)
            and transcript.channel is Channel.INTERVIEWER
        ):
            job.timing.speech_end = transcript.end
            job.timing.transcript_final = received
        job.timing.detected = self.clock()
        parent = question.follow_up_of
        self.history.record(
            Exchange(question.id, question.text, question.kind, story_ids=job.story_ids)
        )
        log.info(
            "question id=%s kind=%s follow_up=%s answer=%s",
            question.id,
            question.kind,
            bool(parent),
            "held" if reuse else "new",
        )
        self._visible = job
        job.release(question)

    def _bound(self, question: QuestionEvent, transcript: TranscriptEvent | None) -> bool:
        """The final of the held answer's own utterance, with no LLM request left: the held
        answer is the LLM's answer to this utterance's words of a moment ago, and the final
        must not fall back to the offline composer because partials spent its requests. (A
        held answer never outlives an interviewer final: the one that confirms a question here
        is its utterance's. A typed question or one the candidate's answer confirmed is
        another question, with requests of its own.)"""
        if transcript is None or not transcript.final or self._request_left():
            return False
        if transcript.channel is not Channel.INTERVIEWER:
            return False
        log.info("llm requests spent id=%s: the final keeps the held answer", question.id)
        return True

    def _answers(self, held: AnswerJob, question: QuestionEvent) -> bool:
        """Whether the held answer may be shown for this confirmed question: the detector
        confirmed the speculation (same id), or a refresh brought the held answer to the words
        the final says (the detector compares the final with its own first speculative text,
        and gives it a new id when that early partial was misheard)."""
        same = held.question.id == question.id or same_words(held.question.text, question.text)
        return same and self._reusable(held, question)

    def _reusable(self, held: AnswerJob, question: QuestionEvent) -> bool:
        """Keep a speculative answer if it answers the same words. With an LLM, the same kind
        and the same material are close enough (that is what speculation buys): for kinds that
        tell no story, the company and role alone; otherwise the same best story, which each
        later partial checks (`_refresh`) so that the final need not embed its words on the
        event loop. Without a story yet ("tell me about a time you"), only the words can say
        it is the same question. The composer simply recomputes."""
        if same_words(held.question.text, question.text):
            return True
        if self._deps.llm is None or self._held_outdated or held.question.kind != question.kind:
            return False
        return question.kind in STORYLESS_KINDS or bool(held.story_ids)

    def _retire(self, job: AnswerJob) -> None:
        task = job.stop()
        if not task.done():
            self._stopping.add(task)
            task.add_done_callback(self._stopping.discard)

    def _stop_all(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()
            self._stopping.add(self._refreshing)
        for job in (self._visible, self._held):
            if job is not None:
                self._retire(job)
        self._visible = self._held = None

    async def finish(self) -> None:
        """End of input: let the visible answer complete; an unconfirmed one is dropped."""
        self._drop_held()
        await self.answered()

    async def answered(self) -> None:
        """Until the answer on screen is complete."""
        if self._visible is not None:
            await self._visible.wait()

    async def aclose(self) -> None:
        """Stop everything now (a disconnected client): LLM streams close, tasks are awaited."""
        self._closed = True
        self._stop_all()
        warming = self._warmer.stop() if self._warmer is not None else None
        stopping = [*self._stopping, *([warming] if warming else [])]
        await asyncio.gather(*stopping, return_exceptions=True)
        log.info("live session closed id=%s questions=%d", self.id, len(self.history))
