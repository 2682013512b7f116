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
