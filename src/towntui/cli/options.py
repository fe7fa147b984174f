"""What the command line needs before (or without) its parser: the program's name, the
``--lang`` of an argv not yet parsed, and the options of ``towntui`` given no argument.

``towntui`` alone, the usual start of the app, is read without a parser: importing
argparse and building the app's parser cost ~4 ms of the first paint.
``tests/test_cli_app_start.py`` holds :func:`no_options` to what the parser returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import argparse

PROG = "towntui"


def no_options() -> argparse.Namespace:
    """The options of a command line with no arguments, as the parser gives them."""
    options = SimpleNamespace(
        data=[],
        no_bundled=False,
        json=False,
        ascii=False,
        lang=None,
        theme=None,
        no_mouse=False,
        command=None,
    )
    return cast("argparse.Namespace", options)  # (read by attribute only, as a Namespace)


def lang_flag(argv: Sequence[str]) -> str | None:
    """The ``--lang`` of a command line before it is parsed (``--lang zh``,
    ``--lang=en``, or a prefix of ``--lang`` as argparse accepts), the last one given;
    ``None`` when there is none or it is not a language (the parser then says so)."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) < 4 or not "--lang".startswith(name):
            continue
        if not eq:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        found = value if value in ("zh", "en") else found
    return found
