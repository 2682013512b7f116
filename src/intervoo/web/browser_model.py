"""`intervoo browser-stt install`, second half: the Moonshine model as the browser should load it.

`moonshine-cpp` ships Moonshine base-en in ORT format with its weights stored as int8 and
turned back into floats by graph nodes (Cast, Mul, Add) on every run. ONNX Runtime does not
fold constants in an ORT-format model, so in the browser each decoder step re-made all 30 M
weights: about 50 ms a token (40–50 ms natively too), most of the decode. The same graph
written as ONNX is folded once, when the session is created: about 11 ms a token, the same
tokens (logits equal), and the same 63 MB to download.

So install writes each ORT file out as ONNX (ONNX Runtime's own serializer, no optimization:
the graph as shipped), names its graphs (the ONNX checker needs a name for each, the main one
and the branches of the decoder's If; the ORT format keeps none), runs both models on fixed
inputs to prove the outputs equal the shipped files', and records each written file's sha256,
which the server checks before it serves it. Needs the `browser-stt` extra (onnx) and
onnxruntime; never runs at serve time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from intervoo.config import Settings

PREPARED_DIR = "moonshine-base-en-onnx"
RECORD = "prepared.json"
CONVERTED = {"encoder_model.ort": "encoder_model.onnx",
             "decoder_model_merged.ort": "decoder_model_merged.onnx"}  # fmt: skip
_TOLERANCE = 1e-3  # float32 rounding of a folded graph: logits of ~20 differ by ~1e-4
_LAYERS, _HEADS, _HEAD_DIM, _WIDTH = 8, 8, 52, 416  # Moonshine base


class ModelPrepareError(RuntimeError):
    """The browser's copy of the model could not be made; the message says why."""


def install_base(settings: Settings) -> Path:
    """Where `intervoo browser-stt install` writes: the runtime and the prepared model."""
    return settings.browser_runtime_dir or settings.data_dir / "browser-stt"


def prepared_dir(settings: Settings) -> Path:
    return install_base(settings) / PREPARED_DIR


def recorded_sha256(settings: Settings) -> dict[str, str]:
    """The sha256 install recorded for each prepared file ({} before install)."""
    try:
        record = json.loads((prepared_dir(settings) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = record.get("files") if isinstance(record, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def prepare_model(settings: Settings, sources: dict[str, Path]) -> Path:
    """Write the ONNX copies of `sources` (ORT file name -> its checked path); returns their
    folder. Idempotent: a second run rewrites the same files."""
    target = prepared_dir(settings)
    with tempfile.TemporaryDirectory(prefix="intervoo-moonshine-") as scratch:
        staged = Path(scratch) / "staged"
        staged.mkdir()
        files = {}
        for ort_name, onnx_name in CONVERTED.items():
            written = staged / onnx_name
            _to_onnx(sources[ort_name], written, Path(scratch))
            _check_same_outputs(sources[ort_name], written)
            files[onnx_name] = file_sha256(written)
        shipped = {name: file_sha256(path) for name, path in sources.items()}
        record = {"from": shipped, "files": files}
        (staged / RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staged), target)
    return target


def _to_onnx(source: Path, dest: Path, scratch: Path) -> None:
    import onnx
    import onnxruntime as ort

    raw = scratch / f"{source.stem}.raw.onnx"
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.optimized_model_filepath = str(raw)
    try:
        ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        model = onnx.load(str(raw))
    except Exception as exc:  # onnxruntime and onnx raise their own error types
        raise ModelPrepareError(f"cannot read {source.name}: {exc}") from exc
    _name_graphs(model.graph, source.stem, onnx.AttributeProto.GRAPH)
    onnx.save(model, str(dest))


def _name_graphs(graph: Any, name: str, graph_attribute: int) -> None:
    """Name every unnamed graph: the model's and each branch ("..._If_then_branch")."""
    graph.name = graph.name or name
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == graph_attribute:
                _name_graphs(attribute.g, f"{graph.name}_{node.op_type}_{attribute.name}",
                             graph_attribute)  # fmt: skip


def _check_same_outputs(source: Path, converted: Path) -> None:
    """Both files, run on the same fixed inputs, give the same outputs."""
    shipped, written = _session(source), _session(converted)
    feeds = _fixed_inputs(shipped)
    for name, want, got in zip(
        [o.name for o in shipped.get_outputs()],
        shipped.run(None, feeds),
        written.run(None, feeds),
        strict=True,
    ):
        if want.shape != got.shape or not np.allclose(want, got, atol=_TOLERANCE):
            raise ModelPrepareError(f"{converted.name} does not compute what {source.name} does "
                                    f"(output {name})")  # fmt: skip


def _session(path: Path) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _fixed_inputs(session: Any) -> dict[str, np.ndarray]:
    """One second of a fixed signal for the encoder; for the decoder, the first step (no cache)
    on fixed encoder states, the start token and two more."""
    names = {i.name for i in session.get_inputs()}
    noise = np.random.default_rng(0)
    if "input_values" in names:
        return {"input_values": (0.1 * noise.standard_normal((1, 16000))).astype(np.float32)}
    feeds: dict[str, np.ndarray] = {
        "input_ids": np.array([[1, 24948, 592]], dtype=np.int64),
        "encoder_hidden_states": noise.standard_normal((1, 40, _WIDTH)).astype(np.float32),
        "use_cache_branch": np.array([False]),
    }
    empty = np.zeros((1, _HEADS, 0, _HEAD_DIM), dtype=np.float32)
    for layer in range(_LAYERS):
        for part in ("decoder", "encoder"):
            for kind in ("key", "value"):
                feeds[f"past_key_values.{layer}.{part}.{kind}"] = empty
    return feeds


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
