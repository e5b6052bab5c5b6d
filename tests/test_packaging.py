"""What a packager and a user of the source distribution rely on."""

from __future__ import annotations

import ast
import tomllib

from loader_helpers import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _top_level_imports() -> set[str]:
    """Modules the tests import by their bare name (helpers, generators, scripts)."""
    names: set[str] = set()
    for path in (REPO / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_the_sdist_carries_every_repository_module_the_tests_import() -> None:
    included = set(PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"])
    for folder in PYPROJECT["tool"]["pytest"]["ini_options"]["pythonpath"]:
        modules = {path.stem for path in (REPO / folder).glob("*.py")}
        if modules & _top_level_imports():
            assert folder in included, f"tests import from {folder}/, which the sdist leaves out"
    assert {"tests", "screenshots", "LICENSE"} <= included


def test_third_party_modules_the_tests_import_are_declared() -> None:
    declared = " ".join(PYPROJECT["project"]["optional-dependencies"]["test"])
    for module in ("pytest", "hypothesis", "syrupy", "jsonschema"):
        if module in _top_level_imports():
            assert module in declared, f"tests import {module}, which the test extra leaves out"


def test_textual_is_a_range_within_one_major_release() -> None:
    (textual,) = [dep for dep in PYPROJECT["project"]["dependencies"] if dep.startswith("textual")]
    assert ">=" in textual
    assert "<" in textual.replace("<=", "")
    assert "==" not in textual


def test_the_licence_file_says_what_the_metadata_says() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "crisis-tui contributors" in licence
