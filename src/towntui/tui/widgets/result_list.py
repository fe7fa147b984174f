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

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import VisualType
from textual.widgets.option_list import Option

from towntui.tui.widgets.safe_list import SafeOptionList

#: Lines every result row takes: what matched, then where and what it is.
ROW_LINES = 2


#: How many rows' lines the list keeps for rows shown again (a key typed then erased,
#: a query that still finds the same results).
KEPT_ROWS = 400


class LazyOption(Option):
    """An option whose prompt is made by ``make(width)`` when it is first needed;
    ``key`` names what the row shows (equal keys, equal rows), or is ``None``."""

    def __init__(
        self, make: Callable[[int], VisualType], width: Callable[[], int], key: Hashable = None
    ) -> None:
        super().__init__("")
        self._make = make
        self._width = width
        self._made = False
        self.key = key

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
    """An option list of rows that are all :data:`ROW_LINES` lines high, made lazily.

    Its virtual size (the rows' lines) changes with the number of results; that repaints
    the list and updates its scroll bar, and lays the screen out again only when the
    scroll bar comes or goes (Textual's virtual size asks for a layout at every change,
    although the list's own size never depends on its rows here: it is ``1fr`` high).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: the lines of rows drawn, by their key, place, style and width
        self._kept: dict[Hashable, list[Strip]] = {}
        self._frame: tuple[Spacing, int] | None = None

    def show_rows(self, rows: Iterable[tuple[Hashable, Callable[[int], VisualType]]]) -> None:
        """Replace the options with one lazily made row per ``(key, make)``: ``make(width)``
        is called when the row is first drawn, unless a row of the same key was drawn
        before (at this width), whose lines are drawn again."""
        if len(self._kept) > KEPT_ROWS:
            self._kept.clear()
        self.set_options(LazyOption(make, self.row_width, key) for key, make in rows)

    def forget_rows(self) -> None:
        """Draw every row anew (what rows say changed: the data, the language)."""
        self._kept.clear()
        for option in self._options:
            if isinstance(option, LazyOption):
                option.forget()
        self._clear_caches()  # type: ignore[no-untyped-call]

    def row_width(self) -> int:
        """The cells a row's text may take: the list's width less border, padding and
        scrollbar."""
        return max(20, self.size.width - 6)

    def _on_resize(self) -> None:
        self._kept.clear()
        for option in self._options:
            if isinstance(option, LazyOption):
                option.forget()
        super()._on_resize()  # type: ignore[no-untyped-call]

    def _update_lines(self) -> None:
        """Every row is :data:`ROW_LINES` lines: no prompt is made to find its height.

        Called for every line drawn: returns at once when every row has its lines."""
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        if lines and start == len(self._options):
            return
        if not self.scrollable_content_region:
            return
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
        padding, width = self._frame or self._frame_sizes()
        key = (option, style, padding)
        strips = self._option_render_cache.get(key)
        if strips is not None:
            return strips
        row_key = getattr(option, "key", None)
        index = self._option_to_index[option]
        kept_key = None if row_key is None else (row_key, index, style, padding, width)
        strips = None if kept_key is None else self._kept.get(kept_key)
        if strips is None:
            prompt = option.prompt
            if not isinstance(prompt, Content):
                return super()._get_option_render(option, style)
            strips = self._row_lines(prompt, style, padding, width, {"option": index})
            if kept_key is not None:
                self._kept[kept_key] = strips
        self._option_render_cache[key] = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``; the rows' padding and width are found once for all."""
        self._frame = None
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _frame_sizes(self) -> tuple[Spacing, int]:
        """The rows' padding and width, kept while the lines of one frame are drawn."""
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        self._frame = (padding, width)
        return self._frame

    def _row_lines(
        self, prompt: Content, style: Style, padding: Spacing, width: int, meta: dict[str, int]
    ) -> list[Strip]:
        """A row's lines, ``width`` cells, its text inside ``padding``, carrying ``meta``
        (which option a click is on). What Textual's crop, extend and ``apply_meta`` of
        the row's strips make, without a strip for each step."""
        base = style.rich_style
        meta_style = RichStyle.from_meta(meta)
        right = width - padding.right
        lines = []
        for line in prompt.split("\n")[:ROW_LINES]:
            segments = [Segment(" " * padding.left, base)] if padding.left else []
            segments.extend(
                Segment(text, (style + text_style).rich_style)
                for text, text_style in line.simplify().render(style, "", self._get_style)
            )
            strip = Strip(Segment.simplify(segments)).crop(0, right)
            segments = list(strip)
            if strip.cell_length < width:
                segments.append(Segment(" " * (width - strip.cell_length), base))
            lines.append(Strip(Segment.apply_style(segments, meta_style), width))
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height of every row, without making them."""
        return ROW_LINES * len(self._options)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """As wide as it is given: rows are cropped to the width."""
        return container.width
