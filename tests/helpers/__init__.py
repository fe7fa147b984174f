"""Shared test helpers, imported as ``tests.helpers`` (the ``conftest.py`` files hold
only fixtures, which use these).

- :mod:`tests.helpers` (this module): the repository's folders, :func:`within` (a time
  limit for work that might hang) and :func:`listing` (a folder's names).
- :mod:`tests.helpers.cli`: the in-process command-line runner (:func:`run_cli`).
- :mod:`tests.helpers.tui`: the app's helpers (waiting for a load, reading the screen,
  typing a burst of keys, holding the loader).
- :mod:`tests.helpers.bundled`: the bundled data, loaded once, for the pinned facts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The repository's root folder.
REPO = Path(__file__).resolve().parents[2]

#: The stable fixture data folder (three towns, not real data).
MINI = REPO / "tests" / "fixtures" / "mini"

#: The start of a script run in a fresh interpreter that notes, in ``imported``, the
#: name of each thread that imports ``toml_rs`` (which must be the main one only).
TOML_RS_IMPORTS = """
import sys, threading
imported = []
def hook(event, args):
    if event == "import" and args[0] == "toml_rs":
        imported.append(threading.current_thread().name)
sys.addaudithook(hook)
"""


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread; fail (instead of hanging the suite) if it takes too long."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if errors:
        raise errors[0]
    return result[0] if result else None


def listing(folder: Path) -> list[str]:
    """The names in ``folder``, sorted."""
    return sorted(p.name for p in folder.iterdir())
