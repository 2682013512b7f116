"""The process's one embedder: loaded once, lazily or in the background.

Loading checks the model file's sha256 and maps it (about 0.1-0.2 s), so nothing
pays for it at import. `warm_in_background()` starts that load on a daemon thread
at server or session start; `default_embedder()` waits for it or loads inline.
Callers cache vectors by text where they need to (`stories.embeddings`).
"""

from __future__ import annotations

import logging
import threading

from intervoo.embed.api import EmbedderUnavailable, TextEmbedder

log = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: list[TextEmbedder | None] = []


def default_embedder() -> TextEmbedder | None:
    """The bundled retrieval model, loaded once; None (logged once) when it cannot be,
    so callers fall back to what they can do without it."""
    with _lock:
        if not _loaded:
            _loaded.append(_load())
        return _loaded[0]


def warm_in_background() -> threading.Thread:
    """Start loading the model on a daemon thread; returns it (join it in tests)."""
    thread = threading.Thread(target=default_embedder, name="embed-warm", daemon=True)
    thread.start()
    return thread


def _load() -> TextEmbedder | None:
    from intervoo.embed.e5 import E5Embedder

    try:
        return E5Embedder.load()
    except EmbedderUnavailable as exc:
        log.warning("retrieval embeddings unavailable: %s", exc)
        return None
