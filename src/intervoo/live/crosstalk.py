"""The interviewer's words heard on the candidate's microphone (laptop speakers) are not taken
as the candidate's.

A candidate transcript that overlaps an interviewer utterance in time (allowing the delay of
the room and the endpointer, `LAG_MS`) is compared word by word with what the interviewer said
then (a word spelled a little differently counts). Runs of `MIN_RUN` or more of the
interviewer's words are cut out of it, so the candidate's own words around an echo (talking
over the interviewer, or answering right after the question) are kept; when too little is
left (`MIN_KEPT`, `KEEP_SHARE_INSIDE`), it was all echo and is dropped. A candidate final
that overlaps an interviewer utterance whose final has not come yet waits for it (the
interviewer's decodes go first, so that is short); `flush` lets out whatever still waits at
the end.

This works on any audio, cancelled for echo or not (`intervoo.audio.echo`), and on the words
the recognizer heard, so it does not care how loud the echo was or how the room changed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from intervoo.events import Channel, TranscriptEvent
from intervoo.stt.whisper import drop_restart

LAG_MS = 1200  # echo path delay (<= 200 ms) + reverb tail + the candidate endpointer's slack
MIN_RUN = 2  # runs of the interviewer's words this long are cut out of a candidate transcript
# What must be left of it for it to be the candidate's: MIN_KEPT words; for one heard entirely
# while the interviewer spoke with no run of their words in it, also this share of its words
# (the room and the recognizer garble an echo, so only some of the interviewer's words are
# found in it).
MIN_KEPT = 2
KEEP_SHARE_INSIDE = 0.5
MIN_KEPT_INSIDE = 3  # a short one sharing a word ("it's a reader" for "if the reader") is echo
FUZZY_MIN_LEN = 4  # words this long match the interviewer's when spelled close enough
FUZZY_SCORE = 75
KEEP_MS = 30_000  # interviewer utterances older than this cannot be heard as echo any more
_WORD = re.compile(r"[^\w']+")


def _key(token: str) -> str:
    return _WORD.sub("", token.lower()).strip("'")


@dataclass
class _Spoken:
    start: int
    end: int
    words: list[str]
    final: bool


@dataclass
class CrosstalkFilter:
    """Feed every transcript event in order; pass on what `feed` returns, in order."""

    lag_ms: int = LAG_MS
    keep_share_inside: float = KEEP_SHARE_INSIDE
    min_kept_inside: int = MIN_KEPT_INSIDE
    min_run: int = MIN_RUN
    min_kept: int = MIN_KEPT
    dropped: int = 0  # candidate transcripts dropped as echo (finals and partials)
    # interviewer utterances, by start; candidate events waiting for an interviewer final
    _spoken: dict[int, _Spoken] = field(default_factory=dict, init=False)
    _held: list[TranscriptEvent] = field(default_factory=list, init=False)

    def feed(self, event: TranscriptEvent) -> list[TranscriptEvent]:
        if event.channel is Channel.INTERVIEWER:
            self._hear(event)
            return [event, *self._release()]
        if event.final and self._open_overlap(event):
            self._held.append(event)
            return []
        if self._held:  # keep the candidate's events in order
            self._held.append(event)
            return self._release()
        cleaned = self._clean(event)
        return [cleaned] if cleaned is not None else []

    def flush(self) -> list[TranscriptEvent]:
        """The end of the session: decide on every held event with what is known now."""
        held, self._held = self._held, []
        return [e for e in map(self._clean, held) if e is not None]

    def _hear(self, event: TranscriptEvent) -> None:
        words = [w for w in map(_key, event.text.split()) if w]
        self._spoken[event.start] = _Spoken(event.start, event.end, words, event.final)
        horizon = event.end - KEEP_MS
        for start in [s for s, spoken in self._spoken.items() if spoken.end < horizon]:
            del self._spoken[start]

    def _overlapping(self, event: TranscriptEvent) -> list[_Spoken]:
        return [
            s
            for s in self._spoken.values()
            if event.start < s.end + self.lag_ms and event.end > s.start
        ]

    def _open_overlap(self, event: TranscriptEvent) -> bool:
        return any(not s.final for s in self._overlapping(event))

    def _release(self) -> list[TranscriptEvent]:
        """Held events, in order, up to the first that still waits for an interviewer final."""
        out: list[TranscriptEvent] = []
        while self._held and not (self._held[0].final and self._open_overlap(self._held[0])):
            cleaned = self._clean(self._held.pop(0))
            if cleaned is not None:
                out.append(cleaned)
        return out

    def _clean(self, event: TranscriptEvent) -> TranscriptEvent | None:
        """`event` without the interviewer's words in it; None when nothing of it is left."""
        spoken = sorted(self._overlapping(event), key=lambda s: s.start)
        heard = [w for s in spoken for w in s.words]
        if not heard or not event.text.strip():
            return event
        tokens = event.text.split()
        keys = [_key(t) for t in tokens]
        words = [i for i, k in enumerate(keys) if k]
        blocks = _shared_runs([keys[i] for i in words], heard)
        if not blocks:
            return event
        cut = {words[a + k] for a, size in blocks if size >= self.min_run for k in range(size)}
        own = len(words) - len(cut) if cut else len(words) - sum(size for _, size in blocks)
        inside = spoken[0].start <= event.start and event.end <= spoken[-1].end + self.lag_ms
        # Cut runs leave the candidate's own words; scattered matches alone, heard while the
        # interviewer spoke, are the echo garbled.
        garbled = inside and not cut
        if garbled:
            need = max(self.min_kept_inside, self.keep_share_inside * len(words))
        else:
            need = self.min_kept
        if own < need:
            self.dropped += 1
            return None
        if not cut:
            return event
        # What is left may be the candidate's words and Whisper starting them over, which its
        # restart cut missed while the echo's words came first.
        kept = drop_restart(" ".join(t for i, t in enumerate(tokens) if i not in cut))
        return replace(event, text=kept)


def _shared_runs(words: list[str], heard: list[str]) -> list[tuple[int, int]]:
    """(index in `words`, length) of the runs `words` shares with `heard`, in order. A word
    the recognizer wrote a little differently on the echo ("dashboard" for "Dashwood") counts
    as the interviewer's."""
    vocabulary = set(heard)
    aligned = [w if w in vocabulary else _closest(w, vocabulary) for w in words]
    matcher = SequenceMatcher(None, aligned, heard, autojunk=False)
    return [(b.a, b.size) for b in matcher.get_matching_blocks() if b.size]


def _closest(word: str, vocabulary: set[str]) -> str:
    if len(word) < FUZZY_MIN_LEN:
        return word
    found = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
    return str(found[0]) if found else word
