"""POST /api/debrief/stories: "add this story" keeps a story told live as a draft to review;
a malformed one is refused with a sentence and nothing is stored."""

from __future__ import annotations

import httpx

from intervoo.config import Settings
from tests.debrief.test_ws_debrief import stories_in_db
from tests.live.server import auth_headers, running_server, seed_candidate

TOLD = {
    "title": "Billing reconciliation onto Airflow",
    "situation": "At Globex our billing reconciliation ran as cron scripts that failed silently.",
    "task": "I was asked to make it reliable before the audit.",
    "action": "I moved the jobs onto Airflow and added checks against the ledger.",
    "result": "Reconciliation time fell from 5 days to 6 hours.",
}


async def test_a_story_told_live_is_added_as_a_draft_and_a_bad_one_is_refused(
    settings: Settings,
) -> None:
    user_id = seed_candidate(settings)
    before = stories_in_db(settings, user_id)
    async with running_server(settings) as base, httpx.AsyncClient(base_url=base) as http:
        headers = auth_headers(settings)
        bad = await http.post("/api/debrief/stories", json={"story": {"title": "x"}},
                              headers=headers)  # fmt: skip
        assert bad.status_code == 422 and "missing field" in bad.json()["detail"]
        assert stories_in_db(settings, user_id) == before
        added = await http.post("/api/debrief/stories", json={"story": TOLD}, headers=headers)
        assert added.status_code == 201, added.text
        story = added.json()["story"]
        assert story["status"] == "draft" and story["source"] == "practice"
    assert stories_in_db(settings, user_id) == before + 1


async def test_the_whole_debrief_is_kept_only_when_saved_and_can_be_deleted(
    settings: Settings,
) -> None:
    from intervoo.copilot.context import build_candidate_context
    from intervoo.debrief.build import build_debrief
    from tests.copilot.candidate import RESUME, STORIES, TARGET
    from tests.debrief.sessions import interview

    seed_candidate(settings)
    ctx = build_candidate_context(RESUME, STORIES, TARGET)
    body = build_debrief(interview(), ctx, session_id="s1", vectors=None).model_dump(mode="json")
    async with running_server(settings) as base, httpx.AsyncClient(base_url=base) as http:
        headers = auth_headers(settings)
        assert (await http.get("/api/debrief/saved", headers=headers)).json() == []
        bad = await http.post("/api/debrief", json={**body, "questions": "x"}, headers=headers)
        assert bad.status_code == 422
        saved = await http.post("/api/debrief", json=body, headers=headers)
        assert saved.status_code == 201, saved.text
        (kept,) = (await http.get("/api/debrief/saved", headers=headers)).json()
        assert kept["body"]["questions"][1]["said"] == body["questions"][1]["said"]
        assert kept["company"] == "Acme Cloud"
        gone = await http.delete(f"/api/debrief/saved/{kept['id']}", headers=headers)
        assert gone.status_code == 204
        assert (await http.get("/api/debrief/saved", headers=headers)).json() == []
