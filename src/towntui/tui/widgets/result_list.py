"""A list of search results that costs only what is on screen, at every keystroke.

Textual's ``OptionList`` lays out every option when options are added: each prompt is
turned into a visual and wrapped to find its height, for all 50 results of a query,
although a terminal shows a dozen. Search replaces its results at every key, so that
work was most of a keystroke's cost. Here every row is exactly :data:`ROW_LINES` lines
(the screen crops both lines to the width), so the lines are known without looking at
the rows, and a row's text is made only when the row is first drawn
(:class:`LazyOption`): at the width of the list then, and again after a resize.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import VisualType
from textual.widgets.option_list import Option

from towntui.tui.widgets.safe_list import SafeOptionList

#: Lines every result row takes: what matched, then where and what it is.
ROW_LINES = 2


class LazyOption(Option):
    """An option whose prompt is made by ``make(width)`` when it is first needed."""

    def __init__(self, make: Callable[[int], VisualType], width: Callable[[], int]) -> None:
        super().__init__("")
        self._make = make
        self._width = width
        self._made = False

    @property
    def prompt(self) -> VisualType:
        """The row's text, made on first use (drawing it, or reading it in a test)."""
        if not self._made:
            self._prompt = self._make(self._width())
            self._visual = None
            self._made = True
        return self._prompt

    def forget(self) -> None:
        """Make the text again when next needed (the width changed)."""
        self._made = False
        self._visual = None


class ResultList(SafeOptionList):
    """An option list of rows that are all :data:`ROW_LINES` lines high, made lazily."""

    def show_rows(self, rows: Iterable[Callable[[int], VisualType]]) -> None:
        """Replace the options with one lazily made row per ``make(width)``."""
        self.set_options(LazyOption(make, self.row_width) for make in rows)

    def row_width(self) -> int:
        """The cells a row's text may take: the list's width less border, padding and
        scrollbar."""
        return max(20, self.size.width - 6)

    def _on_resize(self) -> None:
        for option in self._options:
            if isinstance(option, LazyOption):
                option.forget()
        super()._on_resize()  # type: ignore[no-untyped-call]

    def _update_lines(self) -> None:
        """Every row is :data:`ROW_LINES` lines: no prompt is made to find its height."""
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        for index in range(start, len(self._options)):
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = ROW_LINES
            lines.extend((index, n) for n in range(ROW_LINES))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """A row's lines, drawn straight from its text (kept until the rows change).

        Rows are cropped to the width when made, so the wrapping and padding that
        Textual applies to every option are not needed; what is drawn is the same.
        """
        prompt = option.prompt
        if not isinstance(prompt, Content):
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        key = (option, style, padding)
        strips = self._option_render_cache.get(key)
        if strips is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            base = style.rich_style
            meta = {"option": self._option_to_index[option]}
            strips = []
            for line in prompt.split("\n")[:ROW_LINES]:
                segments = [Segment(" " * padding.left, base)] if padding.left else []
                segments.extend(
                    Segment(text, (style + text_style).rich_style)
                    for text, text_style in line.simplify().render(style, "", self._get_style)
                )
                strip = Strip(segments).simplify().crop(0, width - padding.right)
                strips.append(strip.extend_cell_length(width, base).apply_meta(meta))
            self._option_render_cache[key] = strips
        return strips

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height of every row, without making them."""
        return ROW_LINES * len(self._options)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as it is given: rows are cropped to the width."""
        return container.width
