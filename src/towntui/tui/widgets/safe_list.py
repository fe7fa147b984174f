"""An option list that survives a page key when it has no room to lay out its lines.

Textual's ``OptionList`` computes its lines only when it has a size on screen. Before
its first layout (keys come in bursts), or in a terminal so small that the list gets
no rows, ``pageup``/``pagedown`` look up a line that was never computed and raise
``KeyError``: the app would crash. Here such a key does nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList


class SafeOptionList(OptionList):
    """An :class:`OptionList` whose page keys do nothing until it is laid out, and
    where ``j``/``k`` move as ``↓``/``↑`` do (in every list of the app)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def _move_page(self, direction: int) -> None:  # type: ignore[override]
        highlighted = self.highlighted or 0
        if self.option_count and highlighted not in self._index_to_line:
            return  # not laid out: no page to move by
        super()._move_page(direction)  # type: ignore[arg-type]
