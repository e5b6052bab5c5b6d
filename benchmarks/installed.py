"""crisis-tui as a reader's install has it: every module's bytecode already compiled.

``pip install`` compiles the package's bytecode once. A checkout installed
in editable mode compiles each module on first import and keeps the result,
unless ``PYTHONDONTWRITEBYTECODE`` is set; then every start compiles the
sources again, some 30 ms that no installed copy pays. Benchmarks that
start ``crisis-tui`` call :func:`compile_bytecode` first, so they measure
what a reader waits for.
"""

from __future__ import annotations

import compileall
from pathlib import Path

import crisis_tui


def compile_bytecode() -> None:
    """Compile every module of the package, as ``pip install`` would."""
    compileall.compile_dir(Path(crisis_tui.__file__).parent, quiet=1)
