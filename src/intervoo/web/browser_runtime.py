"""`intervoo browser-stt install`: onnxruntime-web from the npm registry into the runtime dir,
and the browser's copy of the Moonshine model beside it (`intervoo.web.browser_model`).

npm fetches the pinned tarball (checking the registry's integrity hash); the tarball's own
sha256 is checked against ours too, then only the files the browser loads are unpacked and
each is checked again. Run once per install; the server never fetches anything itself.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from intervoo.config import Settings
from intervoo.web.browser_model import ModelPrepareError, file_sha256, prepare_model
from intervoo.web.browser_stt import (
    RUNTIME_FILES,
    RUNTIME_VERSION,
    SOURCE_FILES,
    checked_path,
    runtime_dir,
)

PACKAGE = f"onnxruntime-web@{RUNTIME_VERSION}"
TARBALL_SHA256 = "d2228df7e4616bc3348bf504ee888f3bec43789a273f0a63f3e68d203ce3bf71"
NPM_TIMEOUT_S = 300


class RuntimeInstallError(RuntimeError):
    """The runtime could not be installed; the message says why and what to do."""


def _npm_pack(into: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeInstallError(
            "npm is not installed: install Node.js 20+ with npm, then run this again"
        )
    try:
        done = subprocess.run(
            [npm, "pack", PACKAGE, "--silent", "--pack-destination", str(into)],
            cwd=into,
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeInstallError(f"npm pack {PACKAGE} took over {NPM_TIMEOUT_S} s") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeInstallError(f"npm pack {PACKAGE} failed: {' '.join(tail)}")
    tarballs = list(into.glob("onnxruntime-web-*.tgz"))
    if len(tarballs) != 1:
        raise RuntimeInstallError(f"npm pack {PACKAGE} left no tarball")
    return tarballs[0]


def _unpack(tarball: Path, dest: Path) -> None:
    wanted = {f"package/dist/{asset.name}": asset for asset in RUNTIME_FILES}
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            asset = wanted.pop(member.name, None)
            if asset is None or not member.isfile():
                continue
            source = archive.extractfile(member)
            assert source is not None
            with source, (dest / asset.name).open("wb") as out:
                shutil.copyfileobj(source, out)
    if wanted:
        raise RuntimeInstallError(f"{PACKAGE} lacks {', '.join(sorted(wanted))}")


def install_runtime(settings: Settings) -> Path:
    """Install (or repair) the pinned runtime; returns its folder. Idempotent."""
    target = runtime_dir(settings)
    with tempfile.TemporaryDirectory(prefix="intervoo-ort-") as scratch:
        work = Path(scratch)
        tarball = _npm_pack(work)
        if (found := file_sha256(tarball)) != TARBALL_SHA256:
            raise RuntimeInstallError(
                f"{tarball.name} has sha256 {found}, not the pinned {TARBALL_SHA256}"
            )
        staged = work / "staged"
        staged.mkdir()
        _unpack(tarball, staged)
        for asset in RUNTIME_FILES:
            if file_sha256(staged / asset.name) != asset.sha256:
                raise RuntimeInstallError(f"{asset.name} in {PACKAGE} does not match its pin")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staged), target)
    return target


def install_model(settings: Settings) -> Path:
    """Write the browser's ONNX copy of the pinned Moonshine files; returns its folder."""
    sources = {asset.name: checked_path(settings, asset) for asset in SOURCE_FILES}
    if absent := [name for name, path in sources.items() if path is None]:
        raise RuntimeInstallError(
            f"{', '.join(absent)} missing or not the pinned file: "
            "pip install 'intervoo[browser-stt]'"
        )
    try:
        return prepare_model(settings, {name: path for name, path in sources.items() if path})
    except ImportError as exc:
        raise RuntimeInstallError(
            f"{exc.name} is not installed: pip install 'intervoo[browser-stt]'"
        ) from exc
    except ModelPrepareError as exc:
        raise RuntimeInstallError(str(exc)) from exc
