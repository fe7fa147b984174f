"""The core must not import Textual: the CLI and scripts start fast without it."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import towntui.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "towntui.core.")]
for name in names:
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not bad, bad
print(len(names))
"""


def test_every_core_module_imports_nothing_from_textual() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 10  # model, units, schema, loader, timeline, compare, ...
