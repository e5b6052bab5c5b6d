"""The foundation never pulls in the user interface.

Model, loader, search, export, text, schema, xdg, files, settings and the
story service must import without Textual, so the command-line tools stay
fast and the core stays testable on its own.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from loader_helpers import REPO

PACKAGE = REPO / "src" / "crisis_tui"
HEADLESS = [
    "model",
    "loader",
    "search",
    "export",
    "text",
    "schema",
    "xdg",
    "files",
    "settings",
    "story_service",
]
"""Modules (or packages) that must never import Textual, directly or not."""
STATIC = ["model", "loader", "search"]
"""Packages whose own source must not even mention a Textual import."""


def _present(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def _modules(name: str) -> list[str]:
    """Every importable module of a package (or the module itself), dotted."""
    if (PACKAGE / f"{name}.py").is_file():
        return [f"crisis_tui.{name}"]
    found = []
    for path in sorted((PACKAGE / name).rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append(".".join(parts))
    return found


def test_headless_modules_import_without_textual() -> None:
    modules = [module for name in HEADLESS if _present(name) for module in _modules(name)]
    assert "crisis_tui.model" in modules
    assert "crisis_tui.loader" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad[:5]\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def _textual_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [
            f"{path.name}:{node.lineno}: {name}"
            for name in names
            if name in ("textual", "crisis_tui.app")
            or name.startswith(("textual.", "crisis_tui.app.", "crisis_tui.ui"))
        ]
    return found


@pytest.mark.parametrize("package", STATIC)
def test_no_textual_import_in_source(package: str) -> None:
    if not _present(package):
        pytest.skip(f"crisis_tui.{package} does not exist yet")
    offenders = [
        hit for path in sorted((PACKAGE / package).rglob("*.py")) for hit in _textual_imports(path)
    ]
    assert offenders == []


def test_the_static_check_would_catch_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom textual.app import App\nimport textual\n"
        "def f():\n    import importlib\n    importlib.import_module('textual.widgets')\n",
        encoding="utf-8",
    )
    assert [hit.split(": ")[1] for hit in _textual_imports(sample)] == [
        "textual.app",
        "textual",
        "textual.widgets",
    ]
