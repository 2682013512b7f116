"""tools/distill_static_embeddings.py: the numpy safetensors reader and BERT pieces.

The real MiniLM weights do not ship (only the distilled table does), so the forward
pass is checked for its invariants on random weights of the same shapes; the script
itself checks the real model against known sentence similarities when it runs.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "distill_static_embeddings.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("distill_static_embeddings", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _write_safetensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    header, chunks, offset = {}, [], 0
    for name, array in tensors.items():
        data = array.tobytes()
        dtype = {np.float32: "F32", np.int64: "I64", np.float16: "F16"}[array.dtype.type]
        header[name] = {"dtype": dtype, "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}  # fmt: skip
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps({"__metadata__": {"format": "pt"}, **header}).encode()
    path.write_bytes(struct.pack("<Q", len(header_bytes)) + header_bytes + b"".join(chunks))


def test_safetensors_are_read_by_name_shape_and_dtype(tool: ModuleType, tmp_path: Path) -> None:
    tensors = {
        "a": np.arange(6, dtype=np.float32).reshape(2, 3),
        "b": np.array([7, -1], dtype=np.int64),
    }
    _write_safetensors(tmp_path / "m.safetensors", tensors)
    read = tool.read_safetensors(tmp_path / "m.safetensors")
    assert set(read) == {"a", "b"}
    for name, array in tensors.items():
        assert read[name].dtype == array.dtype and np.array_equal(read[name], array)


def test_an_unsupported_dtype_is_refused(tool: ModuleType, tmp_path: Path) -> None:
    header = json.dumps({"x": {"dtype": "BF16", "shape": [1], "data_offsets": [0, 2]}}).encode()
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + b"\0\0")
    with pytest.raises(ValueError, match="BF16"):
        tool.read_safetensors(path)


def test_erf_matches_the_standard_library(tool: ModuleType) -> None:
    xs = np.linspace(-4, 4, 401, dtype=np.float32)
    expected = np.array([math.erf(float(x)) for x in xs])
    assert np.max(np.abs(tool._erf(xs) - expected)) < 1e-6


def _random_weights(vocab: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    hidden, inner = 384, 1536
    shapes = {
        "embeddings.word_embeddings.weight": (vocab, hidden),
        "embeddings.position_embeddings.weight": (16, hidden),
        "embeddings.token_type_embeddings.weight": (2, hidden),
        "embeddings.LayerNorm.weight": (hidden,), "embeddings.LayerNorm.bias": (hidden,),
    }  # fmt: skip
    for layer in range(6):
        p = f"encoder.layer.{layer}"
        for name in ("query", "key", "value"):
            shapes[f"{p}.attention.self.{name}.weight"] = (hidden, hidden)
            shapes[f"{p}.attention.self.{name}.bias"] = (hidden,)
        shapes[f"{p}.attention.output.dense.weight"] = (hidden, hidden)
        shapes[f"{p}.intermediate.dense.weight"] = (inner, hidden)
        shapes[f"{p}.intermediate.dense.bias"] = (inner,)
        shapes[f"{p}.output.dense.weight"] = (hidden, inner)
        for part in (f"{p}.attention.output", f"{p}.output"):
            shapes[f"{part}.dense.bias"] = (hidden,)
            shapes[f"{part}.LayerNorm.weight"] = (hidden,)
            shapes[f"{part}.LayerNorm.bias"] = (hidden,)
    weights = {n: (rng.standard_normal(s) * 0.05).astype(np.float32) for n, s in shapes.items()}
    for name in weights:
        if name.endswith("LayerNorm.weight"):  # unit gain, as trained models roughly have
            weights[name] = np.ones_like(weights[name])
    return weights


def test_padding_does_not_change_a_sentence_vector(tool: ModuleType) -> None:
    model = tool.MiniLM(_random_weights(50, np.random.default_rng(0)))
    ids = np.array([[1, 5, 9, 2, 0, 0], [1, 7, 3, 8, 4, 2]], dtype=np.int64)
    mask = (np.arange(6)[None, :] < np.array([[4], [6]])).astype(np.int64)
    batched = model.mean_pooled(ids, mask)
    alone = model.mean_pooled(ids[:1, :4], mask[:1, :4])
    assert batched.shape == (2, 384)
    assert np.allclose(batched[0], alone[0], atol=1e-4)
    assert not np.allclose(batched[0], batched[1], atol=1e-3)


def test_pca_keeps_the_directions_of_most_variance(tool: ModuleType) -> None:
    rng = np.random.default_rng(1)
    rows = rng.standard_normal((500, 5)).astype(np.float32) * [10, 5, 1, 0.1, 0.1]
    reduced = tool.pca(rows, 2)
    assert reduced.shape == (500, 2)
    assert reduced[:, 0].var() > reduced[:, 1].var() > 20


def test_sif_weights_favour_rare_tokens(tool: ModuleType) -> None:
    weights = tool.sif_weights(30_000, 1e-4)
    assert np.all(np.diff(weights) > 0) and 0 < weights[0] < weights[-1] < 1
