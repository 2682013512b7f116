"""Small helpers over Playwright pages: collect page errors, screenshot into the artifacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NARROW = {"width": 360, "height": 780}  # beside a meeting window


@dataclass
class Watched:
    page: Any
    errors: list[str] = field(default_factory=list)

    def shot(self, artifacts: Path, name: str) -> Path:
        path = artifacts / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_fits_width(self) -> None:
        """Nothing scrolls sideways: the screen is usable at this width."""
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page is {overflow}px wider than the window"


def open_page(context: Any, url: str) -> Watched:
    """A new page at `url` whose uncaught script errors are recorded in `.errors`."""
    page = context.new_page()
    watched = Watched(page)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.goto(url)
    return watched
