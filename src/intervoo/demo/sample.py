"""What the demo is made of. Pure data and paths: nothing is read until asked."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

COMPANY = "Amazon"
ROLE = "Senior Software Engineer"
CANDIDATE_NAME = "Sam Okafor"

# The sample interview, in the order `interview.wav` asks them. Each has a story in
# `stories.json` (or the company profile) that a good suggestion draws on.
QUESTIONS: tuple[str, ...] = (
    "Tell me about a time you had to deliver a project under a tight deadline.",
    "Tell me about a time you disagreed with a colleague. How did you handle it?",
    "Why do you want to work here?",
)


def data_path(name: str) -> Path:
    return Path(str(resources.files("intervoo.demo") / "data" / name))


def audio_path() -> Path:
    return data_path("interview.wav")


def resume_bytes() -> bytes:
    return data_path("resume.json").read_bytes()


def stories() -> list[dict[str, Any]]:
    loaded: list[dict[str, Any]] = json.loads(data_path("stories.json").read_text("utf-8"))
    return loaded
