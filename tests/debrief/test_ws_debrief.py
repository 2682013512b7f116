"""The debrief over /ws/live (device transcripts; tests/debrief/test_speech_debrief.py speaks):
one event at stop, before `stopped`, and nothing stored by it."""

from __future__ import annotations

from intervoo.config import Settings
from intervoo.events import DebriefEvent, QuestionEvent, SuggestionDone
from intervoo.store import Database
from intervoo.stories.repo import StoryRepo
from tests.debrief import sessions
from tests.live.server import live_client, running_server, seed_candidate


def stories_in_db(settings: Settings, user_id: str) -> int:
    db = Database(settings)
    try:
        with db.session(user_id) as session:
            return len(StoryRepo(session, user_id).list())
    finally:
        db.dispose()


async def test_stop_with_debrief_sends_one_debrief_event_and_stores_nothing(
    settings: Settings,
) -> None:
    user_id = seed_candidate(settings)
    before = stories_in_db(settings, user_id)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start", "company": "Amazon", "debrief": True})
        for question, said in (
            (sessions.OUTAGE_Q, sessions.OUTAGE_SAID),
            (sessions.MIGRATION_Q, sessions.MIGRATION_SAID),
        ):
            await client.send({"type": "transcript", "channel": "interviewer", "text": question})
            asked = await client.wait_for(
                lambda e, q=question: isinstance(e, QuestionEvent) and e.text == q, 20
            )
            await client.wait_for(
                lambda e, a=asked: isinstance(e, SuggestionDone) and e.question_id == a.id, 20
            )
            await client.send({"type": "transcript", "channel": "candidate", "text": said})
        await client.send({"type": "stop", "debrief": True})
        stopped = await client.wait_for(lambda e: getattr(e, "state", "") == "stopped", 60)
    debriefs = [e for e in client.events if isinstance(e, DebriefEvent)]
    assert len(debriefs) == 1 and client.events.index(debriefs[0]) < client.events.index(stopped)
    body = debriefs[0].debrief
    assert [q["said"] for q in body["questions"]] == [sessions.OUTAGE_SAID, sessions.MIGRATION_SAID]
    assert [s["story_id"] for s in body["stories_told"]] == ["s-outage"]
    assert body["new_stories"][0]["numbers"] == ["5 days", "6 hours"]
    assert stories_in_db(settings, user_id) == before  # offered, not stored


async def test_a_plain_stop_sends_no_debrief(settings: Settings) -> None:
    seed_candidate(settings)
    async with running_server(settings) as base, live_client(base, settings) as client:
        await client.send({"type": "start"})
        await client.send({"type": "ask", "text": sessions.OUTAGE_Q})
        await client.wait_for(lambda e: isinstance(e, SuggestionDone), 20)
        await client.send({"type": "stop"})
        await client.wait_for(lambda e: getattr(e, "state", "") == "stopped", 30)
    assert not any(isinstance(e, DebriefEvent) for e in client.events)
