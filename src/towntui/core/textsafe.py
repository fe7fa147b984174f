"""Make data text safe to show on a terminal.

Data files are written by people we do not know. Their text must be shown literally:
control characters (ESC, BEL, CR, …), C1 controls and bidirectional overrides would
change the terminal's state or the layout, so they are replaced by visible
placeholders. Markup is not this module's concern: callers build ``rich.text.Text`` or
``textual.content.Content`` objects from plain strings, which never parse markup.
"""

from __future__ import annotations

import unicodedata

# Bidirectional embedding/override/isolate controls and other invisible format chars
# that reorder or hide text.
_BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _placeholder(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (␛ for ESC, ␇ for BEL, ␍ for CR)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _is_unsafe(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
        return True
    if ch in _BIDI or ch in _ZERO_WIDTH:
        return True
    # Cf: every other invisible format character (U+206A, U+FFF9, tag characters …)
    return unicodedata.category(ch) in ("Cs", "Co", "Cn", "Cf", "Zl", "Zp")


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Return ``text`` with every control or invisible character made visible.

    ``keep_newlines`` keeps ``\\n`` (for multi-line summaries); everything else that
    is not printable becomes a placeholder such as ``␛`` or ``<U+202E>``.
    """
    if text.isprintable() and not any(ch in _ZERO_WIDTH or ch in _BIDI for ch in text):
        return text
    out: list[str] = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif _is_unsafe(ch):
            out.append(_placeholder(ch))
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str, limit: int | None = None) -> str:
    """``clean`` text collapsed to one line, optionally cut to ``limit`` characters."""
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
