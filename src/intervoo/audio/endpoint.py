"""Endpointing: when has a speaker finished their turn?

Pure logic over VAD probabilities (one 32 ms window at a time) plus the completeness hook (on the
live path the question detector's `intervoo.questions.completeness`): a pause after text that
sounds finished ends the turn after ~200 ms of silence; a pause after a trailing phrase ("tell me
about a time when…") waits up to ~1.5 s so a long question is not cut in half.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from intervoo.audio.frames import SAMPLE_RATE
from intervoo.audio.vad import WINDOW_SAMPLES

WINDOW_MS = WINDOW_SAMPLES * 1000 // SAMPLE_RATE


@dataclass(frozen=True, slots=True)
class EndpointConfig:
    threshold: float = 0.5  # probability that starts (or resumes) speech
    release_threshold: float = 0.35  # below this, a window counts as silence
    # Silence after which the final is decoded speculatively (dropped if speech resumes). Not
    # earlier: the decode then misses the tail of the last word (bench/voice_in.py, WER 8.9% at
    # 160 ms; 9.25% at 112 or 128 ms; 10.3% at 96 ms).
    pause_ms: int = 160
    # Silence after which the words so far are decoded quickly (a greedy partial), so that a
    # surely finished question can end its turn on them while the final's fuller decode is
    # still running (0: off). The final still comes from the decode at pause_ms.
    quick_pause_ms: int = 96
    # Whether the final's decode waits for a quick decode still running, or (the default)
    # runs beside it on the engine's second worker. Side by side each runs slower, but the
    # final comes sooner: a question the quick text cannot end is not held behind it
    # (bench/live_latency.py --variants current,final-waits).
    final_waits_for_quick: bool = False
    min_speech_ms: int = 128  # shorter bursts are clicks and coughs, not speech
    min_end_silence_ms: int = 200  # silence that ends a complete-sounding turn
    max_end_silence_ms: int = 1500  # silence that ends any turn
    preroll_ms: int = 256  # audio kept from before the VAD fired (it fires a little late)
    complete_at: float = 0.9  # completeness from which a turn ends after min_end_silence_ms
    # The most silence a text the recognizer closed with '?' after a content word waits: it
    # heard a question end, even when a misheard last word ("work an aman-on?") makes the
    # words look unfinished (they waited 1.43 s). Longer than the 700 ms pause inside the
    # two-part questions of the test sets, in case the '?' was the first part's intonation.
    asked_end_silence_ms: int = 800
    # A decode the recognizer itself was unsure of (average token log-probability below this)
    # waits at least unsure_end_silence_ms, whatever its words say: audio cut mid-phrase is
    # heard as a mangled, finished-looking sentence ("Describe the project that" -> "Describe
    # the Project Merck.", -1.01, confirmed alone and the question cut in two). Measured on the
    # decode at the first pause: the 56 finished questions of bench/live_latency.py and
    # bench/voice_in.py scored -0.06 to -0.60 (voice_in's 36: at most -0.48). The wait must
    # outlast the silence inside a two-part question: the test sets' 700 ms pause is ~1 s of
    # silence after espeak-ng's own trailing silence. A '?' heard after a content word still
    # caps it (asked_end_silence_ms): that is a question's end heard, not a guess.
    unsure_logprob: float = -0.8
    unsure_end_silence_ms: int = 1200

    def __post_init__(self) -> None:
        if not 0 < self.release_threshold <= self.threshold < 1:
            raise ValueError("need 0 < release_threshold <= threshold < 1")
        if not 0 <= self.quick_pause_ms <= self.pause_ms:
            raise ValueError("need 0 <= quick_pause_ms <= pause_ms")
        if not 0 < self.pause_ms <= self.min_end_silence_ms <= self.max_end_silence_ms:
            raise ValueError("need 0 < pause_ms <= min_end_silence_ms <= max_end_silence_ms")
        if not self.min_end_silence_ms <= self.asked_end_silence_ms <= self.max_end_silence_ms:
            raise ValueError("need min_end_silence_ms <= asked_end_silence_ms <= max_end_silence")
        if not self.min_end_silence_ms <= self.unsure_end_silence_ms <= self.max_end_silence_ms:
            raise ValueError("need min_end_silence_ms <= unsure_end_silence_ms <= max_end_silence")
        if not 0 < self.complete_at <= 1:
            raise ValueError(f"complete_at must be in (0, 1], got {self.complete_at}")


def required_silence_ms(completeness: float, config: EndpointConfig) -> int:
    """Silence ending a turn whose text has this completeness (1 finished, 0 trailing off).

    Linear from max_end_silence_ms at 0 down to min_end_silence_ms at `complete_at`: the scorer
    gives a finished question 0.9 or more, and every one of those should end as fast."""
    score = min(1.0, max(0.0, completeness / config.complete_at))
    span = config.max_end_silence_ms - config.min_end_silence_ms
    return round(config.max_end_silence_ms - span * score)


def turn_end_silence_ms(
    text: str,
    completeness: Callable[[str], float],
    config: EndpointConfig,
    logprob: float | None = None,
) -> int:
    """Silence that ends a turn whose words so far are `text`, decoded with average token
    log-probability `logprob` (None: the engine does not say)."""
    scored = drop_intonation_mark(text)
    wait = required_silence_ms(completeness(scored), config)
    if logprob is not None and logprob < config.unsure_logprob:
        wait = max(wait, config.unsure_end_silence_ms)  # its words may not be what was said
    if scored.rstrip().endswith("?"):
        wait = min(wait, config.asked_end_silence_ms)
    return wait


class Transition(Enum):
    START = "start"  # speech began
    PAUSE = "pause"  # speech stopped for pause_ms: transcribe what we have
    RESUME = "resume"  # speech came back before the turn ended
    DISCARD = "discard"  # the burst was too short to be speech


class Phase(Enum):
    IDLE = "idle"
    SPEECH = "speech"
    PAUSED = "paused"


class Endpointer:
    """One channel's speech/silence state; positions are VAD window indexes since the start."""

    def __init__(self, config: EndpointConfig | None = None) -> None:
        self.config = config or EndpointConfig()
        self.phase = Phase.IDLE
        self.windows = 0  # windows seen
        self.speech_start = 0  # first speech window of the current utterance
        self.speech_end = 0  # one past the last speech window

    @property
    def silence_ms(self) -> int:
        """Silence since the last speech window of the current utterance (0 when idle)."""
        return 0 if self.phase is Phase.IDLE else (self.windows - self.speech_end) * WINDOW_MS

    def update(self, prob: float) -> Transition | None:
        index = self.windows
        self.windows += 1
        if self.phase is Phase.IDLE:
            if prob >= self.config.threshold:
                self.phase = Phase.SPEECH
                self.speech_start, self.speech_end = index, index + 1
                return Transition.START
            return None
        if self.phase is Phase.PAUSED:
            if prob >= self.config.threshold:
                self.phase = Phase.SPEECH
                self.speech_end = index + 1
                return Transition.RESUME
            return None
        if prob >= self.config.release_threshold:
            self.speech_end = index + 1
            return None
        if self.silence_ms < self.config.pause_ms:
            return None
        if (self.speech_end - self.speech_start) * WINDOW_MS < self.config.min_speech_ms:
            self.reset()
            return Transition.DISCARD
        self.phase = Phase.PAUSED
        return Transition.PAUSE

    def reset(self) -> None:
        """The utterance is over (finalized, discarded or split); wait for new speech."""
        self.phase = Phase.IDLE


# Words after which a '?' is intonation, never the end of a question. "that" and "this" are left
# out on purpose: "How did you handle that?" is finished.
_CANNOT_END_A_QUESTION = frozenset(
    """a an the and or but nor because when where while whereas which whose if than your my our
    their his her its""".split()
)
_LAST_WORD = re.compile(r"([a-z']+)\W*$")


def drop_intonation_mark(text: str) -> str:
    """`text` without a final '?' that the recognizer put after a word no question ends with.

    Whisper hears the rising voice of an unfinished phrase and writes "Tell me about a time
    when?"; to the completeness hook that '?' would say "finished" and the turn would end in the
    middle of a two-part question."""
    stripped = text.rstrip()
    last = _LAST_WORD.search(stripped.lower())
    if stripped.endswith("?") and last is not None and last.group(1) in _CANNOT_END_A_QUESTION:
        return stripped.rstrip("?").rstrip()
    return text
