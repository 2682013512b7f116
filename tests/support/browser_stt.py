"""The browser recognizer's runtime for tests: onnxruntime-web installed once per machine.

`installed_runtime_dir()` installs the pinned runtime with npm and the browser's copy of the
model (`intervoo.web.browser_runtime`, the same code as `intervoo browser-stt install`) into a
cache shared by test runs, or skips the test saying why (in CI, where npm is there, it fails
instead).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from platformdirs import user_cache_dir

from intervoo.config import Settings
from intervoo.web.browser_stt import PREPARED_FILES, RUNTIME_FILES, checked_path


def _unavailable(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def installed_runtime_dir() -> Path:
    base = Path(
        os.environ.get("INTERVOO_TEST_BROWSER_RUNTIME_DIR")
        or Path(user_cache_dir("intervoo-tests")) / "browser-stt"
    )
    settings = Settings(browser_runtime_dir=base)
    if importlib.util.find_spec("moonshine_cpp") is None:
        _unavailable("needs the browser-stt extra: pip install -e '.[dev]' (moonshine-cpp)")
    from intervoo.web.browser_runtime import install_model, install_runtime

    if not all(checked_path(settings, asset) for asset in PREPARED_FILES):
        install_model(settings)
    if all(checked_path(settings, asset) for asset in RUNTIME_FILES):
        return base
    if shutil.which("npm") is None:
        _unavailable("needs npm to install onnxruntime-web (intervoo browser-stt install)")
    install_runtime(settings)
    return base
