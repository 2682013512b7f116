"""Fixed-size in-memory sample buffers. Their memory is allocated once, so a session stays flat."""

from __future__ import annotations

import numpy as np

from intervoo.audio.frames import SAMPLE_RATE, Samples

MAX_UTTERANCE_S = 30  # Whisper's window; longer speech is split into several utterances


class SampleRing:
    """The most recent `capacity` samples (the pre-roll kept before speech is detected)."""

    def __init__(self, capacity: int) -> None:
        if capacity <= 0:
            raise ValueError(f"ring capacity must be positive, got {capacity}")
        self._data = np.zeros(capacity, dtype=np.float32)
        self._size = 0
        self._head = 0  # next write index

    def push(self, samples: Samples) -> None:
        capacity = len(self._data)
        if len(samples) >= capacity:
            self._data[:] = samples[-capacity:]
            self._head, self._size = 0, capacity
            return
        first = min(len(samples), capacity - self._head)
        self._data[self._head : self._head + first] = samples[:first]
        self._data[: len(samples) - first] = samples[first:]
        self._head = (self._head + len(samples)) % capacity
        self._size = min(capacity, self._size + len(samples))

    def contents(self) -> Samples:
        """A copy, oldest sample first."""
        if self._size < len(self._data):
            return self._data[: self._size].copy()
        return np.concatenate([self._data[self._head :], self._data[: self._head]])

    def clear(self) -> None:
        self._size = self._head = 0

    def __len__(self) -> int:
        return self._size


class UtteranceBuffer:
    """One utterance's audio, capped at `max_seconds`; `append` reports how much fitted."""

    def __init__(self, max_seconds: float = MAX_UTTERANCE_S) -> None:
        if max_seconds <= 0:
            raise ValueError(f"utterance cap must be positive, got {max_seconds}")
        self._data = np.zeros(int(max_seconds * SAMPLE_RATE), dtype=np.float32)
        self._size = 0

    @property
    def room(self) -> int:
        return len(self._data) - self._size

    def append(self, samples: Samples) -> int:
        taken = min(len(samples), self.room)
        self._data[self._size : self._size + taken] = samples[:taken]
        self._size += taken
        return taken

    def snapshot(self) -> Samples:
        """A copy of the samples so far, safe to hand to a worker thread."""
        return self._data[: self._size].copy()

    def clear(self) -> None:
        self._size = 0

    def __len__(self) -> int:
        return self._size
