"""The edge client: transcribe on this machine, send only text to a remote `/ws/live`.

Audio stays on the device even when the server is hosted: the server receives
`transcript` frames (partials and finals) and answers with the usual events.
The client proves who it is with `Authorization: Bearer <token>` (a local
install's token, or a server account's session token) and sends the Origin of
the server it talks to, as the server's security layer expects of a non-browser.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from intervoo.events import Channel, ErrorEvent, Event, TranscriptEvent

if TYPE_CHECKING:
    from intervoo.audio.frames import Pcm16
    from intervoo.stt import SttEngine

Frames = AsyncIterator[tuple[Channel, "Pcm16"]]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_EVENT_BYTES = 2**20


class EdgeError(Exception):
    """The edge client cannot start or the server refused it; `code` goes into error events."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def transcript_frame(event: TranscriptEvent) -> str:
    """What the edge sends for one local transcript: text only, never audio."""
    body = {"type": "transcript", "channel": event.channel.value, "text": event.text}
    return json.dumps({**body, "final": event.final}, ensure_ascii=False)


def edge_headers(
    url: str, token: str | None, data_dir: os.PathLike[str] | None = None
) -> dict[str, str]:
    """The handshake headers for `url`: the bearer token and the server's own Origin.

    Without `token`, a server on this machine is sent this install's token (from
    `data_dir`); a remote server needs one given explicitly."""
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise EdgeError("edge.bad_url", f"{url!r} is not a ws:// or wss:// URL")
    origin = f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"
    token = token or _local_token(parts.hostname, data_dir)
    if not token:
        raise EdgeError(
            "edge.no_token",
            "this server needs a token: pass --token or set INTERVOO_TOKEN "
            "(on the server: `intervoo token`, or sign in to get a session token)",
        )
    return {"Authorization": f"Bearer {token}", "Origin": origin}


def _local_token(host: str, data_dir: os.PathLike[str] | None) -> str | None:
    if data_dir is None or host.lower().strip("[]") not in LOCAL_HOSTS:
        return None
    from pathlib import Path

    from intervoo.security.token import TokenFileError, load_or_create_token, token_path

    folder = Path(data_dir)
    if not token_path(folder).exists():  # no install here: nothing to create a token for
        return None
    try:
        return load_or_create_token(folder)
    except TokenFileError as exc:
        raise EdgeError("edge.no_token", str(exc)) from None


async def run_edge(
    url: str,
    frames: Frames,
    engine: SttEngine,
    *,
    emit: Callable[[Event], None],
    start: Mapping[str, Any],
    headers: Mapping[str, str],
    vocabulary: tuple[str, ...] = (),
    clock: Callable[[], int] | None = None,
) -> None:
    """Stream local transcripts to `url` and hand the server's events to `emit` until it ends.
    Raises EdgeError when the server cannot be reached, refuses the client or hangs up."""
    import websockets
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
    from websockets.typing import Origin

    try:
        async with websockets.connect(
            url,
            additional_headers=[(k, v) for k, v in headers.items() if k != "Origin"],
            origin=Origin(headers["Origin"]) if "Origin" in headers else None,
            max_size=MAX_EVENT_BYTES,
        ) as socket:
            await _session(socket, frames, engine, emit, start, vocabulary, clock)
    except InvalidStatus as exc:
        status = exc.response.status_code
        hint = " (check --token)" if status in (401, 403) else ""
        raise EdgeError(
            "edge.refused", f"{url} refused the connection: HTTP {status}{hint}"
        ) from None
    except InvalidHandshake as exc:
        raise EdgeError("edge.refused", f"{url} is not a live socket: {exc}") from None
    except ConnectionClosed as exc:
        reason = exc.rcvd.reason if exc.rcvd and exc.rcvd.reason else "no reason given"
        raise EdgeError("edge.closed", f"the server closed the session: {reason}") from None
    except OSError as exc:
        raise EdgeError("edge.connect", f"cannot reach {url}: {exc}") from None


async def _session(
    socket: Any,
    frames: Frames,
    engine: SttEngine,
    emit: Callable[[Event], None],
    start: Mapping[str, Any],
    vocabulary: tuple[str, ...],
    clock: Callable[[], int] | None,
) -> None:
    from intervoo.audio.listen import transcribe_stream
    from intervoo.audio.pipeline import SpeechPipeline
    from intervoo.questions.completeness import completeness

    started = time.monotonic()
    pipeline = SpeechPipeline(
        engine,
        clock=clock or (lambda: int((time.monotonic() - started) * 1000)),
        completeness=completeness,
        vocabulary=vocabulary,
        on_error=emit,
    )
    await socket.send(json.dumps({"type": "start", **start}))
    reader = asyncio.create_task(_read_events(socket, emit), name="edge-read")
    try:
        async for event in transcribe_stream(pipeline, frames):
            if event.text.strip():
                await socket.send(transcript_frame(event))
        # A client that asked for a debrief at start asks for it at stop (it comes before close).
        await socket.send(json.dumps({"type": "stop", "debrief": bool(start.get("debrief"))}))
        await reader  # the server closes after the last answer
    finally:
        # On the way out after an error the reader's own end (cancelled, or the same closed
        # socket) adds nothing to it.
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)


async def _read_events(socket: Any, emit: Callable[[Event], None]) -> None:
    """Until the server closes; an abnormal close raises ConnectionClosedError."""
    from intervoo.live.wire import WireError, event_from_json

    async for message in socket:
        if not isinstance(message, str):
            continue
        try:
            emit(event_from_json(message))
        except (WireError, ValueError) as exc:  # a newer server's event: say so, go on
            emit(
                ErrorEvent("edge.bad_event", f"an event from the server was not understood: {exc}")
            )
