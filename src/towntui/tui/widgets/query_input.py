"""The Search screen's query input: a key typed repaints it, and lays nothing out.

Textual's ``Input`` sets its virtual size (the width of its text) at every change, and a
widget's virtual size is a reactive that asks for a layout of the whole screen. The
input's own size never depends on its text here (it is as wide as the screen and one
line high, from ``Input``'s rules; were it sized by its text, ``Input`` asks for the
layout itself), and it scrolls its text within itself: a repaint is all a key needs.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive

from towntui.tui.widgets.safe_input import SafeInput


class QueryInput(SafeInput):
    """A :class:`SafeInput` whose text changing repaints it without a layout pass."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
