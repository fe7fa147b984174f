"""TOML text to a document: a compiled parser (``toml_rs``, Rust) where it is safe, with
``tomllib`` as the reference.

``tomllib`` is pure Python (~2.5 MB/s); ``toml_rs`` parses the same documents 10-15 times
faster. The data format is TOML 1.0 as ``tomllib`` reads it, so:

* ``toml_rs`` runs in TOML 1.0 mode, and only on text whose brackets nest at most
  :data:`MAX_FAST_DEPTH` deep (it recurses on the machine stack and crashes the process
  on arrays nested some thousands deep; ``tomllib`` raises ``RecursionError`` instead);
* when ``toml_rs`` refuses a document, ``tomllib`` parses it again: its message, line and
  column are what the user sees, and a document it accepts (an integer beyond 64 bits)
  is its result, so no error loses its position and no value changes;
* a leading byte order mark, which ``toml_rs`` skips and ``tomllib`` refuses, goes to
  ``tomllib`` (the reader drops one before parsing; a second is an error);
* without ``toml_rs`` (a platform with no wheel) ``tomllib`` does everything;
* a short document (under :data:`FAST_MIN_CHARS`) goes to ``tomllib`` too: the first
  parse of ``toml_rs`` in a process costs ~7 ms, more than ``tomllib`` takes for the
  settings, themes, ``metrics.toml`` and ``sources.toml`` read at every start (the town
  files come from the load cache), so an app started on cached data never pays it;
* ``toml_rs`` is imported by the main thread only, when it first parses a long document
  or asks for it (:func:`fast_parser`; the app does before its loader thread parses a
  folder its cache does not hold). It keeps something of the thread that imports it:
  imported in a thread that then ended, it crashed the process (a segmentation fault
  inside ``toml_rs.loads``, 0.4.3) when another thread parsed. Until the main thread has
  imported it, other threads parse with ``tomllib``. Importing it costs ~13 ms, which
  the app's first paint on cached data does without.

Tests compare both parsers on the bundled and generated data and on the invalid
documents of the toml-test suite (``tests/test_toml_parsing.py``).
"""

from __future__ import annotations

import re
import threading
import tomllib
from types import ModuleType
from typing import Any

#: Documents shorter than this (in characters) go to ``tomllib`` alone (see the module).
FAST_MIN_CHARS = 12_000


_fast: ModuleType | None = None  # toml_rs, once the main thread has imported it
_tried = False  # whether it has tried


def fast_parser() -> ModuleType | None:
    """``toml_rs``: imported on the first call from the main thread; None on any other
    thread until then, and where it has no wheel (towntui works, slower, without it)."""
    global _fast, _tried
    if not _tried and threading.current_thread() is threading.main_thread():
        try:
            import toml_rs
        except ImportError:  # pragma: no cover - every supported platform has a wheel
            _tried = True
            return None
        _fast = toml_rs
        _tried = True
    return _fast


#: Documents whose brackets nest deeper than this go to ``tomllib`` alone. Data files nest
#: 3 deep; ``tomllib`` itself gives up (RecursionError) at a few hundred.
MAX_FAST_DEPTH = 64

#: Strings and comments, whose brackets do not nest and where no line is a header.
#: Multi-line strings first, so that ``"""`` is not read as an empty string and a quote;
#: each string is an "unrolled loop" (runs of plain characters), which keeps the scan in
#: the regular expression engine. For ``re.DOTALL``.
STRINGS = (
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""(?:"{1,2}(?!"))?'
    r"|'''[^']*(?:'(?!'')[^']*)*'''(?:'{1,2}(?!'))?"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)
_TOKENS = re.compile(STRINGS + r"|([\[\]{}])", re.DOTALL)  # group 1: a bracket


def loads(text: str, *, fast_min: int = FAST_MIN_CHARS) -> dict[str, Any]:
    """The TOML document in ``text``, as ``tomllib.loads`` returns it (``toml_rs``
    parses it if it has ``fast_min`` characters or more, and is safe for it).

    Raises ``tomllib.TOMLDecodeError`` (with ``tomllib``'s message and position) for a
    document that is not TOML 1.0, and whatever else ``tomllib`` raises.
    """
    long = len(text) >= fast_min
    fast = (_fast if _tried else fast_parser()) if long else None
    if fast is not None and not text.startswith("\ufeff") and shallow(text):
        try:
            return fast.loads(text, toml_version="1.0.0")  # type: ignore[no-any-return]
        except (fast.TOMLDecodeError, ValueError, OverflowError):
            pass  # tomllib says where, or reads what toml_rs cannot (big integers)
    return tomllib.loads(text)


def shallow(text: str, depth: int = MAX_FAST_DEPTH) -> bool:
    """Whether the brackets of ``text`` outside strings and comments pair up and nest at
    most ``depth`` deep (False when they do not pair up: the text is not TOML, or not
    read as a parser would read it).

    Everything runs in compiled code: the brackets outside strings and comments are
    picked out, then every innermost ``[]`` and ``{}`` pair is removed, once per level.
    """
    if text.count("[") + text.count("{") <= depth:
        return True
    brackets = "".join(_TOKENS.findall(text))
    for _ in range(depth + 1):
        if not brackets:
            return True
        fewer = brackets.replace("[]", "").replace("{}", "")
        if len(fewer) == len(brackets):
            return False
        brackets = fewer
    return False
