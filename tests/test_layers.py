"""The layers in pyproject.toml hold, and `lint-imports` (run by `make lint`) would catch a
new upward import; no module is part of an import circle, deferred imports included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_added_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    """The same tree with one import deferred into a function of the lowest layer."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "intervoo", copy / "intervoo", ignore=shutil.ignore_patterns("__pycache__")
    )
    assert _lint_imports(copy).returncode == 0  # the tree as it is keeps every contract

    frames = copy / "intervoo" / "audio" / "frames.py"
    upward = "\n\ndef _upward() -> None:\n    from intervoo.live import session  # noqa: F401\n"
    frames.write_text(frames.read_text(encoding="utf-8") + upward, encoding="utf-8")
    result = _lint_imports(copy)
    assert result.returncode == 1, result.stdout
    assert "BROKEN" in result.stdout
    assert "intervoo.audio.frames -> intervoo.live.session" in result.stdout


def _circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
            elif child in on_stack:
                low[module] = min(low[module], index[child])
    return circles


def test_no_module_is_part_of_an_import_circle() -> None:
    graph = grimp.build_graph("intervoo", cache_dir=None)
    # Imports deferred into functions are edges too (`serve` imports the web app when run).
    assert graph.direct_import_exists(importer="intervoo.cli.root", imported="intervoo.web.app")
    assert _circles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _circles(graph) == [["pkg.a", "pkg.b"]]
