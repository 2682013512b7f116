"""The candidate the live browser tests set up through the API: resume, target and one story."""

from __future__ import annotations

from typing import Any

import httpx

from tests.support.resumes import SAMPLE, to_json_resume

# A story no resume line tells: only the library can put these words in a suggestion.
MISTAKE_STORY: dict[str, Any] = {
    "title": "The payouts config rollback",
    "situation": "At Stripe I shipped a configuration change that paused payouts for some "
    "merchants on a Friday evening.",
    "task": "It was my mistake, so I owned the recovery and the follow-up.",
    "action": "I rolled the change back, wrote to every affected merchant myself, and added a "
    "canary stage so config changes reach 1% of traffic first.",
    "result": "Payouts were restored for 3,000 merchants within 14 minutes, and no config "
    "change has caused an outage since.",
    "competencies": ["failure/learning", "ownership"],
    "status": "approved",
}


def set_up_candidate(api: httpx.Client, stories: list[dict[str, Any]]) -> None:
    resume = api.post(
        "/api/resume", files={"file": ("resume.json", to_json_resume(SAMPLE), "application/json")}
    )
    assert resume.status_code == 201, resume.text
    target = api.put("/api/target", json={"company": "Stripe", "role": "Staff Engineer"})
    assert target.status_code == 200, target.text
    for story in stories:
        added = api.post("/api/stories", json=story)
        assert added.status_code in (200, 201), added.text
