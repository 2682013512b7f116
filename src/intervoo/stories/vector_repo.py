"""Stored retrieval vectors of a user's library (`stories.embeddings.VectorStore`)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, select

from intervoo.store.models import StoryVectorRow
from intervoo.store.repos.base import Repo

Vector = npt.NDArray[np.float32]
# Keys per IN (...) list: well under SQLite's limit on bound parameters.
_BATCH = 500


def _batches(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), _BATCH):
        yield keys[start : start + _BATCH]


class StoryVectorRepo(Repo):
    def all(self) -> dict[str, Vector]:
        """Every stored vector of this user, by key: one query at session start."""
        query = select(StoryVectorRow.key, StoryVectorRow.vector).where(
            StoryVectorRow.user_id == self.user_id
        )
        return {key: _decode(blob) for key, blob in self.session.execute(query)}

    def load(self, keys: Sequence[str]) -> dict[str, Vector]:
        found: dict[str, Vector] = {}
        for batch in _batches(list(dict.fromkeys(keys))):
            query = select(StoryVectorRow.key, StoryVectorRow.vector).where(
                StoryVectorRow.user_id == self.user_id, StoryVectorRow.key.in_(batch)
            )
            found.update((key, _decode(blob)) for key, blob in self.session.execute(query))
        return found

    def save(self, vectors: Mapping[str, Vector]) -> None:
        """Store the vectors not stored yet (a key names one text and model: never changes)."""
        stored = set(self.load(list(vectors)))
        self.session.add_all(
            StoryVectorRow(user_id=self.user_id, key=key, vector=_encode(vector))
            for key, vector in vectors.items()
            if key not in stored
        )
        self.session.flush()

    def keep_only(self, keys: Collection[str]) -> int:
        """Delete the vectors of texts the library no longer has; how many went."""
        query = select(StoryVectorRow.key).where(StoryVectorRow.user_id == self.user_id)
        stale = [key for key in self.session.scalars(query) if key not in keys]
        for batch in _batches(stale):
            self.session.execute(
                delete(StoryVectorRow).where(
                    StoryVectorRow.user_id == self.user_id, StoryVectorRow.key.in_(batch)
                )
            )
        return len(stale)


def _encode(vector: Vector) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def _decode(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
