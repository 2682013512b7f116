"""`intervoo listen … --debrief`: the debrief at the end, as text a reader can act on.

Printed, not stored: to keep a story told live, add it with `intervoo stories add` or
from the web app's debrief screen."""

from __future__ import annotations

from typing import Any

import typer

DebriefOption = typer.Option(
    "--debrief",
    help="At the end, print a debrief: your own words per question, what to work on, stories "
    "told (new ones as drafts), likely follow-ups, a thank-you note. Nothing is stored.",
)


def print_debrief(debrief: dict[str, Any]) -> None:
    echo = typer.echo
    echo("\n== Debrief ==")
    for index, q in enumerate(debrief.get("questions", []), start=1):
        score = f"  ({q['score']}/100)" if q.get("score") is not None else ""
        mark = "  [practise again]" if q.get("struggled") else ""
        echo(f"\n{index}. {q['question']}{score}{mark}")
        echo(f"   You said: {q.get('said') or '(nothing was heard)'}")
        for point in q.get("missed", []):
            echo(f"   The suggestion also covered: {point}")
        echo(f"   {q.get('note', '')}")
    told = debrief.get("stories_told", [])
    if told:
        echo("\nStories you told: " + "; ".join(s["title"] for s in told))
    for draft in debrief.get("new_stories", []):
        numbers = ", ".join(draft.get("numbers", [])) or "no numbers"
        echo(f"\nNew story (draft, not saved): {draft['story']['title']}  [{numbers}]")
    if debrief.get("follow_ups"):
        echo("\nLikely follow-ups:")
        for question in debrief["follow_ups"]:
            echo(f"  - {question}")
    echo(f"\nThank-you note:\n{debrief.get('thank_you', '')}")
    for note in debrief.get("notes", []):
        echo(f"note: {note}", err=True)
