"""Admission control for server-side speech: how many live sessions this process transcribes.

Every session that sends audio runs VAD and speech-to-text on this machine's CPUs, in
real time. Past what the CPUs can keep up with, every session falls behind together
(50 sessions on 2 cores: speech end -> final p50 18 s). So the server takes at most
`capacity` audio sessions at once and refuses the next with a clear error event; a
refused client can still send transcripts made on its own device (`intervoo listen
--connect`), which cost the server almost nothing. `bench/live_audio_capacity.py` measures
what one core keeps up with.
"""

from __future__ import annotations

import os

# Real-time audio sessions one core keeps under 1.5 s speech end -> final (p95) with the
# default engine. bench/live_audio_capacity.py on the 2-core dev box: 2 sessions p95 1.1 s;
# 3: 2.6 s; 4: 2.3 s (3 of 4 reported behind); 6: 4.9 s (all behind).
AUDIO_SESSIONS_PER_CORE = 1


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask, not the whole host)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_capacity() -> int:
    return usable_cpus() * AUDIO_SESSIONS_PER_CORE


class AudioAdmission:
    """A count of the sessions transcribing now, against a fixed capacity."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("the live audio capacity is at least 1 session")
        self.capacity = capacity
        self._active: set[str] = set()

    @property
    def active(self) -> int:
        return len(self._active)

    def try_admit(self, session_id: str) -> bool:
        """Take a place for `session_id` (again: already has one); False when all are taken."""
        if session_id in self._active:
            return True
        if len(self._active) >= self.capacity:
            return False
        self._active.add(session_id)
        return True

    def release(self, session_id: str) -> None:
        self._active.discard(session_id)

    def refusal(self) -> str:
        return (
            f"this server is already transcribing {self.capacity} live sessions, as many as "
            "its CPUs keep up with in real time; try again when one ends, or transcribe on "
            "your device (`intervoo listen --connect ws://…/ws/live`) and send text only"
        )
