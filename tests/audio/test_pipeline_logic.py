"""SpeechPipeline's timing logic, with a loudness VAD and a scripted engine at the STT seam.

Audio is fed 100 ms at a time on a virtual clock, and the test waits for the decodes after each
chunk, so what happens is fixed by the audio alone, not by how busy the machine is."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import numpy as np
import pytest

from intervoo.audio.endpoint import EndpointConfig
from intervoo.audio.pipeline import SpeechPipeline
from intervoo.audio.vad import EnergyVad
from intervoo.events import Channel, ErrorEvent, TranscriptEvent
from intervoo.questions.completeness import completeness
from tests.audio.fakes import ScriptedEngine, silence, tone


class Session:
    def __init__(self, engine: ScriptedEngine, **options: object) -> None:
        self.ms = 0
        self.errors: list[ErrorEvent] = []
        self.pipeline = SpeechPipeline(
            engine,
            clock=lambda: self.ms,
            completeness=options.pop("completeness", completeness),  # type: ignore[arg-type]
            vad=EnergyVad(),
            on_error=self.errors.append,
            **options,  # type: ignore[arg-type]
        )
        self.events: list[TranscriptEvent] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for event in self.pipeline.events():
            self.events.append(event)

    async def play(self, pcm: np.ndarray, channel: Channel = Channel.INTERVIEWER) -> None:
        for start in range(0, len(pcm), 1600):
            chunk = pcm[start : start + 1600]
            self.ms += len(chunk) * 1000 // 16_000
            await self.pipeline.feed(channel, chunk)
            await self.pipeline.drain()

    async def close(self) -> list[TranscriptEvent]:
        await self.pipeline.flush()
        await self.pipeline.aclose()
        await self._reader
        return self.events

    def finals(self) -> list[TranscriptEvent]:
        return [e for e in self.events if e.final]


@pytest.fixture
async def session_factory() -> AsyncIterator[list[Session]]:
    sessions: list[Session] = []
    yield sessions
    for session in sessions:
        await session.close()


def open_session(sessions: list[Session], engine: ScriptedEngine, **options: object) -> Session:
    session = Session(engine, **options)
    sessions.append(session)
    return session


async def test_a_complete_question_ends_after_a_short_silence(
    session_factory: list[Session],
) -> None:
    session = open_session(session_factory, ScriptedEngine({1: "What is your greatest strength?"}))
    await session.play(np.concatenate([silence(500), tone(1500), silence(400)]))
    finals = session.finals()
    assert [e.text for e in finals] == ["What is your greatest strength?"]
    final = finals[0]
    assert final.end == pytest.approx(2000, abs=40)  # speech ended at 2.0 s of audio
    assert final.start <= 500 and final.start >= 200  # pre-roll before the VAD fired
    assert final.t - final.end <= 400  # needed only ~300 ms of silence


async def test_by_default_the_question_scorer_ends_an_unpunctuated_question_fast(
    session_factory: list[Session],
) -> None:
    """Whisper does not always add the '?'; the question detector still knows it is finished."""
    question = "How do you handle feedback from your manager"
    session = open_session(session_factory, ScriptedEngine({1: question}))
    await session.play(np.concatenate([silence(500), tone(1500), silence(1000)]))
    finals = session.finals()
    assert [e.text for e in finals] == [question]
    assert finals[0].t - finals[0].end <= 400


async def test_no_partial_is_started_once_the_voice_has_dropped(
    session_factory: list[Session],
) -> None:
    """Such a partial would hold up the final's decode; the pause decode comes right after.
    (The quick decode at the first short pause, which may end the turn, is tested apart.)"""
    engine = ScriptedEngine({1: "Why?"})
    session = open_session(session_factory, engine, config=EndpointConfig(quick_pause_ms=0))
    # 7 windows of speech: the first partial falls due on the first silent window after them.
    await session.play(np.concatenate([silence(512), tone(224), silence(800)]))
    assert [partial for _, partial, _ in engine.calls] == [False]
    assert [e.text for e in session.finals()] == ["Why?"]


async def test_a_trailing_phrase_waits_and_the_two_parts_come_out_as_one(
    session_factory: list[Session],
) -> None:
    engine = ScriptedEngine(
        {1: "Tell me about a time when", 2: "Tell me about a time when you failed."}
    )
    session = open_session(session_factory, engine)
    audio = [silence(300), tone(1200), silence(700), tone(1000), silence(2000)]
    await session.play(np.concatenate(audio))
    assert [e.text for e in session.finals()] == ["Tell me about a time when you failed."]


async def test_a_trailing_phrase_still_ends_after_the_longest_wait(
    session_factory: list[Session],
) -> None:
    session = open_session(session_factory, ScriptedEngine({1: "So tell me about the"}))
    await session.play(np.concatenate([tone(1000), silence(1400)]))
    assert session.finals() == []
    await session.play(silence(300))
    assert [e.text for e in session.finals()] == ["So tell me about the"]


async def test_each_decode_is_scored_once_not_on_every_silent_window(
    session_factory: list[Session],
) -> None:
    """The scorer runs on the event loop: 1.5 s of waiting must not re-score the same text
    ~40 times. Two decodes: the quick one at the first short pause, and the final's."""
    scored: list[str] = []

    def completeness(text: str) -> float:
        scored.append(text)
        return 0.0

    engine = ScriptedEngine({1: "So tell me about the"})
    session = open_session(session_factory, engine, completeness=completeness)
    await session.play(np.concatenate([tone(1000), silence(1700)]))
    assert [e.text for e in session.finals()] == ["So tell me about the"]
    assert scored == ["So tell me about the"] * 2


async def test_complete_questions_separated_by_a_pause_stay_apart(
    session_factory: list[Session],
) -> None:
    engine = ScriptedEngine({1: "Why this company?", 2: "Why this company? Why now?"})
    session = open_session(session_factory, engine)
    await session.play(np.concatenate([tone(800), silence(700), tone(800), silence(700)]))
    assert [e.text for e in session.finals()] == ["Why this company?", "Why this company?"]


async def test_completeness_hook_decides(session_factory: list[Session]) -> None:
    engine = ScriptedEngine({1: "Why this company?", 2: "Why this company? Why now?"})
    session = open_session(session_factory, engine, completeness=lambda text: 0.0)
    await session.play(np.concatenate([tone(800), silence(700), tone(800), silence(1600)]))
    assert [e.text for e in session.finals()] == ["Why this company? Why now?"]


async def test_partials_while_the_interviewer_talks_but_not_for_the_candidate(
    session_factory: list[Session],
) -> None:
    engine = ScriptedEngine({1: "What would you"})
    session = open_session(session_factory, engine)
    await session.play(tone(2000), Channel.INTERVIEWER)
    await session.play(tone(2000), Channel.CANDIDATE)
    partials = [e for e in session.events if not e.final]
    assert len(partials) >= 3
    assert {e.channel for e in partials} == {Channel.INTERVIEWER}
    assert all(e.text == "What would you" and e.end > e.start for e in partials)


async def test_speech_longer_than_the_cap_is_split(session_factory: list[Session]) -> None:
    session = open_session(session_factory, ScriptedEngine({1: "a long answer."}))
    await session.play(np.concatenate([tone(35_000), silence(1600)]), Channel.CANDIDATE)
    finals = session.finals()
    assert len(finals) == 2
    assert finals[0].end - finals[0].start == pytest.approx(30_000, abs=400)
    assert finals[1].start == finals[0].end


async def test_flush_finalizes_speech_cut_off_by_the_end_of_input(
    session_factory: list[Session],
) -> None:
    session = open_session(session_factory, ScriptedEngine({1: "And finally,"}))
    await session.play(tone(1000))
    events = await session.close()
    assert [e.text for e in events if e.final] == ["And finally,"]


async def test_a_failing_decode_is_reported_and_listening_goes_on(
    session_factory: list[Session],
) -> None:
    engine = ScriptedEngine({2: "Second question?"}, fail_on=1)
    session = open_session(session_factory, engine, partial_channels=())
    await session.play(
        np.concatenate([tone(600), silence(1700), tone(600), silence(120), tone(600), silence(900)])
    )
    assert [e.code for e in session.errors] == ["stt.failed"]
    assert [e.text for e in session.finals()] == ["Second question?"]


async def test_vocabulary_reaches_the_engine(session_factory: list[Session]) -> None:
    engine = ScriptedEngine({1: "Do you know Kubernetes?"})
    session = open_session(session_factory, engine, vocabulary=["Kubernetes", "Stripe"])
    await session.play(np.concatenate([tone(600), silence(500)]))
    assert engine.calls and all(call[2] == ("Kubernetes", "Stripe") for call in engine.calls)


async def test_the_interviewer_is_never_queued_behind_the_candidate() -> None:
    """A candidate decode that hangs must not hold back the interviewer's final."""
    engine = ScriptedEngine({1: "Any questions for us?"}, hold_above_hz=300)
    pipeline = SpeechPipeline(
        engine, clock=lambda: 0, completeness=completeness, vad=EnergyVad(), partial_channels=()
    )
    events: asyncio.Queue[TranscriptEvent] = asyncio.Queue()

    async def read() -> None:
        async for event in pipeline.events():
            await events.put(event)

    reader = asyncio.create_task(read())
    try:
        candidate = np.concatenate([tone(700, freq=440.0), silence(1000)])
        interviewer = np.concatenate([tone(700, freq=220.0), silence(1000)])
        for start in range(0, len(candidate), 1600):
            await pipeline.feed(Channel.CANDIDATE, candidate[start : start + 1600])
        for start in range(0, len(interviewer), 1600):
            await pipeline.feed(Channel.INTERVIEWER, interviewer[start : start + 1600])
        first = await asyncio.wait_for(events.get(), timeout=10)
        assert (first.channel, first.final) == (Channel.INTERVIEWER, True)
        assert events.empty()  # the candidate's decode is still held
        engine.release.set()
        second = await asyncio.wait_for(events.get(), timeout=10)
        assert (second.channel, second.final) == (Channel.CANDIDATE, True)
    finally:
        engine.release.set()
        await pipeline.aclose()
        await reader


async def test_feed_refuses_anything_but_int16_mono() -> None:
    pipeline = SpeechPipeline(
        ScriptedEngine({}), clock=lambda: 0, completeness=completeness, vad=EnergyVad()
    )
    try:
        with pytest.raises(ValueError, match="int16"):
            await pipeline.feed(Channel.INTERVIEWER, np.zeros(10, dtype=np.float32))  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="1-D"):
            await pipeline.feed(Channel.INTERVIEWER, np.zeros((10, 2), dtype=np.int16))
    finally:
        await pipeline.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await pipeline.feed(Channel.INTERVIEWER, np.zeros(10, dtype=np.int16))


# -- the quick decode at the first short pause ------------------------------------------------


async def play_held(session: Session, pcm: np.ndarray) -> None:
    """Like `Session.play`, for an engine that holds its finals, in 32 ms frames as a browser
    sends them: waits only for the events each frame causes, not for every decode."""
    for start in range(0, len(pcm), 512):
        chunk = pcm[start : start + 512]
        session.ms += len(chunk) * 1000 // 16_000
        await session.pipeline.feed(Channel.INTERVIEWER, chunk)
        await asyncio.sleep(0.02)  # the scripted partials answer at once


async def until(predicate: Callable[[], bool], timeout_s: float = 5.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not predicate():  # noqa: ASYNC110 (the pipeline has no event to wait on)
            await asyncio.sleep(0.005)


def ends_turn(session: Session) -> list[TranscriptEvent]:
    return [e for e in session.events if e.ends_turn]


async def test_a_finished_question_ends_its_turn_on_the_quick_decode_before_the_final(
    session_factory: list[Session],
) -> None:
    """The final's decode is slow (held); the quick decode at 96 ms of silence says a finished
    question, so ~200 ms after speech stops the turn is over on its words, and the final
    follows once its decode is back."""
    question = "What is your greatest strength?"
    engine = ScriptedEngine({1: question}, hold_finals=True)
    session = open_session(session_factory, engine)
    await play_held(session, np.concatenate([silence(500), tone(1500), silence(500)]))
    told = ends_turn(session)
    assert [e.text for e in told] == [question]
    assert not told[0].final and told[0].end == pytest.approx(2000, abs=40)
    assert 200 <= told[0].t - told[0].end <= 300
    assert session.finals() == []
    engine.release.set()
    await until(lambda: bool(session.finals()))
    assert [e.text for e in session.finals()] == [question]
    assert session.events.index(told[0]) < session.events.index(session.finals()[0])


async def test_a_trailing_phrase_never_ends_its_turn_on_the_quick_decode(
    session_factory: list[Session],
) -> None:
    engine = ScriptedEngine({1: "So tell me about the"}, hold_finals=True)
    session = open_session(session_factory, engine)
    await play_held(session, np.concatenate([tone(1000), silence(1000)]))
    assert any(not e.final and e.text == "So tell me about the" for e in session.events)
    assert ends_turn(session) == []
    engine.release.set()


async def test_speech_that_goes_on_after_the_quick_decode_never_ends_the_turn_on_it(
    session_factory: list[Session],
) -> None:
    """110 ms of silence (the quick decode runs, no pause yet), then more speech whose own
    quick decode is slow (held, with the final): the turn must not end on the first part's
    words meanwhile, only on the whole utterance's once they are back."""
    first, whole = "What is your greatest strength?", "What is your greatest strength and why?"
    engine = ScriptedEngine({1: first, 2: whole}, hold_above_hz=250)
    session = open_session(session_factory, engine)
    audio = [silence(300), tone(1000), silence(110), tone(600, freq=440), silence(600)]
    await play_held(session, np.concatenate(audio))
    assert any(e.text == first and not e.final for e in session.events)  # its quick decode
    assert ends_turn(session) == []
    engine.release.set()
    await until(lambda: bool(session.finals()))
    assert [e.text for e in session.finals()] == [whole]
    assert all(e.text == whole for e in ends_turn(session))


@pytest.mark.parametrize("waits", [False, True], ids=["beside", "waits"])
async def test_the_final_runs_beside_a_slow_quick_decode_unless_told_to_wait(
    session_factory: list[Session], waits: bool
) -> None:
    """The quick decode is slow (held). By default the final's decode runs beside it on the
    engine's second worker and ends the turn; told to wait, it starts once the quick one is
    back."""
    question = "Why do you want this job?"
    engine = ScriptedEngine({1: question}, hold_pause_partials=True)
    config = EndpointConfig(final_waits_for_quick=waits)
    session = open_session(session_factory, engine, config=config)
    await play_held(session, np.concatenate([silence(300), tone(1200), silence(600)]))
    if not waits:
        await until(lambda: bool(session.finals()))
    finals_decoded = sum(not partial for _, partial, _ in engine.calls)
    assert finals_decoded == (0 if waits else 1)
    engine.release.set()
    await until(lambda: bool(session.finals()))
    assert [e.text for e in session.finals()] == [question]
    assert sum(not partial for _, partial, _ in engine.calls) == 1


async def test_no_quick_decode_ends_a_turn_whose_final_came_back_first(
    session_factory: list[Session],
) -> None:
    """With the final's decode back within the silence, the final ends the turn itself."""
    session = open_session(session_factory, ScriptedEngine({1: "Why do you want this job?"}))
    await session.play(np.concatenate([silence(300), tone(1200), silence(600)]))
    assert [e.text for e in session.finals()] == ["Why do you want this job?"]
    assert ends_turn(session) == []
