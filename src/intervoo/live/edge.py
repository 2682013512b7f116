"""The edge client: transcribe on this machine, send only text to a remote `/ws/live`.

Audio stays on the device even when the server is hosted: the server receives
`transcript` frames (partials and finals) and answers with the usual events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from intervoo.events import Channel, ErrorEvent, Event, TranscriptEvent

if TYPE_CHECKING:
    from intervoo.audio.frames import Pcm16
    from intervoo.stt import SttEngine

Frames = AsyncIterator[tuple[Channel, "Pcm16"]]


def transcript_frame(event: TranscriptEvent) -> str:
    """What the edge sends for one local transcript: text only, never audio."""
    body = {"type": "transcript", "channel": event.channel.value, "text": event.text}
    return json.dumps({**body, "final": event.final}, ensure_ascii=False)


async def run_edge(
    url: str,
    frames: Frames,
    engine: SttEngine,
    emit: Callable[[Event], None],
    *,
    start: dict[str, Any],
) -> None:
    """Stream local transcripts to `url` and hand the server's events to `emit` until it ends."""
    import websockets

    from intervoo.audio.listen import transcribe_stream
    from intervoo.audio.pipeline import SpeechPipeline

    started = time.monotonic()
    pipeline = SpeechPipeline(
        engine, clock=lambda: int((time.monotonic() - started) * 1000), on_error=emit
    )
    async with websockets.connect(url, max_size=2**20) as socket:
        await socket.send(json.dumps({"type": "start", **start}))
        reader = asyncio.create_task(_read_events(socket, emit), name="edge-read")
        try:
            async for event in transcribe_stream(pipeline, frames):
                if event.text.strip():
                    await socket.send(transcript_frame(event))
            await socket.send(json.dumps({"type": "stop"}))
            await reader  # the server closes after the last answer
        finally:
            if not reader.done():
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader


async def _read_events(socket: Any, emit: Callable[[Event], None]) -> None:
    from websockets.exceptions import ConnectionClosed

    from intervoo.live.wire import event_from_json

    with contextlib.suppress(ConnectionClosed):
        async for message in socket:
            if isinstance(message, str):
                emit(event_from_json(message))


def run_edge_command(
    url: str,
    audio: Path | None,
    channel: Channel,
    company: str | None,
    role: str | None,
    emit: Callable[[Event], None],
) -> None:
    """Open the source and the engine (failing early with one clear line), then run."""
    from intervoo.cli import get_settings
    from intervoo.stt import SttError, load_engine

    if not url.startswith(("ws://", "wss://")):
        raise typer.BadParameter("the URL must start with ws:// or wss://")
    frames = _open_frames(audio, channel)
    try:
        engine = load_engine(get_settings())
    except SttError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    start = {key: value for key, value in (("company", company), ("role", role)) if value}
    try:
        asyncio.run(run_edge(url, frames, engine, emit, start=start))
    except OSError as exc:
        emit(ErrorEvent("edge.connect", f"cannot reach {url}: {exc}"))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    finally:
        engine.close()


def _open_frames(audio: Path | None, channel: Channel) -> Frames:
    from intervoo.audio.capture import MicError, input_device, microphone
    from intervoo.audio.playback import play
    from intervoo.audio.wavfile import AudioFileError, channel_sources, read_wav

    try:
        if audio is None:
            input_device()
            return microphone(channel)
        return play(channel_sources(read_wav(audio), channel))
    except (AudioFileError, MicError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
