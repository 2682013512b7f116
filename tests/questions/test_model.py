"""The shipped question model: pinned, refused when altered, rebuilt byte for byte."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from intervoo.questions.model import (
    MODEL_PATH,
    MODEL_SHA256,
    QuestionModelError,
    load_model,
    shipped_model,
)
from intervoo.questions.text import normalize

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_model_matches_its_pinned_sha256() -> None:
    assert hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest() == MODEL_SHA256
    model = shipped_model()
    assert model.question_logit(normalize("tell me about a time you failed")) > 0
    assert model.question_logit(normalize("the birch canoe slid on the smooth planks")) < 0


def test_an_altered_model_file_is_refused(tmp_path: Path) -> None:
    altered = tmp_path / "question_model.npz"
    altered.write_bytes(MODEL_PATH.read_bytes() + b"\0")
    with pytest.raises(QuestionModelError, match="sha256"):
        load_model(altered)


def test_a_missing_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(QuestionModelError, match="not readable"):
        load_model(tmp_path / "absent.npz")


def test_a_model_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.npz"
    with np.load(MODEL_PATH) as arrays:
        parts = {name: arrays[name] for name in arrays.files}
    parts["question_weights"] = parts["question_weights"][:100]
    np.savez(wrong, **parts)
    with pytest.raises(QuestionModelError, match="shape"):
        load_model(wrong, sha256=None)


@pytest.mark.slow
def test_training_script_rebuilds_the_shipped_model_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "question_model.npz"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "train_question_model.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert hashlib.sha256(out.read_bytes()).hexdigest() == MODEL_SHA256
