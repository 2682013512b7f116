"""The streaming question detector: interviewer transcript events in, question events out.

Per interviewer utterance (partials, then one final):
- a confident, complete-sounding partial fires one *speculative* question, so
  the copilot can start before the endpoint;
- the final confirms it with the same id (or, if the final turned out to be a
  different question, a new id);
- a question said right after another one, before the candidate answered, is
  its second part: it is re-emitted under the first one's id with the merged
  text ("tell me about a project you led" + "and what would you do differently");
- a question that picks up the previous one after the candidate answered
  ("why?", "and what was the outcome?") carries `follow_up_of`.
Context from the conversation is evidence on the model's logit:
- right after a setup ("let's say the list has duplicates", "two parts:") the next
  utterance is more likely the question about it;
- turn-taking: an interviewer utterance that fell just short of a question is held;
  when the interviewer stops and the candidate starts to answer (a few words, not a
  backchannel said over the interviewer), it is emitted as the question it was. The
  evidence is the likelihood ratio measured on real talk (settings.turn_evidence):
  replies follow statements too, so it lifts only what nearly asked.
Otherwise candidate-channel events only close the current question (the candidate
is answering). Pure: no clock, no I/O; the caller stamps `t`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from intervoo.events import Channel, QuestionEvent, QuestionKind, TranscriptEvent
from intervoo.questions import lexicon as lx
from intervoo.questions.classify import Analysis, analyze, kind_of_question
from intervoo.questions.completeness import completeness_of
from intervoo.questions.text import normalize


@dataclass(frozen=True, slots=True)
class DetectorSettings:
    speculative_confidence: float = 0.85
    speculative_completeness: float = 0.85
    # A partial of one or two words ("what?", "why") has not yet said what it asks.
    speculative_min_words: int = 3
    merge_gap_ms: int = 4000  # a second part follows its first within this pause
    follow_up_window_ms: int = 180_000  # a follow-up refers to a question this recent
    follow_up_max_words: int = 14
    same_question_similarity: float = 80.0  # partial vs final, rapidfuzz partial_ratio
    setup_evidence: float = 1.0  # logit added to the utterance right after a setup
    # Logit added to an interviewer utterance once the candidate starts to answer it: the
    # log likelihood ratio of "the speaker stopped and another started within 3 s with 3+
    # words" for questions against statements, measured on meeting talk (MRDA, 4+ word
    # segments: 0.93 validation, 0.83 test meetings; the same with "you" or without, and
    # whatever the reply's first word). 2.5, set by hand before, doubled false positives
    # on those meetings (2.5% -> 5.3%) for 0.04 of recall.
    turn_evidence: float = 0.9
    turn_gap_ms: int = 3000  # the candidate starts within this pause after the interviewer
    turn_min_words: int = 3  # fewer is a backchannel ("mhm", "okay sure"), not an answer


@dataclass(frozen=True, slots=True)
class _Asked:
    """The last question emitted, for merging and follow-up links."""

    event: QuestionEvent
    end: int
    topic: frozenset[str]
    answered: bool = False


@dataclass(frozen=True, slots=True)
class _Setup:
    text: str
    end: int


@dataclass(frozen=True, slots=True)
class _Pending:
    """An interviewer utterance that is a question if the candidate starts to answer it."""

    analysis: Analysis
    event: TranscriptEvent


def _topic(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for w in words if w not in lx.FUNCTION_WORDS and len(w) > 2)


def _is_setup(words: tuple[str, ...]) -> bool:
    """A scenario setup, after any run of discourse markers ("okay so let's say…")."""
    start = 0
    while start < len(words) and words[start] in lx.MARKERS:
        start += 1
    return " ".join(words[start:]).startswith(lx.SETUP_OPENERS)


class QuestionDetector:
    """Feed every transcript event of a session; returns the question events each one causes."""

    def __init__(self, settings: DetectorSettings | None = None) -> None:
        self._settings = settings or DetectorSettings()
        self._count = 0
        self._speculative: QuestionEvent | None = None  # fired for the current utterance
        self._spoke_partial = False  # the current utterance already had a partial
        self._last: _Asked | None = None
        self._setup: _Setup | None = None
        self._pending: _Pending | None = None

    def feed(self, event: TranscriptEvent) -> list[QuestionEvent]:
        if event.channel is Channel.CANDIDATE:
            asked = self._on_turn_taken(event)
            self._on_candidate(event)
            return asked
        if not event.final:
            return self._on_partial(event)
        try:
            return self._on_final(event)
        finally:
            self._speculative = None
            self._spoke_partial = False

    def _on_candidate(self, event: TranscriptEvent) -> None:
        if event.final and event.text.strip():
            if self._last is not None:
                self._last = replace(self._last, answered=True)
            self._setup = None

    def _on_turn_taken(self, event: TranscriptEvent) -> list[QuestionEvent]:
        """The held interviewer utterance, as a question, if the candidate now answers it."""
        pending, settings = self._pending, self._settings
        if pending is None or len(event.text.split()) < settings.turn_min_words:
            return []
        self._pending = None
        gap = event.start - pending.event.end
        if not 0 <= gap <= settings.turn_gap_ms:
            return []  # said over the interviewer, or long after: not an answer to it
        question = self._new_question(pending.analysis, pending.event, speculative=False)
        self._remember(question, pending.analysis, pending.event.end)
        self._setup = None
        return [question]

    def _evidence(self, event: TranscriptEvent) -> float:
        setup = self._setup
        recent = setup is not None and event.start - setup.end <= self._settings.merge_gap_ms
        return self._settings.setup_evidence if recent else 0.0

    def _continues_last(self, start: int) -> bool:
        last = self._last
        return (
            last is not None
            and not last.answered
            and start - last.end <= self._settings.merge_gap_ms
        )

    def _on_partial(self, event: TranscriptEvent) -> list[QuestionEvent]:
        self._spoke_partial = True
        if self._speculative is not None or self._continues_last(event.start):
            return []
        analysis = analyze(event.text, self._evidence(event))
        if not self._worth_speculating(event.text, analysis):
            return []
        question = self._new_question(analysis, event, speculative=True)
        self._speculative = question
        return [question]

    def _worth_speculating(self, text: str, analysis: Analysis) -> bool:
        """A partial fires early only if it is surely a question and sounds finished."""
        settings = self._settings
        verdict = analysis.classification
        return (
            verdict.is_question
            and verdict.confidence >= settings.speculative_confidence
            and len(analysis.words) >= settings.speculative_min_words
            and len(text.split()) >= settings.speculative_min_words  # "what's x" is two said
            and completeness_of(text, analysis) >= settings.speculative_completeness
        )

    def _on_final(self, event: TranscriptEvent) -> list[QuestionEvent]:
        self._pending = None  # the interviewer went on talking
        evidence = self._evidence(event)
        analysis = analyze(event.text, evidence)
        if not analysis.classification.is_question:
            if _is_setup(analysis.normalized.words):
                self._setup = _Setup(event.text.strip(), event.end)
                return []
            with_turn = analyze(event.text, evidence + self._settings.turn_evidence)
            if with_turn.classification.is_question:
                self._pending = _Pending(with_turn, event)
            return []
        if self._continues_last(event.start):
            return [self._merge_into_last(analysis, event)]
        spec = self._speculative
        if spec is not None and self._same_question(spec.text, analysis.question):
            confirmed = replace(self._with_context(analysis, event), id=spec.id)
        else:
            confirmed = self._new_question(analysis, event, speculative=False)
        self._remember(confirmed, analysis, event.end)
        self._setup = None
        return [confirmed]

    def _same_question(self, speculative_text: str, final_text: str) -> bool:
        score = fuzz.partial_ratio(speculative_text.lower(), final_text.lower())
        return score >= self._settings.same_question_similarity

    def _new_question(
        self, analysis: Analysis, event: TranscriptEvent, *, speculative: bool
    ) -> QuestionEvent:
        self._count += 1
        return replace(
            self._with_context(analysis, event), id=f"q{self._count}", speculative=speculative
        )

    def _with_context(self, analysis: Analysis, event: TranscriptEvent) -> QuestionEvent:
        """The event for this analysis: setup prepended, follow-up linked, kind settled."""
        verdict = analysis.classification
        text = analysis.question
        kind = verdict.kind or QuestionKind.BEHAVIORAL
        follow_up_of = None
        setup = self._setup
        if setup is not None and event.start - setup.end <= self._settings.merge_gap_ms:
            # "let's say you have a memory leak" + "how would you find it": one new question.
            text = f"{setup.text} {text}"
            kind, _ = kind_of_question(normalize(text).words)
        elif (parent := self._follow_up_parent(analysis, event)) is not None:
            follow_up_of = parent.event.id
            if analysis.kind_certainty < 0.75:
                kind = parent.event.kind  # "why?" is about whatever was asked before
        return QuestionEvent(
            id="",
            text=text,
            kind=kind,
            confidence=verdict.confidence,
            speculative=False,
            follow_up_of=follow_up_of,
        )

    def _follow_up_parent(self, analysis: Analysis, event: TranscriptEvent) -> _Asked | None:
        last = self._last
        if last is None or event.start - last.end > self._settings.follow_up_window_ms:
            return None
        words = analysis.words
        joined = " ".join(words)
        if len(words) > self._settings.follow_up_max_words or joined.startswith(
            lx.NEW_TOPIC_OPENERS
        ):
            return None
        raw = analysis.normalized.words
        opener = bool(raw) and raw[0] in lx.FOLLOW_UP_OPENERS
        if joined in lx.FOLLOW_UP_PHRASES or (opener and len(words) <= 8):
            return last
        if any(w in lx.ANAPHORA for w in words) and len(words) <= 10:
            return last
        return last if len(_topic(words) & last.topic) >= 2 else None

    def _merge_into_last(self, analysis: Analysis, event: TranscriptEvent) -> QuestionEvent:
        assert self._last is not None  # checked by _continues_last
        first = self._last.event
        merged = replace(
            first,
            text=f"{first.text} {analysis.question}",
            confidence=max(first.confidence, analysis.classification.confidence),
            speculative=False,
        )
        topic = self._last.topic | _topic(analysis.words)
        self._last = _Asked(merged, event.end, topic)
        return merged

    def _remember(self, question: QuestionEvent, analysis: Analysis, end: int) -> None:
        self._last = _Asked(question, end, _topic(analysis.words))
