"""Local speech-to-text behind one Protocol: faster-whisper (default) or PocketSphinx.

Engines are heavy: `load_engine` is called once at server (or CLI) start, never at import.
"""

from __future__ import annotations

import os

from intervoo.config import Settings
from intervoo.stt.engine import SttEngine, SttError, SttModelError

__all__ = ["ENGINES", "SttEngine", "SttError", "SttModelError", "load_engine"]

ENGINES = ("faster-whisper", "pocketsphinx")


def load_engine(settings: Settings) -> SttEngine:
    """The engine named by INTERVOO_STT_ENGINE with its model, or SttError saying how to fix it."""
    name = settings.stt_engine.strip().lower()
    if name in ("faster-whisper", "whisper"):
        from intervoo.stt.models import resolve_model
        from intervoo.stt.whisper import WhisperEngine

        # The engine runs two decodes at once (its two workers, one per thread of the decode
        # scheduler, so a final never waits for a partial): each gets half the cores, at most 4.
        threads = max(1, (os.cpu_count() or 2) // 2)
        return WhisperEngine(resolve_model(settings.stt_model), cpu_threads=min(threads, 4))
    if name == "pocketsphinx":
        from intervoo.stt.sphinx import PocketsphinxEngine

        return PocketsphinxEngine()
    raise SttError(
        f"unknown speech engine INTERVOO_STT_ENGINE={settings.stt_engine!r}: "
        f"use one of {', '.join(ENGINES)}"
    )
