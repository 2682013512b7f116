"""Issue 12, onboarding: upload a PDF resume, correct a field, reload: the fix persists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.app_server import AppServer
from tests.e2e.pages import NARROW, open_page
from tests.support.resumes import SAMPLE, to_pdf_one_column

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_upload_correct_reload_keeps_the_fix(
    app_server: AppServer, launch: Any, artifacts: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "jordan-rivera.pdf"
    pdf.write_bytes(to_pdf_one_column(SAMPLE))
    context = launch().new_context(viewport=NARROW)
    watched = open_page(context, f"{app_server.url}/")
    page = watched.page
    expect(page).to_have_url(f"{app_server.url}/#/onboarding")  # a new user lands on setup

    page.set_input_files("input[type=file]", str(pdf))
    page.get_by_role("button", name="Read my resume").click()
    expect(page.locator(".notice.ok")).to_contain_text(f"Read {len(SAMPLE.work)} roles")
    position = page.locator('[data-path="work[0].position"]')
    expect(position).to_have_value(SAMPLE.work[0].position or "")
    watched.assert_fits_width()
    watched.shot(artifacts, "onboarding-parsed")

    position.fill("Staff Backend Engineer")
    page.get_by_role("button", name="Save corrections").click()
    expect(page.get_by_text("Saved. Your stories and suggestions use it")).to_be_visible()

    page.reload()
    expect(page.locator('[data-path="work[0].position"]')).to_have_value("Staff Backend Engineer")
    with app_server.api() as api:
        stored = api.get("/api/resume")
        assert stored.status_code == 200, stored.text
        assert stored.json()["resume"]["work"][0]["position"] == ("Staff Backend Engineer")
    assert watched.errors == []


def test_doubts_are_marked_on_their_fields(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    """A resume without dates: the parser's doubts show on the date fields, and link to them."""
    text = "Casey Lee\ncasey@example.com\n\nExperience\nEngineer, Acme Corp\n- Built billing\n"
    with app_server.api() as api:
        uploaded = api.post("/api/resume", files={"file": ("cv.txt", text, "text/plain")})
        assert uploaded.status_code == 201, uploaded.text
        doubts = uploaded.json()["doubts"]
    assert doubts, "this resume should leave the parser unsure of something"
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/onboarding")
    page = watched.page
    expect(page.locator(".doubts li")).to_have_count(len(doubts))
    first = doubts[0]["path"]
    page.locator(".doubts button", has_text=first).first.click()
    focused = page.evaluate("document.activeElement.dataset.path || ''")
    assert focused == first or focused.startswith(first)
    expect(page.locator(".field.doubt").first).to_be_visible()
    watched.shot(artifacts, "onboarding-doubts")


def test_typed_text_survives_a_server_outage(
    app_server: AppServer, launch: Any, artifacts: Path
) -> None:
    watched = open_page(launch().new_context(viewport=NARROW), f"{app_server.url}/#/onboarding")
    page = watched.page
    page.get_by_label("Role").fill("Platform Engineer")
    page.get_by_label("Company").fill("Stripe")
    app_server.stop()
    page.get_by_role("button", name="Save target").click()
    expect(page.locator(".notice.error")).to_contain_text("not reachable")
    watched.shot(artifacts, "onboarding-server-down")
    # Leave the screen and come back: it is rebuilt, and only the draft can restore the text.
    page.get_by_role("link", name="Stories").click()
    expect(page.locator(".notice.error")).to_contain_text("not reachable")
    page.get_by_role("link", name="Setup").click()
    expect(page.get_by_label("Role")).to_have_value("Platform Engineer")
    expect(page.get_by_label("Company")).to_have_value("Stripe")
