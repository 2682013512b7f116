"""A light fallback engine: CMU PocketSphinx with its bundled en-us model.

Much less accurate than Whisper, but small and with no CTranslate2 dependency. It has no cheap
way to add words, so vocabulary biasing is ignored; its text has no punctuation, so endpointing
falls back to middle-length pauses.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from intervoo.audio.frames import Samples, float_to_pcm16
from intervoo.stt.engine import SttError, SttModelError

log = logging.getLogger(__name__)


class PocketsphinxEngine:
    """One decoder per worker thread: PocketSphinx decoders are not thread-safe."""

    def __init__(self) -> None:
        try:
            import pocketsphinx
        except ImportError as exc:
            raise SttModelError("the pocketsphinx engine needs `pip install pocketsphinx`") from exc
        self._module: Any = pocketsphinx
        self._local = threading.local()
        self._decoder()  # load on the calling thread now, so a broken install fails at start
        log.info("loaded pocketsphinx en-us model")

    @property
    def name(self) -> str:
        return "pocketsphinx"

    def _decoder(self) -> Any:
        decoder = getattr(self._local, "decoder", None)
        if decoder is None:
            try:
                decoder = self._module.Decoder(loglevel="FATAL")
            except (RuntimeError, OSError, ValueError) as exc:
                raise SttModelError(f"cannot load the pocketsphinx en-us model: {exc}") from exc
            self._local.decoder = decoder
        return decoder

    def transcribe(
        self, audio: Samples, *, partial: bool = False, vocabulary: Sequence[str] = ()
    ) -> str:
        if len(audio) == 0:
            return ""
        decoder = self._decoder()
        pcm = float_to_pcm16(np.asarray(audio, dtype=np.float32)).tobytes()
        try:
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
        except RuntimeError as exc:
            raise SttError(f"speech recognition failed: {exc}") from exc
        hypothesis = decoder.hyp()
        return "" if hypothesis is None else str(hypothesis.hypstr).strip()

    def close(self) -> None:
        self._local = threading.local()
