"""The `intervoo` command: the top layer. One module per command group, over services that
know nothing of Typer or Rich; settings and the database are opened here and passed down."""

from intervoo.cli.app import app, main

__all__ = ["app", "main"]
