"""The Search screen's query input: a key typed repaints it, and lays nothing out; the
keys that move the result cursor keep their place among the keys typed.

Textual's ``Input`` sets its virtual size (the width of its text) at every change, and a
widget's virtual size is a reactive that asks for a layout of the whole screen. The
input's own size never depends on its text here (it is as wide as the screen and one
line high, from ``Input``'s rules; were it sized by its text, ``Input`` asks for the
layout itself), and it scrolls its text within itself: a repaint is all a key needs.

``↓`` and ``↑`` move the cursor of the results while the input has the focus. Were they
the screen's keys only, they would reach it after bubbling up, behind an ``enter`` sent
in the same burst (which the input runs as it arrives): ``↓ ↓ enter`` opened the first
result. The input runs them itself, in order, as the screen's ``move`` action.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import Reactive

from towntui.tui.keys import key
from towntui.tui.widgets.safe_input import SafeInput


class QueryInput(SafeInput):
    """A :class:`SafeInput` whose text changing repaints it without a layout pass, and
    whose ``↓``/``↑`` run its screen's ``move`` action (its screen must have one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("down", "screen.move('down')", "search.next", show=False),
        key("up", "screen.move('up')", "search.previous", show=False),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
