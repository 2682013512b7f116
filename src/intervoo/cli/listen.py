"""`intervoo listen`: play a WAV file or the microphone through the speech pipeline and the
live copilot (`intervoo.cli.listen_copilot`), here or, with --connect, on a remote server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from intervoo.cli.common import get_settings
from intervoo.cli.listen_copilot import (
    CompanyOption,
    ConnectOption,
    CopilotOptions,
    OfflineOption,
    RoleOption,
    TokenOption,
    listen_command,
    live_text,
)
from intervoo.cli.listen_debrief import DebriefOption
from intervoo.events import Channel, ErrorEvent, Event

if TYPE_CHECKING:
    from intervoo.live.listen import Frames
    from intervoo.stt import SttEngine


def listen(
    audio: Annotated[
        Path | None,
        typer.Option(
            "--audio", help="A WAV file; stereo is left = interviewer, right = candidate."
        ),
    ] = None,
    mic: Annotated[bool, typer.Option("--mic", help="Listen to the microphone instead.")] = False,
    loopback: Annotated[
        bool,
        typer.Option(
            "--loopback",
            help="Hear the interviewer from the system audio (what the meeting app plays); "
            "with --mic, the microphone is the candidate.",
        ),
    ] = False,
    loopback_device: Annotated[
        str | None, typer.Option(help="The system-audio source (`intervoo devices`).")
    ] = None,
    mic_device: Annotated[
        str | None, typer.Option(help="The microphone (`intervoo devices`).")
    ] = None,
    channel: Annotated[
        Channel, typer.Option(help="The channel of mono audio and of the microphone alone.")
    ] = Channel.INTERVIEWER,
    speed: Annotated[
        str, typer.Option(help="realtime (like a live call) or fast (as fast as the model goes).")
    ] = "realtime",
    vocabulary: Annotated[
        str, typer.Option(help="Comma-separated terms to favour: employers, technologies.")
    ] = "",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print protocol events as JSON lines.")
    ] = False,
    company: CompanyOption = None,
    role: RoleOption = None,
    offline: OfflineOption = False,
    connect: ConnectOption = None,
    token: TokenOption = None,
    debrief: Annotated[bool, DebriefOption] = False,
) -> None:
    """Transcribe speech on this machine and suggest answers to the questions asked.

    Audio is never stored; with --connect only the transcripts go to the server."""
    if (audio is None) == (not (mic or loopback)):
        raise typer.BadParameter("give exactly one of --audio FILE.wav or --mic/--loopback")
    if speed not in ("realtime", "fast"):
        raise typer.BadParameter("--speed must be realtime or fast")
    emit = _print_json if as_json else live_text(_print_text)
    clock: Callable[[], int] | None = None
    if audio is None:
        frames = _open_capture(mic, loopback, channel, mic_device, loopback_device, emit)
    else:
        frames, clock = _open_file(audio, channel, speed)
    terms = tuple(term.strip() for term in vocabulary.split(",") if term.strip())
    options = CopilotOptions(company, role, offline, connect, token, debrief)
    listen_command(frames, _load_engine, emit, options, vocabulary=terms, clock=clock)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _open_file(
    audio: Path, channel: Channel, speed: str
) -> tuple[Frames, Callable[[], int] | None]:
    """Check the file now (a bad file fails before the model loads); play it later.
    Fast playback runs on the recording's clock; everything else on the wall clock."""
    from intervoo.audio.playback import AudioClock, Speed, play
    from intervoo.audio.wavfile import AudioFileError, channel_sources, read_wav

    try:
        sources = channel_sources(read_wav(audio), channel)
    except AudioFileError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits
    clock = AudioClock() if speed == Speed.FAST else None
    return play(sources, speed=Speed(speed), clock=clock), clock


def _open_capture(
    mic: bool,
    loopback: bool,
    channel: Channel,
    mic_device: str | None,
    loopback_device: str | None,
    emit: Callable[[Event], None],
) -> Frames:
    """Check the devices now (a missing one fails before the model loads); capture later.
    With both, the system audio is the interviewer and the microphone the candidate; a device
    lost mid-session is said once and listening goes on with the other."""
    from intervoo.audio.capture import CaptureError, merge_sources
    from intervoo.audio.loopback import choose_loopback, list_sources
    from intervoo.audio.loopback import loopback as system_audio

    sources: dict[Channel, Frames] = {}
    try:
        if loopback:
            device = choose_loopback(list_sources(), loopback_device).id
            sources[Channel.INTERVIEWER] = system_audio(Channel.INTERVIEWER, device=device)
        if mic:
            mic_channel = Channel.CANDIDATE if loopback else channel
            sources[mic_channel] = _microphone(mic_channel, mic_device)
    except CaptureError as exc:
        _fail(str(exc))
    frames = merge_sources(sources, lambda message: emit(ErrorEvent("capture.lost", message)))
    return _without_echo(frames) if len(sources) == 2 else frames


def _microphone(channel: Channel, device: str | None) -> Frames:
    """PortAudio's microphone; where PortAudio is missing, the sound server's (SoundCard)."""
    from intervoo.audio.capture import MicError, PortAudioMissing, input_device, microphone
    from intervoo.audio.loopback import LoopbackError, soundcard_microphone

    mic_id = int(device) if device and device.isdigit() else device
    try:
        input_device(mic_id)
        return microphone(channel, device=mic_id)
    except PortAudioMissing as missing:
        try:
            return soundcard_microphone(channel, device=device)
        except LoopbackError:
            raise MicError(str(missing)) from None


def _without_echo(frames: Frames) -> Frames:
    """The system audio is what the speakers play: take its echo out of the microphone. Speex's
    canceller (where libspeexdsp is installed) before the echo gate: side by side on
    bench/echo_crosstalk.py it kept more of the candidate's words than the gate alone in each
    of three runs (WER 2.3-3.1x clean against 3.0-4.0x; talking over the interviewer 2.25-2.5x
    against 4.25-4.5x), with no echo transcript."""
    from intervoo.audio.echo import EchoSuppressor, cancel_echo

    return cancel_echo(frames, canceller=lambda: EchoSuppressor(speex=True))


def _load_engine() -> SttEngine:
    from intervoo.stt import SttError, load_engine

    try:
        return load_engine(get_settings())
    except SttError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits


def _print_json(event: Event) -> None:
    from intervoo.events import event_to_json

    typer.echo(event_to_json(event))


def _print_text(event: Event) -> None:
    from intervoo.events import TranscriptEvent

    if isinstance(event, ErrorEvent):
        typer.echo(f"error: {event.message}", err=True)
    elif isinstance(event, TranscriptEvent) and event.final:
        span = f"{event.start / 1000:7.2f}-{event.end / 1000:7.2f}s"
        typer.echo(f"[{event.channel.value:11}] {span}  {event.text}")
