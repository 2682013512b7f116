"""Every dependency's telemetry and implicit network use, switched off before it is imported.

`intervoo/__init__.py` calls `switch_off()` first thing, so no submodule (and no
dependency it pulls in) is imported before these variables are set. Each variable is
set only where the user has not set it; a command that truly needs the network (the
one-off model download) asks for it with `allow_model_downloads()`.

- ONNX Runtime (the VAD): `ORT_DISABLE_TELEMETRY` stops its telemetry threads and the
  event queue it keeps in ~/.cache/Microsoft/DeveloperTools/.onnxruntime.
- Hugging Face hub (pulled in by faster-whisper and tokenizers): offline, no telemetry,
  no token sent implicitly.
- tokenizers and CTranslate2 have no telemetry; they load local files only.
- httpx would read proxies from HTTP(S)_PROXY/ALL_PROXY, which sends even a local LLM's
  traffic to a remote proxy: every client is built with `trust_env=False` instead
  (see `intervoo.llm.http`).
- DO_NOT_TRACK is the cross-tool convention some libraries honour.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

OFFLINE_ENV: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "DO_NOT_TRACK": "1",
}


def switch_off(environ: MutableMapping[str, str] | None = None) -> None:
    """Set every variable in OFFLINE_ENV that the user has not set themselves."""
    env = os.environ if environ is None else environ
    for name, value in OFFLINE_ENV.items():
        env.setdefault(name, value)


def allow_model_downloads(environ: MutableMapping[str, str] | None = None) -> None:
    """Let the Hugging Face hub reach the network: only for an explicit download command.

    Must run before huggingface_hub is imported (it reads the variable at import)."""
    env = os.environ if environ is None else environ
    env["HF_HUB_OFFLINE"] = "0"
    env["TRANSFORMERS_OFFLINE"] = "0"
