"""Matched characters emphasised in literal text (search results, palette hits)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content


def highlighted(text: str, positions: Iterable[int], *, style: str = "bold underline") -> Content:
    """``text`` as literal content with the characters at ``positions`` emphasised."""
    content = Content(text)
    for pos in sorted(set(positions)):
        if 0 <= pos < len(text):
            content = content.stylize(style, pos, pos + 1)
    return content
