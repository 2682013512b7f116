"""`intervoo devices`: what `intervoo listen --loopback/--mic` can capture."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from intervoo.audio.loopback import Source


def devices(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List the system-audio (loopback) sources and microphones; the meeting app's output is
    marked where the system tells which app plays where, else the default output."""
    from dataclasses import asdict

    from intervoo.audio.loopback import LoopbackError, list_sources

    try:
        sources = list_sources()
    except LoopbackError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    chosen = _chosen(sources)
    for source in sources:
        picked = source.id == chosen
        if as_json:
            typer.echo(json.dumps({**asdict(source), "chosen": picked}))
        else:
            typer.echo(_line(source, picked))
    if not as_json and chosen is None:
        typer.echo("no system-audio source: `intervoo listen --loopback` cannot hear the call")


def _chosen(sources: list[Source]) -> str | None:
    from intervoo.audio.loopback import LoopbackError, choose_loopback

    try:
        return choose_loopback(sources).id
    except LoopbackError:
        return None


def _line(source: Source, picked: bool) -> str:
    kind = "system audio" if source.loopback else "microphone  "
    marks = [m for m, on in (("meeting app", source.meeting), ("default", source.default)) if on]
    if picked:
        marks.append("--loopback uses this")
    apps = f"  playing: {', '.join(source.apps)}" if source.apps else ""
    mark = f"  [{'; '.join(marks)}]" if marks else ""
    return f"{'*' if picked else ' '} {kind}  {source.id}  ({source.name}){mark}{apps}"
