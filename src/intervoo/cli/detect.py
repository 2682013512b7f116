"""`intervoo detect`: classify utterances read from stdin, one per line."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import typer


def _human_line(text: str, is_question: bool, kind: str | None, confidence: float) -> str:
    verdict = f"question  {kind:<13}" if is_question else "-         " + " " * 13
    return f"{verdict} {confidence:.2f}  {text}"


def detect_lines(lines: TextIO, out: TextIO, err: TextIO, *, as_json: bool) -> int:
    """Classify each non-blank line; returns how many lines could not be classified."""
    from intervoo.questions.classify import QuestionTextError, classify

    failures = 0
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            verdict = classify(text)
        except QuestionTextError as exc:
            failures += 1
            err.write(f"error: line {number}: {exc}\n")
            continue
        kind = verdict.kind.value if verdict.kind else None
        if as_json:
            record = {
                "text": text,
                "is_question": verdict.is_question,
                "kind": kind,
                "confidence": verdict.confidence,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(_human_line(text, verdict.is_question, kind, verdict.confidence) + "\n")
        out.flush()  # a pipe reader sees each verdict as soon as its line is in
    return failures


def detect(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Read utterances from stdin, one per line, and say which are questions and of what kind."""
    failures = detect_lines(sys.stdin, sys.stdout, sys.stderr, as_json=as_json)
    if failures:
        raise typer.Exit(1)
