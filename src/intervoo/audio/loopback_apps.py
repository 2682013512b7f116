"""Which apps play into which output, so `intervoo devices` can mark the meeting app's.

Only PulseAudio/PipeWire tell this (through `pactl`, part of pulseaudio-utils /
pipewire-pulse); elsewhere the answer is empty and the default output is the one marked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from typing import Any

MEETING_APPS = (
    "zoom", "teams", "webex", "slack", "discord", "skype", "gotomeeting", "bluejeans",
    "ringcentral", "chime", "jitsi", "whereby", "around", "pexip", "lifesize",
)  # fmt: skip
BROWSERS = ("chrome", "chromium", "firefox", "edge", "brave", "opera", "vivaldi", "safari")
_TIMEOUT_S = 2.0


def is_meeting_app(name: str) -> bool:
    """A meeting app, or a browser (where Meet and the web clients run)."""
    lowered = name.lower()
    return any(app in lowered for app in MEETING_APPS + BROWSERS)


def apps_by_source() -> dict[str, list[str]]:
    """{monitor source id: names of the apps playing into its sink}; {} where unknown."""
    sinks = _pactl("sinks")
    inputs = _pactl("sink-inputs")
    if sinks is None or inputs is None:
        return {}
    monitor = {sink.get("index"): sink.get("monitor_source") for sink in sinks}
    playing: dict[str, list[str]] = defaultdict(list)
    for stream in inputs:
        source = monitor.get(stream.get("sink"))
        name = _app_name(stream.get("properties") or {})
        if source and name and name not in playing[source]:
            playing[source].append(name)
    return dict(playing)


def _app_name(properties: dict[str, str]) -> str:
    name = properties.get("application.name") or ""
    binary = properties.get("application.process.binary") or ""
    if binary and binary.lower() not in name.lower():
        return f"{name} ({binary})" if name else binary
    return name


def _pactl(what: str) -> list[dict[str, Any]] | None:
    pactl = shutil.which("pactl")
    if pactl is None:
        return None
    try:
        done = subprocess.run(
            [pactl, "-f", "json", "list", what],
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=True,
        )
        listed = json.loads(done.stdout)
    except (OSError, subprocess.SubprocessError, json.JSONDecodeError):
        return None  # an old pactl without JSON, or no server: nothing marked, nothing broken
    return listed if isinstance(listed, list) else None
