"""A spoken answer from the speech pipeline's candidate-channel transcripts. Pure.

Voice answers go through the same audio pipeline as the live copilot; the audio is
discarded there and only final transcripts reach this module. The answer is their text
in order, and its duration (first speech start to last speech end) gives the pace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from intervoo.events import Channel, TranscriptEvent


class VoiceAnswerError(ValueError):
    """Transcripts that do not make an answer (none final on the candidate channel)."""


@dataclass(frozen=True, slots=True)
class SpokenAnswer:
    text: str
    duration_s: float


def spoken_answer(events: Iterable[TranscriptEvent]) -> SpokenAnswer:
    """The candidate's answer: final candidate-channel transcripts, in time order."""
    finals = sorted(
        (e for e in events if e.channel is Channel.CANDIDATE and e.final and e.text.strip()),
        key=lambda e: (e.start, e.end),
    )
    if not finals:
        raise VoiceAnswerError("no final transcript on the candidate channel")
    if any(e.end < e.start for e in finals):
        raise VoiceAnswerError("a transcript ends before it starts")
    text = " ".join(" ".join(e.text.split()) for e in finals)
    duration_ms = max(e.end for e in finals) - finals[0].start
    return SpokenAnswer(text=text, duration_s=max(duration_ms, 0) / 1000)
