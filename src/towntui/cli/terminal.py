"""Where the output goes: a terminal, a pipe, or a browser tab (textual-serve). Kept
apart from the output code so that the app's start imports no more than it needs."""

from __future__ import annotations

import os
from typing import TextIO


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is an interactive terminal (rich output) or a pipe/file."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def served() -> bool:
    """Whether this process is an app that textual-serve started for a browser tab (its
    output is a pipe to the server, not a terminal, and that is fine)."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
