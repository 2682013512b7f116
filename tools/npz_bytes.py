"""The bytes of an .npz file that depend only on its arrays: the training scripts' models
are pinned by sha256, so a rerun on the same data must write the same bytes."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import numpy.typing as npt


def deterministic_npz(arrays: dict[str, npt.NDArray[np.generic]]) -> bytes:
    """The npz bytes, without the zip timestamps that would change on every run."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(fixed, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return fixed.getvalue()
