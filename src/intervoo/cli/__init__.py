"""The `intervoo` command: the top layer. One module per command group, over services that
know nothing of Typer or Rich; settings and the database are opened here and passed down.

Importing this package loads nothing heavy: `app` (Typer and every group) loads on first
use, and `intervoo --version` is answered before it does.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intervoo.cli.root import app

__all__ = ["app", "main"]


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # the one answer that needs no Typer (a tenth the time)
        from intervoo import __version__

        sys.stdout.write(f"intervoo {__version__}\n")
        return
    from intervoo.cli.root import main as run

    run()


def __getattr__(name: str) -> Any:  # PEP 562: `from intervoo.cli import app` loads it now
    if name == "app":
        from intervoo.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
