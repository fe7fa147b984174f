"""A ``Static`` for a long Rich renderable (a profile) that lays it out once per width.

Textual renders a Rich renderable in a ``Static`` of ``height: auto`` twice: once to
count its lines (the height), then again to paint them. A town's profile is long
(tables, wrapped Chinese paragraphs), so that doubled the wait between "towns shown"
and "painted". Here the lines made for the height are kept and painted as they are
when the width and the base style are the same.
"""

from __future__ import annotations

from typing import cast

from rich.console import RenderableType
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual, VisualType
from textual.widget import Widget
from textual.widgets import Static


class RenderedOnce(RichVisual):
    """A Rich renderable whose lines at a width are made once (for both the height and
    the paint)."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        #: ``(width, base style)`` → the lines; the last two widths (with and without
        #: a vertical scrollbar) are kept.
        self._lines: dict[tuple[int, Style], list[Strip]] = {}

    def _strips(self, width: int, style: Style, options: RenderOptions) -> list[Strip]:
        key = (width, style)
        lines = self._lines.get(key)
        if lines is None:
            lines = super().render_strips(width, None, style, options)
            while len(self._lines) >= 2:
                del self._lines[next(iter(self._lines))]
            self._lines[key] = lines
        return lines

    def get_height(self, rules: RulesMap, width: int) -> int:
        """How many lines the renderable takes at ``width`` (made once, kept to paint)."""
        widget = self._widget
        options = RenderOptions(widget._get_style, cast(RulesMap, widget.styles))
        return len(self._strips(width, widget.visual_style, options))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The lines at ``width`` (the ones the height was counted from, if any)."""
        lines = self._strips(width, style, options)
        return lines if height is None else lines[:height]


class ProfileView(Static):
    """A ``Static`` whose Rich content is laid out once per width (see the module)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._once: tuple[Visual, RenderedOnce] | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content`` (laid out again when drawn)."""
        self._once = None
        super().update(content, layout=layout)

    def render(self) -> Visual:
        """The content as a visual; a Rich renderable as one laid out once per width."""
        visual = self.visual
        if not isinstance(visual, RichVisual):
            return visual
        if self._once is None or self._once[0] is not visual:
            self._once = (visual, RenderedOnce(self, visual._renderable))
        return self._once[1]
