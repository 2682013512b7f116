"""What the API fuzzer found, pinned as plain regression tests on a local install."""

from __future__ import annotations

import pytest

from intervoo.config import Settings
from intervoo.web.app import create_app
from tests.support.auth import authenticated_client


@pytest.mark.parametrize("slug", ["%20", "%20%20%09"])
def test_a_blank_company_slug_is_a_clear_422_not_a_500(settings: Settings, slug: str) -> None:
    with authenticated_client(create_app(settings)) as client:
        response = client.get(f"/api/companies/{slug}")
        known = client.get("/api/companies/amazon")
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == "name a company"
    assert known.status_code == 200 and known.json()["slug"] == "amazon"
