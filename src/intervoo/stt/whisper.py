"""The default engine: Whisper through faster-whisper / CTranslate2, int8 on the CPU.

What keeps it fast and accurate for live use on a laptop:
- the encoder sees only the utterance plus 1 s of silence, not Whisper's fixed 30 s window,
  which cuts encoding time by ~5x for a typical question (and, measured on tiny.en, padding to
  30 s is no more accurate);
- finals are decoded without timestamps, with a beam of 5. Measured on a dev set of espeak
  questions (30 questions, 6 voices, 135-190 wpm; bench/voice_in.py's questions held out),
  word errors of tiny.en, clean (120 clips) / white noise at -30 dB (60 clips):
  greedy with timestamps, 0.5 s padding (the previous setting) 14.8% / 39.6%;
  beam 3 without timestamps 12.2% / 38.2%; beam 5 without, 1 s padding 11.7% / 30.1%,
  for ~23% more decoding CPU. No better: beam 3 with timestamps (14.5% / 35.0% at 1 s),
  greedy without (15.1%), 0 / 0.75 / 1.5 / 2 s of padding, the full 30 s window (worse, 2x slower),
  float32 instead of int8 (12.7%), re-decoding with a beam only when the greedy text looked
  unsure (log-probability, compression ratio), a style prompt, a repetition penalty;
- partials, re-decoded every half second on audio that stops mid-word, stay greedy and with
  timestamps: the model then knows where the audio ends instead of starting the sentence over,
  and anything it places past the end is dropped;
- a final that loops (`intervoo.stt.loops`: compression ratio over 2.4, a phrase back to
  back, five words said twice) is decoded again as the reference decoder does: sampling at
  temperatures 0.2 ... 1.0, best of 5, until it no longer loops. Measured side by side on 28
  clips of real speech (bench/real_speech.py, pipeline WER clean / phone / opus / quiet /
  noisy, with the gain stage): beam 5 without timestamps as before 9.4 / 11.7 / 7.4 / 11.7 /
  16.5%; with timestamps, repeated segments dropped 9.7 / 10.4 / 9.4 / 13.6 / 17.5%; falling
  back to timestamps when it loops 9.4 / 9.4 / 7.4 / 8.7 / 16.8%; cutting the repeats 8.4 /
  8.4 / 6.5 / 7.4 / 14.9%; the temperature fallback 8.4 / 9.4 / 6.5 / 7.1 / 14.2%, and no
  final looped. Conditioning on the previous text does not apply: each utterance is decoded
  alone, with at most the vocabulary as its prompt;
- a token budget proportional to the audio, `drop_repeated_segments` when decoding with
  timestamps, and `drop_restart` for "X? X?" (also when the copy stops mid-word).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Samples
from intervoo.stt.engine import Heard, SttError, SttModelError
from intervoo.stt.loops import cut_loop, drop_repeated_segments, is_looping
from intervoo.stt.models import HOW_TO_GET_A_MODEL, ModelChoice

log = logging.getLogger(__name__)

_FRAMES_PER_SECOND = 100  # Whisper's mel frames
_MAX_FRAMES = 3000  # 30 s: the longest input the model knows
_MAX_PROMPT_TOKENS = 223  # half of Whisper's text context, as in the reference decoder
_NO_SPEECH_PROB = 0.6
_LOW_LOGPROB = -1.0
_MAX_VOCABULARY_TERMS = 60
_SECONDS_PER_TIMESTAMP = 0.02
_END_SLACK_S = 0.1
_FALLBACK_TEMPERATURES = (0.2, 0.4, 0.6, 0.8, 1.0)  # as faster-whisper's transcribe()
_BEST_OF = 5


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """How one kind of decode (final or partial) runs."""

    beam_size: int = 1
    timestamps: bool = True
    trailing_pad_s: float = 0.5  # silence after the audio in the encoder window
    loop_fallback: bool = False  # re-decode a looping text at rising temperatures

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ValueError(f"beam_size must be at least 1, got {self.beam_size}")
        if not 0 <= self.trailing_pad_s <= 5:
            raise ValueError(f"trailing_pad_s must be in 0..5 s, got {self.trailing_pad_s}")


FINAL_DECODE = DecodeOptions(beam_size=5, timestamps=False, trailing_pad_s=1.0, loop_fallback=True)
PARTIAL_DECODE = DecodeOptions(beam_size=1, timestamps=True)


class WhisperEngine:
    """A faster-whisper model loaded once; `transcribe` may run on two threads at once."""

    def __init__(
        self,
        choice: ModelChoice,
        *,
        cpu_threads: int = 1,
        workers: int = 2,
        final: DecodeOptions = FINAL_DECODE,
        partial: DecodeOptions = PARTIAL_DECODE,
    ) -> None:
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        try:
            loaded = WhisperModel(
                choice.ref,
                device="cpu",
                compute_type="int8",
                cpu_threads=cpu_threads,
                num_workers=workers,
                local_files_only=True,
            )
        except Exception as exc:  # faster-whisper raises hub, OS and CTranslate2 errors alike
            hint = "it is not on this machine yet: " if choice.is_size_name else ""
            raise SttModelError(
                f"cannot load speech model {choice.ref!r} ({choice.origin}): {hint}"
                f"{HOW_TO_GET_A_MODEL} ({type(exc).__name__})"
            ) from exc
        self._model: Any = loaded.model
        self._features: Any = loaded.feature_extractor
        self._tokenizer = Tokenizer(
            loaded.hf_tokenizer, loaded.model.is_multilingual, task="transcribe", language="en"
        )
        self.final_options, self.partial_options = final, partial
        self._suppress = list(self._tokenizer.non_speech_tokens)
        self.model_ref = choice.ref
        log.info("loaded whisper model origin=%s threads=%d", choice.origin, cpu_threads)

    @property
    def name(self) -> str:
        return "faster-whisper"

    def transcribe(
        self, audio: Samples, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        if len(audio) == 0:
            return ""
        seconds = len(audio) / SAMPLE_RATE
        if seconds > _MAX_FRAMES / _FRAMES_PER_SECOND:
            raise SttError(f"utterance of {seconds:.1f} s is longer than Whisper's 30 s window")
        options = self.partial_options if partial else self.final_options
        features = self._encoder_input(audio, options.trailing_pad_s)
        try:
            import ctranslate2

            encoded = self._model.encode(ctranslate2.StorageView.from_array(features))
            text = self._decode(encoded, options, seconds, tuple(vocabulary))
            if partial or not options.loop_fallback or not is_looping(text):
                return text
            return self._without_loop(encoded, options, seconds, tuple(vocabulary), text)
        except RuntimeError as exc:
            raise SttError(f"speech recognition failed: {exc}") from exc

    def _without_loop(
        self,
        encoded: Any,
        options: DecodeOptions,
        seconds: float,
        vocabulary: tuple[str, ...],
        text: str,
    ) -> str:
        """The reference decoder's fallback: sample at rising temperatures (best of 5) until the
        text no longer loops; if every one loops, the last with its repeats cut."""
        import ctranslate2

        ctranslate2.set_random_seed(0)  # the same audio gets the same text
        for temperature in _FALLBACK_TEMPERATURES:
            text = self._decode(encoded, options, seconds, vocabulary, temperature)
            if not is_looping(text):
                return text
        return cut_loop(text)

    def _decode(
        self,
        encoded: Any,
        options: DecodeOptions,
        seconds: float,
        vocabulary: tuple[str, ...],
        temperature: float = 0.0,
    ) -> str:
        prompt = self._prompt(vocabulary, options.timestamps)
        sampling: dict[str, Any] = {"beam_size": options.beam_size}
        if temperature:
            sampling = {
                "beam_size": 1,
                "num_hypotheses": _BEST_OF,
                "sampling_temperature": temperature,
                "sampling_topk": 0,  # sample from the whole distribution
            }
        results = self._model.generate(
            encoded,
            [prompt],
            max_length=min(448 - len(prompt), int(seconds * 8) + 16),
            max_initial_timestamp_index=50,  # speech starts within the first second
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
            **sampling,
        )
        result = results[0]
        best = max(range(len(result.scores)), key=lambda i: float(result.scores[i]))
        return self._text(result, seconds, best)

    def _encoder_input(self, audio: Samples, trailing_pad_s: float) -> Any:
        padded_s = math.ceil(len(audio) / SAMPLE_RATE + trailing_pad_s)
        frames = min(_MAX_FRAMES, padded_s * _FRAMES_PER_SECOND)
        padding = max(0, frames * SAMPLE_RATE // _FRAMES_PER_SECOND - len(audio))
        mel = self._features(np.ascontiguousarray(audio, dtype=np.float32), padding=padding)
        return np.ascontiguousarray(mel[None, :, :frames], dtype=np.float32)

    @functools.lru_cache(maxsize=64)  # noqa: B019 - one engine per process; keys are small tuples
    def _prompt(self, vocabulary: tuple[str, ...], timestamps: bool) -> list[int]:
        tokens: list[int] = list(self._tokenizer.sot_sequence)
        if not timestamps:
            tokens.append(self._tokenizer.no_timestamps)
        terms = list(dict.fromkeys(t.strip() for t in vocabulary if t.strip()))
        if not terms:
            return tokens
        biasing = self._tokenizer.encode(" " + ", ".join(terms[:_MAX_VOCABULARY_TERMS]) + ".")
        return [self._tokenizer.sot_prev, *biasing[-_MAX_PROMPT_TOKENS:], *tokens]

    def _text(self, result: Any, seconds: float, index: int = 0) -> str:
        segments = self._segments(result.sequences_ids[index], seconds)
        # CTranslate2 scores are already normalised by length (length_penalty=1).
        avg_logprob = result.scores[index] if result.scores else 0.0
        if result.no_speech_prob > _NO_SPEECH_PROB and avg_logprob < _LOW_LOGPROB:
            return ""
        texts = [str(self._tokenizer.decode(tokens)).strip() for tokens in segments]
        text = drop_restart(" ".join(drop_repeated_segments(texts)).strip())
        return Heard(text, float(avg_logprob)) if text else text

    def _segments(self, sequence: list[int], seconds: float) -> list[list[int]]:
        """Text tokens, split at timestamps, up to the first timestamp that lies at or past
        the end of the audio (one segment when decoded without timestamps)."""
        first_timestamp = self._tokenizer.timestamp_begin
        segments: list[list[int]] = [[]]
        for token in sequence:
            if token >= first_timestamp:
                if (token - first_timestamp) * _SECONDS_PER_TIMESTAMP >= seconds - _END_SLACK_S:
                    break
                if segments[-1]:
                    segments.append([])
            elif token < self._tokenizer.eot:
                segments[-1].append(token)
        return [tokens for tokens in segments if tokens]

    def close(self) -> None:
        """CTranslate2 frees the model when the last reference goes; nothing to flush."""
        self._prompt.cache_clear()


def drop_restart(text: str, min_words: int = 2, min_words_unpunctuated: int = 5) -> str:
    """Cut Whisper's loop of starting the utterance over: "X? X? X" -> "X?".

    If the words after a sentence end repeat the opening words (at least `min_words` of them,
    or `min_words_unpunctuated` when Whisper left out the full stop), everything from there is
    a restart, not speech. Cut again until none is left: a loop that started over twice
    ("Yes. No. Go. Stop. Stop. Yes. No. Go. Stop. Yes. No. Go", a held-out Speech Commands clip
    over Opus) lost only its last copy.
    """
    while (cut := _drop_last_restart(text, min_words, min_words_unpunctuated)) != text:
        text = cut
    return text


def _drop_last_restart(text: str, min_words: int, min_words_unpunctuated: int) -> str:
    words = text.split()
    normalized = [word.strip(".,?!;:").lower() for word in words]
    for period in range(min_words, len(words) - min_words + 1):
        tail = normalized[period:]
        # The restart may stop mid-word where the token budget ran out ("... basic alk").
        if tail[:-1] != normalized[: len(tail) - 1] or not normalized[len(tail) - 1].startswith(
            tail[-1]
        ):
            continue
        if words[period - 1].endswith((".", "?", "!")) or len(tail) >= min_words_unpunctuated:
            return " ".join(words[:period])
    return text
