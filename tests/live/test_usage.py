"""Stories the candidate was shown answers from are counted in the real database, after the
answer is out; within a session, of two stories that fit, the untold one comes first."""

from sqlalchemy import text

from intervoo.config import Settings
from intervoo.copilot.context import load_candidate_context
from intervoo.events import ErrorEvent, SuggestionDone
from intervoo.live.session import LiveSession
from intervoo.live.usage import NOT_RECORDED, StoryUsage
from intervoo.questions import QuestionDetector, classify
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from tests.live.helpers import Recorder
from tests.live.server import live_client, running_server, seed_candidate

OUTAGE_Q = "Tell me about a time you handled a production outage under pressure."
# Both incident stories fit this one; the outage was told already, so the other comes first.
INCIDENT_Q = "Describe a production incident you dealt with."
OUTAGE = "Checkout outage during the holiday peak"
MISTAKE = "The reconciliation job that double-billed"


def times_used(db: Database, user_id: str) -> dict[str, int]:
    with db.session(user_id) as session:
        return {story.title: story.times_used for story in StoryRepo(session, user_id).list()}


async def ask_twice(db: Database, user_id: str, record: Recorder) -> None:
    usage = StoryUsage(db, user_id, on_error=record)
    ctx = load_candidate_context(db, user_id)
    session = LiveSession(
        ctx, emit=record, detector=QuestionDetector(), classify=classify, stories_used=usage.record
    )
    try:
        session.ask(OUTAGE_Q)
        await session.finish()
        session.ask(INCIDENT_Q)
        await session.finish()
    finally:
        await session.aclose()
        await usage.aclose()


async def test_shown_answers_count_their_story_and_a_told_story_gives_way(
    settings: Settings,
) -> None:
    user_id = seed_candidate(settings)
    db = Database(settings)
    try:
        record = Recorder()
        await ask_twice(db, user_id, record)
        counts = times_used(db, user_id)
    finally:
        db.dispose()
    first, second = [e for e in record.events if isinstance(e, SuggestionDone)]
    assert first.sources[0] == f"story: {OUTAGE}" and second.sources[0] == f"story: {MISTAKE}"
    assert counts == {OUTAGE: 1, MISTAKE: 1, "Disagreement over the carrier API design": 0}


async def test_a_failed_count_is_reported_and_the_answer_still_arrives(settings: Settings) -> None:
    user_id = seed_candidate(settings)
    db = Database(settings)
    try:
        record = Recorder()
        usage = StoryUsage(db, user_id, on_error=record)
        ctx = load_candidate_context(db, user_id)  # everything is in memory from here on
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE stories"))
        session = LiveSession(
            ctx, emit=record, detector=QuestionDetector(), classify=classify,
            stories_used=usage.record,
        )  # fmt: skip
        session.ask(OUTAGE_Q)
        await session.finish()
        await session.aclose()
        await usage.aclose()
    finally:
        db.dispose()
    done = next(e for e in record.events if isinstance(e, SuggestionDone))
    assert done.sources[0] == f"story: {OUTAGE}"
    errors = [e for e in record.events if isinstance(e, ErrorEvent)]
    assert [e.code for e in errors] == [NOT_RECORDED]
    assert record.events.index(errors[0]) > record.events.index(done)


async def test_a_live_socket_session_counts_the_story_it_showed(settings: Settings) -> None:
    user_id = seed_candidate(settings)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start"})
        await client.send({"type": "transcript", "channel": "interviewer", "text": OUTAGE_Q})
        await client.wait_for(lambda e: isinstance(e, SuggestionDone))
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: e.type == "status" and e.state == "stopped")  # type: ignore[union-attr]
    db = Database(settings)
    try:
        assert times_used(db, user_id)[OUTAGE] == 1
    finally:
        db.dispose()
