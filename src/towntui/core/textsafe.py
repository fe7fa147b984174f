"""Make data text safe to show on a terminal.

Data files are written by people we do not know. Their text must be shown literally:
control characters (ESC, BEL, CR, …), C1 controls and bidirectional overrides would
change the terminal's state or the layout, so they are replaced by visible
placeholders. Markup is not this module's concern: callers build ``rich.text.Text`` or
``textual.content.Content`` objects from plain strings, which never parse markup.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache


def _placeholder(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC, ␇ for BEL, ␍ for CR)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _unsafe_runs() -> list[tuple[int, int]]:
    """``(first, last)`` of every run of unsafe code points (see :func:`_is_unsafe`).

    Unsafe is exactly "not printable and not a space separator (Zs)": the categories
    Cc, Cf, Cs, Co, Cn, Zl and Zp; C0/C1 controls, DEL, the bidirectional controls
    (U+202A–U+202E, U+2066–U+2069, U+061C, U+200E/F) and the invisible ones (U+200B–D,
    U+2060, U+FEFF, U+00AD, tag characters …) are all among them. The runs come from a
    generated module when it was made with this Python's Unicode database, else from
    enumerating every code point (about 0.1 s, only on such a Python).
    """
    from towntui.core import _unsafe_ranges

    runs: list[tuple[int, int]]
    if unicodedata.unidata_version == _unsafe_ranges.UNIDATA_VERSION:
        runs = []
        for piece in _unsafe_ranges.RUNS.split():
            first, _, last = piece.partition("-")
            runs.append((int(first, 16), int(last or first, 16)))
        return runs
    runs = []  # a Python with another Unicode version
    for code in range(sys.maxunicode + 1):
        if _is_unsafe(chr(code)):
            if runs and runs[-1][1] == code - 1:
                runs[-1] = (runs[-1][0], code)
            else:
                runs.append((code, code))
    return runs


def _is_unsafe(ch: str) -> bool:
    """Whether one character would change a terminal's state or hide or reorder text."""
    return not ch.isprintable() and unicodedata.category(ch) != "Zs"


def _class(runs: list[tuple[int, int]]) -> str:
    esc = re.escape
    return (
        "["
        + "".join(esc(chr(a)) if a == b else f"{esc(chr(a))}-{esc(chr(b))}" for a, b in runs)
        + "]"
    )


@cache
def unsafe_re(*, keep_newlines: bool = False) -> re.Pattern[str]:
    """The compiled pattern that matches one unsafe character (not ``\\n``, with
    ``keep_newlines``), shared by every call with the same argument.

    Compiled on first use (about 4 ms). The class is split at U+FFFF: ``re`` looks a BMP
    character up in one bitmap but tries every range above it in turn, so one class of
    all 700 runs would check ~350 ranges for every safe character (40× slower); here an
    astral character is only checked against them when it is one.
    """
    runs = _unsafe_runs()
    if keep_newlines:
        nl = ord("\n")
        runs = [
            piece
            for a, b in runs
            for piece in (((a, nl - 1), (nl + 1, b)) if a <= nl <= b else ((a, b),))
            if piece[0] <= piece[1]
        ]
    bmp = [(a, min(b, 0xFFFF)) for a, b in runs if a <= 0xFFFF]
    astral = [(max(a, 0x10000), b) for a, b in runs if b > 0xFFFF]
    return re.compile(f"{_class(bmp)}|[\\U00010000-\\U0010ffff](?<={_class(astral)})")


def _sub_placeholder(m: re.Match[str]) -> str:
    return _placeholder(m.group())


def is_safe(text: str, *, keep_newlines: bool = False) -> bool:
    """Whether ``text`` has no unsafe character (``\\n`` allowed with ``keep_newlines``):
    then :func:`clean` returns it unchanged."""
    if text.isprintable():  # every unsafe character is unprintable: the common case
        return True
    if keep_newlines and "\n" in text and text.replace("\n", "").isprintable():
        return True
    return unsafe_re(keep_newlines=keep_newlines).search(text) is None


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Return ``text`` with every control or invisible character made visible.

    ``keep_newlines`` keeps ``\\n`` (for multi-line summaries); everything else that
    is not printable becomes a placeholder such as ``␛`` or ``<U+202E>``.
    """
    if is_safe(text, keep_newlines=keep_newlines):
        return text
    return unsafe_re(keep_newlines=keep_newlines).sub(_sub_placeholder, text)


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` with every run of whitespace (newlines included) made one space, then
    :func:`clean`; cut to ``limit`` characters, the last one ``…``, when it is longer."""
    flat = clean(" ".join(text.split()))
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


def clipboard_text(text: str) -> str:
    """``text`` safe to put on the clipboard: ``clean`` with its own newlines kept.

    A pasted text is read by whatever program the user pastes into: a raw ESC could end
    a shell's bracketed paste early (``ESC[201~``) so that the rest runs as typed
    commands, and other sequences act on the terminal. Line ends (``\\r\\n``, ``\\r``)
    become ``\\n``; every other control is a visible placeholder, as on screen.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return clean(text, keep_newlines=True)
