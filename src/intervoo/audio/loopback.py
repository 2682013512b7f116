"""System-audio (loopback) capture with SoundCard: what the meeting app plays, heard as the
interviewer's channel whatever the app (Zoom, Teams, Webex, Slack, a browser tab).

- Linux: the monitor source of each PulseAudio sink (PipeWire serves the same through
  pipewire-pulse). Which apps play into which sink comes from `loopback_apps`.
- Windows: the WASAPI loopback of each output device.
- macOS has no loopback of its own: a loopback driver (BlackHole, Loopback, VB-Cable) shows up
  as an input device; the meeting app's output is routed to it (README: "System audio").

SoundCard resamples to 16 kHz and mixes to mono in the sound server, so blocks come ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from intervoo.audio.capture import BLOCK_MS, CaptureError, Frames
from intervoo.audio.frames import SAMPLE_RATE, float_to_pcm16
from intervoo.audio.loopback_apps import apps_by_source, is_meeting_app
from intervoo.events import Channel

log = logging.getLogger(__name__)

BLOCK = SAMPLE_RATE * BLOCK_MS // 1000
CHECK_EVERY_BLOCKS = 2000 // BLOCK_MS  # is the device still there? (a sound server may move
# a stream whose device went away to another one without a word)
_MAX_QUEUED_BLOCKS = 5000 // BLOCK_MS
# Inputs that are loopback drivers (macOS has no loopback of its own; VB-Cable on Windows).
LOOPBACK_DRIVERS = ("blackhole", "soundflower", "loopback audio", "cable output", "vb-audio")

SETUP_HINT = {
    "linux": "start PulseAudio or PipeWire (pipewire-pulse): their output monitors are captured",
    "win32": "Windows lists a loopback for each output device: check one is enabled in Sound "
    "settings",
    "darwin": "install a loopback driver such as BlackHole (`brew install blackhole-2ch`) and "
    "send the meeting app's output to it (README: System audio)",
}


class LoopbackError(CaptureError):
    """No system-audio source, or it stopped; the message says why and what to do."""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    loopback: bool  # system audio (an output's monitor or a loopback driver); else a microphone
    default: bool = False  # the default output's loopback, or the default microphone
    apps: tuple[str, ...] = ()  # apps playing into it, where the OS tells
    meeting: bool = False  # one of them is a meeting app (or a browser)


def _soundcard() -> Any:
    """The soundcard module; on Linux it connects to the sound server as it is imported."""
    try:
        import soundcard
    except (ImportError, OSError, RuntimeError, AssertionError) as exc:
        hint = SETUP_HINT.get(sys.platform, "")
        raise LoopbackError(
            f"no sound server to capture system audio from ({str(exc) or type(exc).__name__}): "
            f"{hint}"
        ) from None
    return soundcard


def list_sources() -> list[Source]:
    """Every input that can be captured: system-audio loopbacks first, then microphones."""
    sc = _soundcard()
    try:
        inputs = sc.all_microphones(include_loopback=True)
        default_out = _default_id(sc.default_speaker)
        default_in = _default_id(sc.default_microphone)
    except RuntimeError as exc:
        raise LoopbackError(f"cannot list the sound devices: {exc}") from None
    apps = apps_by_source()
    sources = [_source(mic, default_out, default_in, apps) for mic in inputs]
    return sorted(sources, key=lambda s: (not s.loopback, not s.meeting, not s.default))


def _default_id(get: Callable[[], Any]) -> str | None:
    try:
        return str(get().id)
    except (RuntimeError, IndexError, AttributeError):
        return None


def _source(
    mic: Any, default_out: str | None, default_in: str | None, apps: dict[str, list[str]]
) -> Source:
    ident, name = str(mic.id), str(mic.name)
    is_loopback = bool(getattr(mic, "isloopback", False)) or _is_driver(name)
    # PulseAudio names an output's monitor "<sink>.monitor"; WASAPI gives it the output's id.
    default = (
        ident in (f"{default_out}.monitor", default_out) if is_loopback else ident == default_in
    )
    playing = tuple(apps.get(ident, ()))
    return Source(ident, name, is_loopback, default, playing, any(map(is_meeting_app, playing)))


def _is_driver(name: str) -> bool:
    lowered = name.lower()
    return any(driver in lowered for driver in LOOPBACK_DRIVERS)


def choose_loopback(sources: list[Source], device: str | None = None) -> Source:
    """`device` (an id, or part of a name), else where a meeting app plays, else the default
    output's loopback, else the only one."""
    loopbacks = [s for s in sources if s.loopback]
    if not loopbacks:
        hint = SETUP_HINT.get(sys.platform, "")
        raise LoopbackError(f"no system-audio (loopback) device found: {hint}")
    if device is not None:
        wanted = device.lower()
        exact = [s for s in loopbacks if s.id == device]
        named = [s for s in loopbacks if wanted in s.name.lower() or wanted in s.id.lower()]
        if exact or len(named) == 1:
            return (exact or named)[0]
        listed = ", ".join(repr(s.id) for s in loopbacks)
        what = "is ambiguous" if named else "matches no loopback device"
        raise LoopbackError(f"{device!r} {what}; `intervoo devices` lists them: {listed}")
    meeting = [s for s in loopbacks if s.meeting]
    default = [s for s in loopbacks if s.default]
    return (meeting or default or loopbacks)[0]


def choose_microphone(sources: list[Source], device: str | None = None) -> Source:
    """`device` (an id, or part of a name), else the default microphone, else the first."""
    mics = [s for s in sources if not s.loopback]
    if not mics:
        raise LoopbackError("no microphone found: plug one in, or check the sound settings")
    if device is None:
        return ([s for s in mics if s.default] or mics)[0]
    wanted = device.lower()
    found = [s for s in mics if s.id == device] or [
        s for s in mics if wanted in s.name.lower() or wanted in s.id.lower()
    ]
    if len(found) != 1:
        listed = ", ".join(repr(s.id) for s in mics)
        raise LoopbackError(f"{device!r} names no one microphone; `intervoo devices`: {listed}")
    return found[0]


def loopback(channel: Channel, *, device: str | None = None) -> Frames:
    """32 ms blocks of 16 kHz PCM of what the chosen output plays, until the consumer stops.
    Raises LoopbackError when there is none; the frames raise it when the device goes away."""
    return _capture(channel, choose_loopback(list_sources(), device))


def soundcard_microphone(channel: Channel, *, device: str | None = None) -> Frames:
    """The microphone through the sound server, for where PortAudio is missing."""
    return _capture(channel, choose_microphone(list_sources(), device))


async def _capture(channel: Channel, source: Source) -> Frames:
    sc = _soundcard()
    log.info("capture from %s", source.id)
    loop = asyncio.get_running_loop()
    blocks: asyncio.Queue[np.ndarray | LoopbackError] = asyncio.Queue(_MAX_QUEUED_BLOCKS)
    stop = threading.Event()

    def deliver(item: np.ndarray | LoopbackError) -> None:  # on the event loop
        if blocks.full() and not isinstance(item, LoopbackError):
            blocks.get_nowait()
            log.warning("loopback audio dropped: the event loop fell behind")
        blocks.put_nowait(item)

    def send(item: np.ndarray | LoopbackError) -> None:  # from the recording thread
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is listening
            loop.call_soon_threadsafe(deliver, item)

    thread = threading.Thread(
        target=_record, args=(sc, source, stop, send), name="loopback", daemon=True
    )
    thread.start()
    try:
        while True:
            item = await blocks.get()
            if isinstance(item, LoopbackError):
                raise item
            yield channel, float_to_pcm16(item)
    finally:
        stop.set()
        await asyncio.to_thread(thread.join, 1.0)


def _record(sc: Any, source: Source, stop: threading.Event, send: Callable[[Any], None]) -> None:
    """The recording thread: blocks until `stop`, or one LoopbackError saying why it ended."""
    try:
        mic = sc.get_microphone(source.id, include_loopback=True)
        with mic.recorder(samplerate=SAMPLE_RATE, channels=1, blocksize=BLOCK) as recorder:
            count = 0
            while not stop.is_set():
                send(np.ascontiguousarray(recorder.record(numframes=BLOCK)[:, 0]))
                count += 1
                if count % CHECK_EVERY_BLOCKS == 0 and not _still_there(sc, source.id):
                    send(LoopbackError(f"the system-audio device {source.name!r} went away"))
                    return
    except Exception as exc:  # soundcard raises RuntimeError/IndexError/OSError, by backend
        send(LoopbackError(f"system-audio capture from {source.name!r} stopped: {exc}"))


def _still_there(sc: Any, ident: str) -> bool:
    try:
        return any(str(m.id) == ident for m in sc.all_microphones(include_loopback=True))
    except RuntimeError:
        return False
