"""Scrollbars without block characters for ``--ascii`` mode."""

from __future__ import annotations

from typing import ClassVar

from textual.scrollbar import ScrollBar, ScrollBarRender


class AsciiScrollBarRender(ScrollBarRender):
    """A scrollbar whose thumb is whole reversed cells, never ``▁``…``▇`` ends."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_ascii_scrollbars(enabled: bool) -> None:
    """Switch every scrollbar of the app to (or back from) the ASCII renderer.

    Scrollbars are created by Textual for every scrolling widget, so this is an
    app-wide switch; it is idempotent and cheap.
    """
    ScrollBar.renderer = AsciiScrollBarRender if enabled else ScrollBarRender
