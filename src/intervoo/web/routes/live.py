"""`/ws/live` (the live protocol of DESIGN.md) and `GET /api/live/{id}/ledger`.

The first text frame is `start`; the session then preloads everything it needs
(resume, stories, target) so no database call sits on the question → answer path;
its one write, counting the stories shown answers told, runs after each answer.
A malformed frame is answered with an `error` event and the session goes on; a
client that disconnects mid-answer stops the LLM stream with the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any, cast

from fastapi import APIRouter, FastAPI, HTTPException, Request, WebSocket, status
from starlette.websockets import WebSocketDisconnect, WebSocketState

from intervoo.audio.frames import AudioFrame, FrameError, parse_frame
from intervoo.copilot.context import load_candidate_context
from intervoo.debrief.run import debrief_event, session_prep
from intervoo.events import ErrorEvent, Event, StatusEvent, TranscriptEvent, event_to_json
from intervoo.live.admission import AudioAdmission, default_capacity
from intervoo.live.audio import LiveAudio
from intervoo.live.device_turns import turn_end
from intervoo.live.protocol import Ask, DeviceTranscript, ProtocolError, Start, Stop, parse_command
from intervoo.live.refresh import StoryRefresh
from intervoo.live.session import LiveSession, configured_llm
from intervoo.live.usage import StoryUsage
from intervoo.llm.http import llm_http
from intervoo.llm.ledger import LedgerRegistry, ledgers_for
from intervoo.questions import QuestionDetector, classify
from intervoo.security.config import SecuritySettings
from intervoo.security.guard import WS_PROTOCOL
from intervoo.security.limits import memory_limits
from intervoo.store.errors import StoreError
from intervoo.web.deps import current_user_id, get_db

router = APIRouter(tags=["live"])
log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
# Events queued for a client that does not read them: past this, the session stops reading
# its frames until the client catches up (back-pressure, not an unbounded queue).
OUTBOX_HIGH_WATER = 512


def ledgers(app: FastAPI) -> LedgerRegistry:
    """The app's ledgers, kept with its limits (so in Redis when instances share them)."""
    registry = getattr(app.state, "live_ledgers", None)
    if registry is None:
        guard = getattr(app.state, "security", None)
        limits = guard.limits if guard is not None else memory_limits(SecuritySettings())
        metered = guard is not None and guard.server_mode
        registry = app.state.live_ledgers = ledgers_for(limits, metered=metered)
    return cast(LedgerRegistry, registry)


@router.get("/api/live/{session_id}/ledger")
async def live_ledger(session_id: str, request: Request) -> dict[str, Any]:
    """Exactly what text a live session sent to the LLM (nothing with the offline composer),
    read through any instance."""
    ledger = await ledgers(request.app).get(session_id, current_user_id(request))
    if ledger is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no live session with that id")
    return ledger


class Outbox:
    """One writer per socket: events are queued by whoever emits them and sent in order."""

    def __init__(self, websocket: WebSocket) -> None:
        self._socket = websocket
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._room = asyncio.Event()
        self._room.set()
        self._writer = asyncio.create_task(self._write(), name="live-outbox")

    def put(self, event: Event) -> None:
        self._queue.put_nowait(event)
        if self._queue.qsize() >= OUTBOX_HIGH_WATER:
            self._room.clear()

    async def wait_for_room(self) -> None:
        """Until the client has read enough of what is queued for it."""
        await self._room.wait()

    async def _write(self) -> None:
        try:
            while (event := await self._queue.get()) is not None:
                await self._socket.send_text(event_to_json(event))
                if self._queue.qsize() < OUTBOX_HIGH_WATER // 2:
                    self._room.set()
        finally:  # a gone client: let the reader go on to see the disconnect
            self._room.set()

    async def aclose(self) -> None:
        """Send what is queued, then stop (a gone client just ends the writer)."""
        self._queue.put_nowait(None)
        try:
            await self._writer
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass


@router.websocket("/ws/live")
async def live_socket(websocket: WebSocket) -> None:
    identify = getattr(websocket.app.state, "identify", None)
    user_id = identify(cast(Request, websocket)) if identify is not None else None
    if not user_id:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="sign in first")
        return
    # A browser page authenticates by offering the subprotocol pair (intervoo, its token).
    offered = websocket.scope.get("subprotocols") or []
    await websocket.accept(subprotocol=WS_PROTOCOL if WS_PROTOCOL in offered else None)
    outbox = Outbox(websocket)
    try:
        start = await _receive_start(websocket, outbox)
        if start is not None:
            await _run_session(websocket, outbox, user_id, start)
    except WebSocketDisconnect:
        pass
    except Exception as exc:  # a bug must not end a session without a word to the client
        log.error("live session failed: %s", type(exc).__name__)  # no text: it may quote speech
        outbox.put(ErrorEvent("session.failed", "the live session failed; start a new one"))
    finally:
        await outbox.aclose()
        if websocket.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await websocket.close()


async def _receive_start(websocket: WebSocket, outbox: Outbox) -> Start | None:
    """The first frame must be `start`; until it comes, other frames are errors."""
    async with asyncio.timeout(START_TIMEOUT_S):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return None
            text = message.get("text")
            try:
                command = parse_command(text) if text is not None else None
            except ProtocolError as error:
                outbox.put(ErrorEvent(error.code, error.message))
                continue
            if isinstance(command, Start):
                return command
            outbox.put(ErrorEvent("session.not_started", 'send {"type":"start"} first'))


async def _run_session(websocket: WebSocket, outbox: Outbox, user_id: str, start: Start) -> None:
    app = websocket.app
    db = get_db(cast(Request, websocket))
    reload = functools.partial(
        load_candidate_context, db, user_id, company=start.company, role=start.role
    )
    try:
        ctx = await asyncio.to_thread(reload)
    except StoreError as exc:  # a damaged row: say which, rather than drop the socket
        outbox.put(ErrorEvent("session.context_unreadable", str(exc)))
        return
    usage = StoryUsage(db, user_id, on_error=outbox.put)
    async with llm_http(app.state.settings) as http:
        llm = None if start.llm == "none" else configured_llm(app.state.settings, http, outbox.put)
        session = LiveSession(
            ctx,
            emit=outbox.put,
            detector=QuestionDetector(),
            classify=classify,
            llm=llm,
            stories_used=usage.record,
        )
        registry = ledgers(app)
        await registry.open(session.ledger)
        audio = AudioInput(session, app)
        refresh = StoryRefresh(session, reload, db.story_changes, user_id)
        # The debrief's vectors, made while the interview goes on, for a client that will ask.
        prep = session_prep(session, ctx) if start.debrief else None
        try:
            session.start()
            stop = await _serve(websocket, session, audio, outbox)
            if stop is not None and stop.debrief:  # built in memory, sent, not stored
                session.emit(await debrief_event(session, ctx, prep, llm))
        finally:
            if prep is not None:
                await prep.aclose()
            await refresh.aclose()
            await audio.aclose()
            await session.aclose()
            await usage.aclose()
            await registry.close(session.id)
            session.emit(StatusEvent(state="stopped", session_id=session.id))


async def _serve(
    websocket: WebSocket, session: LiveSession, audio: AudioInput, outbox: Outbox
) -> Stop | None:
    """Dispatch frames until stop (returned) or disconnect, one at a time: a client that sends
    faster than its frames are handled, or reads slower than its events come, is held back."""
    while True:
        await outbox.wait_for_room()
        # Frames already buffered are read without a pause: give the other connections (and
        # /healthz) their turn between any two of this one's frames.
        await asyncio.sleep(0)
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return None
        data = message.get("bytes")
        if data is not None:
            try:
                frame = parse_frame(data)  # before the engine loads: a bad frame costs nothing
            except FrameError as error:
                session.emit(ErrorEvent(error.code, str(error)))
                continue
            await audio.feed(frame)
            continue
        try:
            command = parse_command(message.get("text") or "")
        except ProtocolError as error:
            session.emit(ErrorEvent(error.code, error.message))
            continue
        if isinstance(command, Stop):
            await audio.finish()
            await session.finish()
            return command
        _dispatch(session, command)


def _dispatch(session: LiveSession, command: Start | DeviceTranscript | Ask) -> None:
    if isinstance(command, DeviceTranscript):
        if answer := turn_end(command):  # first: the device is waiting on it to end the turn
            session.emit(answer)
        now = session.clock()
        session.on_transcript(
            TranscriptEvent(command.channel, command.text, command.final, start=now, end=now)
        )
    elif isinstance(command, Ask):
        session.ask(command.text)
    else:
        session.emit(ErrorEvent("session.already_started", "this session has already started"))


class AudioInput:
    """The session's speech pipeline, opened on the first audio frame. An engine that cannot
    load is reported once; the frames that follow are dropped, not each answered by an error."""

    def __init__(self, session: LiveSession, app: FastAPI) -> None:
        self._session = session
        self._app = app
        self._audio: LiveAudio | None = None
        self._unavailable = False

    async def feed(self, frame: AudioFrame) -> None:
        if self._audio is None and not self._unavailable:
            from intervoo.stt import SttError

            admission = audio_admission(self._app)
            if not admission.try_admit(self._session.id):
                self._unavailable = True
                self._session.emit(ErrorEvent("live.audio_busy", admission.refusal()))
                return
            try:
                engine = await _stt_engine(self._app)
            except SttError as error:
                self._unavailable = True
                admission.release(self._session.id)
                self._session.emit(ErrorEvent("stt.unavailable", str(error)))
                return
            self._audio = LiveAudio(self._session, engine)
        if self._audio is not None:
            await self._audio.feed(frame)

    async def finish(self) -> None:
        """End of audio: every pending transcript reaches the session."""
        if self._audio is not None:
            await self._audio.finish()

    async def aclose(self) -> None:
        try:
            if self._audio is not None:
                await self._audio.aclose()
        finally:
            audio_admission(self._app).release(self._session.id)


def audio_admission(app: FastAPI) -> AudioAdmission:
    """The server's one count of sessions transcribing audio (see `intervoo.live.admission`)."""
    admission = getattr(app.state, "audio_admission", None)
    if admission is None:
        configured = app.state.settings.live_audio_sessions
        admission = app.state.audio_admission = AudioAdmission(configured or default_capacity())
    return cast(AudioAdmission, admission)


async def warm_speech_model(app: FastAPI) -> None:
    """Load the speech model now (a server does it right after start), not on the first frame.
    An engine that cannot load is logged here and reported to the first session that sends
    audio, as before."""
    from intervoo.stt import SttError

    try:
        await _stt_engine(app)
    except SttError as error:
        log.warning("speech model not loaded: %s", error)


def speech_model_state(app: FastAPI) -> str:
    """The speech model's state: ready, loading, or not loaded (not warmed, or it failed)."""
    if getattr(app.state, "stt_engine", None) is not None:
        return "ready"
    lock = getattr(app.state, "live_stt_lock", None)
    return "loading" if lock is not None and lock.locked() else "not loaded"


async def _stt_engine(app: FastAPI) -> Any:
    """Loaded once per server, on the first audio frame (it takes seconds), then shared."""
    lock = getattr(app.state, "live_stt_lock", None)
    if lock is None:
        lock = app.state.live_stt_lock = asyncio.Lock()
    async with lock:
        engine = getattr(app.state, "stt_engine", None)
        if engine is None:
            from intervoo.stt import load_engine

            engine = await asyncio.to_thread(load_engine, app.state.settings)
            app.state.stt_engine = engine
    return engine
