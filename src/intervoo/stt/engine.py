"""The speech-to-text seam: every engine turns one utterance of 16 kHz float audio into text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from intervoo.audio.frames import Samples


class Heard(str):
    """A transcript that knows how sure its recognizer was: `logprob` is the decode's average
    token log-probability (Whisper's, normalized by length). Engines that cannot say return a
    plain str; `logprob_of` reads either."""

    logprob: float

    def __new__(cls, text: str, logprob: float) -> Heard:
        heard = super().__new__(cls, text)
        heard.logprob = logprob
        return heard

    def __getnewargs__(self) -> tuple[str, float]:  # type: ignore[override]
        return str(self), self.logprob  # copied and pickled with its log-probability


def logprob_of(text: str) -> float | None:
    """The recognizer's average log-probability for `text`, or None when it did not say."""
    return text.logprob if isinstance(text, Heard) else None


class SttError(RuntimeError):
    """Speech-to-text failed or cannot start; the message says what to do."""


class SttModelError(SttError):
    """No usable speech model: the message says how to get one."""


@runtime_checkable
class SttEngine(Protocol):
    """A loaded speech model, shared by every session of the process.

    `transcribe` is called from the threads of the engine's decode scheduler
    (`intervoo.stt.scheduler`), two calls at once, so implementations must be thread-safe.
    Partials are the same call on the growing utterance with `partial=True` (engines may
    decode more cheaply); the final is the call on the whole utterance once it has ended.
    """

    @property
    def name(self) -> str: ...

    def transcribe(
        self, audio: Samples, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        """Text of `audio` (mono float32 in [-1, 1] at 16 kHz); "" when there is no speech.
        May be a `Heard` (the text with the decode's log-probability).

        `vocabulary` lists terms to favour (employers, technologies); engines without a
        biasing mechanism ignore it.
        """
        ...

    def close(self) -> None: ...
