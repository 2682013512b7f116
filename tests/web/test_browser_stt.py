"""The browser recognizer's files: what the manifest says, which files are served, and the
headers that let the page run WebAssembly with threads."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest

from intervoo.config import Settings
from intervoo.web.app import create_app
from intervoo.web.browser_stt import ASSETS, RUNTIME_FILES, asset_path, manifest, missing


def client_for(settings: Settings) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(settings))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


def test_a_fresh_install_says_what_is_missing_and_how_to_add_it(settings: Settings) -> None:
    problems = missing(settings)
    assert len(problems) == 1, problems  # the models ship with the dev install; the runtime not
    assert "intervoo browser-stt install" in problems[0]
    assert str(settings.data_dir / "browser-stt") in problems[0]
    body = manifest(settings)
    assert body["available"] is False
    assert "encoder_model.ort" not in body["files"]  # converted for the browser, never served
    assert body["files"]["encoder_model.onnx"] == {"sha256": None, "size": None}
    assert body["files"]["tokenizer.bin"]["sha256"] == ASSETS["tokenizer.bin"].sha256


async def test_files_are_served_without_a_token_only_by_their_pinned_names(
    settings: Settings,
) -> None:
    async with client_for(settings) as client:  # no Authorization: public, like /static
        vad = await client.get("/browser-stt/files/silero_vad_v6.onnx")
        assert vad.status_code == 200
        assert hashlib.sha256(vad.content).hexdigest() == ASSETS["silero_vad_v6.onnx"].sha256
        assert "immutable" in vad.headers["cache-control"]
        assert (await client.get("/browser-stt/files/..%2Fintervoo.db")).status_code == 404
        absent = await client.get("/browser-stt/files/ort.wasm.min.mjs")
        assert absent.status_code == 404
        assert "not installed" in absent.json()["detail"]
        listed = (await client.get("/browser-stt/manifest.json")).json()
        assert listed["available"] is False


async def test_a_runtime_file_that_does_not_match_its_pin_is_never_served(
    settings: Settings, tmp_path: Path
) -> None:
    settings.browser_runtime_dir = tmp_path / "runtime"
    for asset in RUNTIME_FILES:
        path = asset_path(settings, asset)
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"export const tampered = true;")
    async with client_for(settings) as client:
        served = await client.get("/browser-stt/files/ort.wasm.min.mjs")
        assert served.status_code == 404
    assert "not installed" in missing(settings)[0]


@pytest.mark.parametrize("path", ["/", "/static/js/live/stt/worker.js"])
async def test_pages_may_compile_webassembly_and_are_cross_origin_isolated(
    settings: Settings, path: str
) -> None:
    async with client_for(settings) as client:
        headers = (await client.get(path)).headers
    assert "'wasm-unsafe-eval'" in headers["content-security-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert headers["cross-origin-embedder-policy"] == "require-corp"
