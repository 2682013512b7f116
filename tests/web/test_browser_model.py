"""The browser's copy of the Moonshine model: written from the pinned ORT files as ONNX, which
ONNX Runtime folds (the int8 weights become floats once, not on every decoder step), checked
against the shipped files' outputs, and served only while it is what install wrote."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import numpy as np
import pytest

from intervoo.config import Settings
from intervoo.web.app import create_app
from intervoo.web.browser_model import ModelPrepareError, prepare_model, prepared_dir
from intervoo.web.browser_runtime import install_model
from intervoo.web.browser_stt import PREPARED_FILES, SOURCE_FILES, checked_path, missing

pytest.importorskip("onnx", reason="needs the browser-stt extra: pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One conversion for the module (about 5 s); it fails unless both copies compute what the
    shipped files do (`_check_same_outputs`)."""
    root = tmp_path_factory.mktemp("browser-model")
    settings = Settings(data_dir=root / "data", browser_runtime_dir=root / "runtime")
    install_model(settings)
    return settings


def _client(settings: Settings) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(settings))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


def test_the_onnx_copy_is_valid_onnx_whose_weights_the_runtime_makes_once(
    prepared: Settings,
) -> None:
    import onnx
    import onnxruntime as ort

    folder = prepared_dir(prepared)
    record = json.loads((folder / "prepared.json").read_text())
    assert set(record["files"]) == {"encoder_model.onnx", "decoder_model_merged.onnx"}
    assert record["from"] == {asset.name: asset.sha256 for asset in SOURCE_FILES}
    decoder = folder / "decoder_model_merged.onnx"
    onnx.checker.check_model(str(decoder))  # what the browser's runtime parses
    # The weights' int8 -> float nodes are there, and ONNX Runtime folds them at load: the
    # optimized graph it would run keeps none of them.
    model = onnx.load(str(decoder), load_external_data=False)
    assert sum(node.op_type == "Cast" for node in model.graph.node) > 50
    options = ort.SessionOptions()
    options.optimized_model_filepath = str(folder.parent / "optimized.onnx")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    ort.InferenceSession(str(decoder), options, providers=["CPUExecutionProvider"])
    optimized = onnx.load(options.optimized_model_filepath)
    assert not [n for n in optimized.graph.node if n.op_type == "Cast"]
    assert all(checked_path(prepared, asset) for asset in PREPARED_FILES)


async def test_a_prepared_file_changed_after_install_is_not_served(
    prepared: Settings, tmp_path: Path
) -> None:
    copy = Settings(data_dir=tmp_path / "data", browser_runtime_dir=tmp_path / "runtime")
    target = prepared_dir(copy)
    target.mkdir(parents=True)
    for path in prepared_dir(prepared).iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    async with _client(copy) as client:
        served = await client.get("/browser-stt/files/encoder_model.onnx")
        assert served.status_code == 200
        assert served.content == (target / "encoder_model.onnx").read_bytes()
        with (target / "encoder_model.onnx").open("r+b") as handle:
            handle.seek(1000)
            handle.write(np.zeros(8, dtype=np.uint8).tobytes())
        refused = await client.get("/browser-stt/files/encoder_model.onnx")
        assert refused.status_code == 404
    assert any("intervoo browser-stt install" in problem for problem in missing(copy))


def test_a_damaged_source_fails_with_its_name(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", browser_runtime_dir=tmp_path / "runtime")
    broken = tmp_path / "encoder_model.ort"
    broken.write_bytes(b"ORTM not a model")
    with pytest.raises(ModelPrepareError, match="cannot read encoder_model.ort"):
        prepare_model(settings, {"encoder_model.ort": broken, "decoder_model_merged.ort": broken})
    assert not prepared_dir(settings).exists()  # nothing half-written
