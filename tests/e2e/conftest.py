"""Browser tests: Debian's Chromium driven by Playwright, against a real server subprocess.

Never downloads a browser: Chromium comes from the system (`apt-get install chromium`).
Outside CI a missing Chromium skips these tests; in CI it fails them.
Screenshots of every screen go to test-artifacts/ (gitignored, uploaded by CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_server import AppServer, serve

# Two shared CPUs in CI: give each expectation room beyond Playwright's default 5 s.
EXPECT_TIMEOUT_MS = 15_000
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BASE_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--headless"]


def chromium_path() -> str:
    for candidate in (os.environ.get("INTERVOO_CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    message = "needs Debian's chromium (apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _patient_expectations() -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[AppServer]:
    with serve(tmp_path / "data") as server:
        yield server


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def launch() -> Iterator[object]:
    """`launch(*extra_args)` → a Browser; every browser launched is closed after the test."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browsers = []

        def start(*extra: str) -> object:
            browser = playwright.chromium.launch(
                executable_path=executable, args=[*BASE_ARGS, *extra]
            )
            browsers.append(browser)
            return browser

        try:
            yield start
        finally:
            for browser in browsers:
                browser.close()
