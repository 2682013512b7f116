"""Automatic gain before VAD and STT: quiet speech is brought up, loud speech is left alone.

A quiet call (speech peaking at -40..-50 dBFS, as from a distant laptop microphone or a meeting
app that leaves its output low) sits under the VAD's energy gate and far from the levels the
VAD and Whisper were trained on: such utterances came out empty or cut. The gain stage, one
per channel, runs on each 32 ms VAD window:

- the noise floor is the quietest window of the last 3 s (minimum statistics: there is always
  a gap between words within 3 s);
- windows 10 dB or more above that floor are speech; the speech level follows their loudness
  like a peak meter: up at once, down 1 dB per second of speech;
- the gain brings that level to TARGET_DBFS, and is never negative (loud speech is left as
  it is), never more than MAX_GAIN_DB, and never lifts the noise floor above
  NOISE_CEILING_DBFS, so a channel of noise is not turned into loud noise;
- before any speech is heard only the noise bound applies: a near-silent line starts with a
  high gain, so the first quiet word is heard too;
- it falls at once (a loud word is never boosted into clipping; a limiter keeps each window's
  peak under -1 dBFS) and rises by at most 100 dB per second: a line that opens on a quiet word
  is lifted within the VAD's 256 ms pre-roll. (It rose by 6 dB/s while the recognizer heard
  the gain window by window; since it hears one gain per utterance only the VAD hears the rise.
  With Silero v6.2, which hears speech at -40 dBFS weakly, pipeline errors on the quiet
  variant of bench/real_speech.py went 20 -> 17, clean 15 -> 15, noise 40 -> 40.) Within a
  window the gain moves linearly from the last window's, without steps.

The VAD hears the windows as `apply` gains them. The recognizer gets each utterance with one
gain (`scale_utterance`: the stage's latest, limited so the peak stays under -1 dBFS), not the
gain that rose window by window under it: on a quiet line the gain is still rising through the
first words, which came out ~10 dB below the rest and were dropped ("At that high level the air
is pure" -> "that high level ..."). Pipeline errors on bench/real_speech.py's 309 words, gain
under the STT window by window -> one gain per utterance (with the VAD gate at -80 dBFS):
quiet 19 -> 17, 8 kHz phone 30 -> 24, Opus 26 -> 21, clean 16 -> 16; the quiet FLEURS clips
gained most. Noise suppression before VAD and STT was measured too and left out: WebRTC's
(levels 1-3), Speex's and DeepFilterNet3 all raised the WER at 10 dB SNR (40 errors -> 45-52;
DeepFilterNet3 erased the quiet clips), as Whisper hears through noise better than through
a suppressor's artefacts.
"""

from __future__ import annotations

import collections
import math

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Samples

# The loudest windows' RMS that quiet speech is lifted to. ITU-T P.56's nominal active speech
# level is -26 dBov; the loudest windows run above the active level, so this errs low.
TARGET_DBFS = -26.0
MAX_GAIN_DB = 40.0
NOISE_CEILING_DBFS = -50.0  # the gain never lifts the noise floor above this
SPEECH_ABOVE_FLOOR_DB = 10.0
FLOOR_SPAN_S = 3.0
LEVEL_FALL_DB_PER_S = 1.0  # per second of speech
GAIN_RISE_DB_PER_S = 100.0
PEAK_LIMIT_DBFS = -1.0
_SILENT_DBFS = -100.0  # digital silence, so logs stay finite
_ABSOLUTE_SPEECH_FLOOR_DBFS = -80.0  # nothing quieter is speech, whatever the floor


def _dbfs(value: float) -> float:
    return 20 * math.log10(value) if value > 10 ** (_SILENT_DBFS / 20) else _SILENT_DBFS


class AutoGain:
    """One channel's gain stage; `apply` takes consecutive windows and returns them gained."""

    def __init__(self) -> None:
        self._floors: collections.deque[float] = collections.deque()
        self._floor_windows = 0  # set from the first window's length
        self._level_db: float | None = None  # loudness of the speech heard so far
        self._gain_db = 0.0
        self._started = False

    @property
    def gain_db(self) -> float:
        return self._gain_db

    def apply(self, window: Samples) -> Samples:
        if len(window) == 0:
            return window
        seconds = len(window) / SAMPLE_RATE
        rms_db = _dbfs(float(np.sqrt(np.mean(window.astype(np.float64) ** 2))))
        floor_db = self._track_floor(rms_db, seconds)
        self._track_level(rms_db, floor_db, seconds)
        wanted = self._wanted_gain(floor_db)
        peak_db = _dbfs(float(np.max(np.abs(window))))
        wanted = min(wanted, max(0.0, PEAK_LIMIT_DBFS - peak_db))
        previous = self._gain_db if self._started else wanted
        if wanted > previous:
            wanted = min(wanted, previous + GAIN_RISE_DB_PER_S * seconds)
        else:
            previous = wanted  # falls at once: the window that got loud is not boosted
        self._gain_db, self._started = wanted, True
        if previous == wanted == 0.0:
            return window
        ramp = np.linspace(previous, wanted, num=len(window), endpoint=True, dtype=np.float32)
        gained: Samples = (window * np.power(np.float32(10), ramp / 20)).astype(np.float32)
        return gained

    def scale_utterance(self, audio: Samples) -> Samples:
        """`audio` (an utterance as it came in) times the current gain, at most up to a peak of
        PEAK_LIMIT_DBFS: one level for the whole utterance."""
        if len(audio) == 0:
            return audio
        gain_db = min(
            self._gain_db, max(0.0, PEAK_LIMIT_DBFS - _dbfs(float(np.max(np.abs(audio)))))
        )
        if gain_db == 0.0:
            return audio
        scaled: Samples = (audio * np.float32(10 ** (gain_db / 20))).astype(np.float32)
        return scaled

    def _track_floor(self, rms_db: float, seconds: float) -> float:
        if not self._floor_windows:
            self._floor_windows = max(1, round(FLOOR_SPAN_S / seconds))
        self._floors.append(rms_db)
        if len(self._floors) > self._floor_windows:
            self._floors.popleft()
        return min(self._floors)

    def _track_level(self, rms_db: float, floor_db: float, seconds: float) -> None:
        speech = rms_db >= floor_db + SPEECH_ABOVE_FLOOR_DB and rms_db > _ABSOLUTE_SPEECH_FLOOR_DBFS
        if not speech:
            return
        if self._level_db is None or rms_db > self._level_db:
            self._level_db = rms_db
        else:
            self._level_db = max(rms_db, self._level_db - LEVEL_FALL_DB_PER_S * seconds)

    def _wanted_gain(self, floor_db: float) -> float:
        bound = min(MAX_GAIN_DB, NOISE_CEILING_DBFS - floor_db)
        if self._level_db is not None:
            bound = min(bound, TARGET_DBFS - self._level_db)
        return max(0.0, bound)
