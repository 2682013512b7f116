from pathlib import Path

import pytest

from intervoo.config import Settings
from intervoo.stt import SttError, SttModelError, load_engine
from intervoo.stt.models import (
    BUNDLED_MODEL_SHA256,
    BUNDLED_VERSION,
    bundled_model_dir,
    resolve_model,
)


def test_default_is_the_pinned_bundled_tiny_en() -> None:
    choice = resolve_model(None)
    assert choice.origin == "bundled"
    assert (Path(choice.ref) / "model.bin").is_file()


def test_a_tampered_or_other_version_is_refused() -> None:
    with pytest.raises(SttModelError, match="sha256"):
        bundled_model_dir(expected_sha256="0" * 64)
    with pytest.raises(SttModelError, match="pinned to 9.9"):
        bundled_model_dir(expected_version="9.9")
    assert bundled_model_dir(BUNDLED_VERSION, BUNDLED_MODEL_SHA256).is_dir()


def test_setting_a_directory_or_a_size_name(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    assert resolve_model(str(tmp_path)).ref == str(tmp_path)
    assert resolve_model("base.en").is_size_name
    with pytest.raises(SttModelError, match="no model.bin"):
        resolve_model(str(tmp_path / ".."))
    with pytest.raises(SttModelError, match="neither a model directory.*intervoo stt download"):
        resolve_model("huge.en")


def test_a_size_name_not_downloaded_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(SttModelError, match="not on this machine.*intervoo stt download"):
        load_engine(Settings(stt_model="small.en"))


def test_a_broken_model_directory_fails_at_load(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"not a model")
    with pytest.raises(SttModelError, match="cannot load speech model"):
        load_engine(Settings(stt_model=str(tmp_path)))


def test_unknown_engine() -> None:
    with pytest.raises(SttError, match="unknown speech engine.*pocketsphinx"):
        load_engine(Settings(stt_engine="siri"))
