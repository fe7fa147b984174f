"""A ``Static`` for a long Rich renderable (a profile) that lays it out once per width,
and the screen's height of it first.

Textual renders a Rich renderable in a ``Static`` of ``height: auto`` twice: once to
count its lines (the height), then again to paint them. A town's profile is long
(tables, wrapped Chinese paragraphs), so that doubled the wait between "towns shown"
and "painted". Here the lines made for the height are kept and painted as they are
when the width and the base style are the same.

A profile is a ``Group`` of parts (headings, tables, paragraphs), ~185 lines at 40
columns of which ~20 show. Its parts are laid out in order until the screen's height
is filled; those are painted, and the rest is laid out after that frame (the height
grows then), so the top of a profile shows sooner, at start and at every new town.
Each part is laid out once, and the lines are those of the whole group laid out at once
(every part ends its last line, as a heading, paragraph or table does).
"""

from __future__ import annotations

from typing import cast

from rich.console import Group, RenderableType
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual, VisualType
from textual.widget import Widget
from textual.widgets import Static


class RenderedOnce(RichVisual):
    """A Rich renderable whose lines at a width are made once (for both the height and
    the paint), a ``Group``'s part by part: as far as :attr:`enough` lines, or all."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._parts: list[RenderableType] = (
            list(renderable.renderables) if isinstance(renderable, Group) else [renderable]
        )
        #: ``(width, base style)`` → the lines so far and how many parts they are; the
        #: last two widths (with and without a vertical scrollbar) are kept.
        self._lines: dict[tuple[int, Style], tuple[list[Strip], int]] = {}
        #: Lines to lay out before stopping (the first frame), or None for all.
        self.enough: int | None = None

    def complete(self, width: int, style: Style) -> bool:
        """Whether every part is laid out at ``width``."""
        _lines, done = self._lines.get((width, style), ([], 0))
        return done == len(self._parts)

    def _strips(self, width: int, style: Style, options: RenderOptions) -> list[Strip]:
        key = (width, style)
        lines, done = self._lines.get(key, ([], 0))
        parts, enough = self._parts, self.enough
        if done < len(parts) and (enough is None or len(lines) < enough):
            if len(parts) == 1:
                lines = super().render_strips(width, None, style, options)
                done = 1
            while done < len(parts) and (enough is None or len(lines) < enough):
                part = RichVisual(self._widget, parts[done])
                lines.extend(part.render_strips(width, None, style, options))
                done += 1
            self._lines.pop(key, None)
            while len(self._lines) >= 2:
                del self._lines[next(iter(self._lines))]
            self._lines[key] = (lines, done)
        return lines

    def get_height(self, rules: RulesMap, width: int) -> int:
        """How many lines the renderable takes at ``width`` (made once, kept to paint),
        or its first :attr:`enough` lines take."""
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
    """A ``Static`` whose Rich content is laid out once per width, the screen's height
    of it first (see the module)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._once: tuple[Visual, RenderedOnce] | None = None

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show ``content`` (laid out again when drawn: the screen's height of it for
        the next frame, the rest after it)."""
        self._once = None
        super().update(content, layout=layout)

    def render(self) -> Visual:
        """The content as a visual; a Rich renderable as one laid out once per width."""
        visual = self.visual
        if not isinstance(visual, RichVisual):
            return visual
        if self._once is None or self._once[0] is not visual:
            once = RenderedOnce(self, visual._renderable)
            once.enough = max(self.app.size.height, 1)
            self._once = (visual, once)
            self.call_after_refresh(self._lay_out_the_rest)  # after this frame
        return self._once[1]

    def _lay_out_the_rest(self) -> None:
        """After the first frame of a content: lay out all of it (the height grows)."""
        if self._once is not None and self._once[1].enough is not None:
            self._once[1].enough = None
            self.refresh(layout=True)
