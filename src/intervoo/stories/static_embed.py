"""A static sentence embedder: all-MiniLM-L6-v2's sense of meaning as a lookup table.

The table (one vector per WordPiece token, built once by
tools/distill_static_embeddings.py and shipped in `stories/data/`) lets a
sentence be embedded by tokenizing it and summing its token rows: no PyTorch,
no download, tens of microseconds per question. Frequent tokens were scaled
down when the table was built (SIF weighting), so the sum is already the
weighted average once normalized.

It knows words the interview lexicon never listed ("rapid response team" is
near "escalated"; "pupils" near "students"), which is what carries story
matching to professions the lexicon was not written for.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from intervoo.stories.embeddings import EmbedderUnavailable, Vectors, normalize_rows

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
TABLE_PATH = DATA_DIR / "static_minilm.npy"
TOKENIZER_PATH = DATA_DIR / "static_minilm_tokenizer.json"


class StaticEmbedder:
    """Sentence vectors as the normalized sum of token vectors from a fixed table."""

    def __init__(self, table: npt.NDArray[np.floating], tokenizer: Tokenizer) -> None:
        if table.ndim != 2 or table.shape[0] != tokenizer.get_vocab_size():
            raise ValueError(
                f"token table of shape {table.shape} does not fit a tokenizer of "
                f"{tokenizer.get_vocab_size()} tokens"
            )
        self._table = table
        self._tokenizer = tokenizer
        # [CLS]/[SEP] are not added: the table already holds each token in their context.
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    @property
    def dims(self) -> int:
        return int(self._table.shape[1])

    @classmethod
    def from_files(cls, table_path: Path, tokenizer_path: Path) -> StaticEmbedder:
        for path in (table_path, tokenizer_path):
            if not path.is_file():
                raise EmbedderUnavailable(f"static embedding file missing: {path}")
        try:
            table = np.load(table_path, allow_pickle=False)
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # numpy raises OSError/ValueError, tokenizers a bare Exception
            raise EmbedderUnavailable(f"cannot load static embeddings: {exc}") from exc
        return cls(table, tokenizer)

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text; a text with no known token gets a zero row."""
        rows = np.zeros((len(texts), self.dims), dtype=np.float32)
        if not texts:
            return rows
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        for row, encoding in enumerate(encodings):
            if encoding.ids:
                rows[row] = self._table[encoding.ids].sum(axis=0, dtype=np.float32)
        return normalize_rows(rows)


_lock = threading.Lock()
_bundled: list[StaticEmbedder | None] = []


def bundled_embedder() -> StaticEmbedder | None:
    """The embedder shipped with the package, loaded once (about 50 ms); None when its data
    files are not installed, so retrieval falls back to lexical matching alone."""
    with _lock:
        if not _bundled:
            try:
                _bundled.append(StaticEmbedder.from_files(TABLE_PATH, TOKENIZER_PATH))
            except EmbedderUnavailable as exc:
                log.warning("story embeddings unavailable, lexical matching only: %s", exc)
                _bundled.append(None)
        return _bundled[0]
