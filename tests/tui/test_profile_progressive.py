"""The profile's first frame lays out only what fills the screen (issue 17, goal 1).

A town's profile runs to ~185 lines at 40 columns, ~20 of which show. The profile view
lays out its parts (headings, tables, paragraphs) in order until the screen's height is
filled, paints them, and lays out the rest after that frame, so the towns and the top of
the profile show sooner, at start and at every town. Checked by what is made and when,
against the whole profile laid out in one go, never by a time.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from textual.widgets import Static

from tests.helpers.tui import AppFactory, wait_for, wait_loaded
from towntui.tui.render.glyphs import glyphs
from towntui.tui.render.profile import town_profile_parts
from towntui.tui.widgets.profile_view import ProfileView, RenderedOnce


class Part:
    """A renderable of ``n`` lines that notes the frame it was laid out in."""

    def __init__(self, n: int, frames: list[float]) -> None:
        self.n = n
        self.frames = frames
        self.laid_out_at: list[int] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.laid_out_at.append(len(self.frames))
        for i in range(self.n):
            yield Segment(f"line {i}\n")


def count_frames(app: Any) -> list[float]:
    frames: list[float] = []
    real = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append(1.0)
        real(screen, renderable)

    app._display = display
    return frames


async def test_the_first_frame_lays_out_what_fills_the_screen_the_rest_after(
    make_app: AppFactory,
) -> None:
    app = make_app()
    frames = count_frames(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        profile = app.screen.query_one("#profile", ProfileView)
        parts = [Part(5, frames) for _ in range(40)]  # 200 lines
        before = len(frames)
        profile.update(Group(*parts))
        await wait_for(pilot, lambda: profile.virtual_size.height == 200, tries=200)
        await pilot.pause()
        assert all(len(p.laid_out_at) == 1 for p in parts)  # each once, never twice
        first = [p for p in parts if p.laid_out_at[0] == before]
        assert 24 <= 5 * len(first) < 24 + 5  # the screen's height, then stop
        assert all(p.laid_out_at[0] > before for p in parts[len(first) :])
        # the whole profile scrolls to its end
        pane = app.screen.query_one("#profile-pane")
        pane.scroll_end(animate=False)
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 150


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ascii", [False, True])
async def test_laid_out_in_parts_the_profile_is_the_same_line_for_line(
    make_app: AppFactory, lang: str, ascii: bool
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        ds = app.dataset
        view = app.screen.query_one("#profile", ProfileView)
        whole = Static()
        await app.screen.mount(whole)
        for town in ds.towns:
            for notes_open in (False, True):
                before, notes, after = town_profile_parts(
                    ds, town, lang, glyphs(ascii), notes_open=notes_open
                )
                group = Group(*before, *notes, *after)
                for width in (28, 47, 90):
                    view.update(group)
                    whole.update(group)
                    style = view.visual_style
                    once = view.render()
                    assert isinstance(once, RenderedOnce)
                    once.enough = None  # all of it, part by part
                    mine = once.render_strips(width, None, style, _options(view))
                    ref = whole.render().render_strips(width, None, style, _options(whole))
                    assert [s.text for s in mine] == [s.text for s in ref], (town.id, width)
                    assert [list(s) for s in mine] == [list(s) for s in ref]


def _options(widget: Any) -> Any:
    from textual.visual import RenderOptions

    return RenderOptions(widget._get_style, widget.styles)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_table_cut_into_parts_draws_the_lines_of_the_whole(lang: str) -> None:
    from rich.console import Console

    from towntui.core.loader import data_dirs, load
    from towntui.tui.render.profile import metrics_table
    from towntui.tui.render.table_parts import TableRows, in_parts

    console = Console(color_system="truecolor", force_terminal=True, width=200)
    cut = 0
    for town in load(data_dirs([])).towns:
        for ascii in (False, True):
            table = metrics_table(lang, town.metrics, glyphs(ascii))
            parts = in_parts(table, rows=5)
            cut += isinstance(parts[0], TableRows)
            for width in (20, 33, 40, 47, 61, 90, 140):
                options = console.options.update_width(width)
                whole = console.render_lines(table, options)
                pieces = [line for p in parts for line in console.render_lines(p, options)]
                assert pieces == whole, (town.id, width)
    assert cut >= 6  # the bundled towns' tables were cut


async def test_a_town_opened_later_is_laid_out_whole_after_its_first_frame(
    make_app: AppFactory,
) -> None:
    # the profile of a town the cursor moves to: its first frame, then all of it (the
    # scroll bar and the end of the profile as with a profile laid out at once)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        for key in ("end", "up", "home"):
            await pilot.press(key)
            await pilot.pause(0.3)
            await pilot.pause()
            profile = app.screen.query_one("#profile", ProfileView)
            once = profile.render()
            assert isinstance(once, RenderedOnce) and once.enough is None
            whole = Static(profile.visual._renderable)  # type: ignore[attr-defined]
            await app.screen.mount(whole)
            width = profile.content_region.width
            lines = whole.render().render_strips(  # type: ignore[union-attr]
                width, None, profile.visual_style, _options(whole)
            )
            assert profile.virtual_size.height == len(lines), key
            await whole.remove()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_profile_at_start_is_laid_out_at_one_width(
    make_app: AppFactory,
    bundled_dirs: list[Any],
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """The profile pane keeps room for its scrollbar: laid out at the width without it,
    the first town's first parts overflowed the pane, the scrollbar came and took two
    columns, and they were laid out again at the narrower width before the first paint."""
    widths: list[int] = []
    real = RenderedOnce._strips

    def noted(self: RenderedOnce, width: int, style: Any, options: Any) -> Any:
        before = self._lines.get((width, style), ([], 0))[1]
        lines = real(self, width, style, options)
        if self._lines.get((width, style), ([], 0))[1] != before:  # parts laid out
            widths.append(width)
        return lines

    monkeypatch.setattr(RenderedOnce, "_strips", noted)
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        profile = app.screen.query_one("#profile", ProfileView)
        await wait_for(pilot, lambda: profile.virtual_size.height > size[1], tries=200)
        await pilot.pause()
        await pilot.pause()
        pane = app.screen.query_one("#profile-pane")
        assert pane.max_scroll_y > 0
        assert widths and set(widths) == {profile.size.width}, widths


def _twin_of(table: Any) -> Any:
    """A plain Rich ``Table`` with ``table``'s settings, columns and cells."""
    from rich.table import Table

    twin = Table(
        box=table.box,
        show_header=table.show_header,
        header_style=table.header_style,
        pad_edge=table.pad_edge,
        padding=table.padding,
        expand=table.expand,
    )
    for column in table.columns:
        twin.add_column(
            column.header,
            justify=column.justify,
            overflow=column.overflow,
            no_wrap=column.no_wrap,
            ratio=column.ratio,
            min_width=column.min_width,
            max_width=column.max_width,
        )
    for row in range(table.row_count):
        twin.add_row(*(column._cells[row] for column in table.columns))
    return twin


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_text_table_measures_and_draws_as_rich_does(lang: str) -> None:
    """The metrics table measures its columns in one pass over their texts: every
    bundled town's table measures and draws as a plain Rich table, at every width."""
    from rich.console import Console

    from towntui.core.loader import data_dirs, load
    from towntui.tui.render.profile import metrics_table

    console = Console(color_system="truecolor", force_terminal=True, width=200)
    for town in load(data_dirs([])).towns:
        for ascii in (False, True):
            table = metrics_table(lang, town.metrics, glyphs(ascii))
            twin = _twin_of(table)
            for width in (0, 1, 2, 3, 5, 8, 13, 20, 33, 47, 61, 90, 140):
                options = console.options.update_width(width)
                for column, other in zip(table.columns, twin.columns, strict=True):
                    assert table._measure_column(console, options, column) == (
                        twin._measure_column(console, options, other)
                    ), (town.id, width, column.header)
                if width:
                    assert console.render_lines(table, options) == console.render_lines(
                        twin, options
                    ), (town.id, width)


_TEXT = st.text(
    alphabet=st.sampled_from([*"ab 云栖小镇\n\t,.-:[]", "\u200b", "\u3000", "\x1c"]),
    max_size=30,
)


@given(
    cells=st.lists(st.tuples(_TEXT, _TEXT), max_size=6),
    header=st.tuples(_TEXT, _TEXT),
    show_header=st.booleans(),
    pad_edge=st.booleans(),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 3)),
    width=st.integers(0, 40),
    limits=st.tuples(st.none() | st.integers(0, 9), st.none() | st.integers(0, 20)),
)
def test_any_text_table_measures_as_rich_does(
    cells: list[tuple[str, str]],
    header: tuple[str, str],
    show_header: bool,
    pad_edge: bool,
    padding: tuple[int, int],
    width: int,
    limits: tuple[int | None, int | None],
) -> None:
    from rich.console import Console
    from rich.text import Text

    from towntui.tui.render.table_parts import TextTable

    console = Console(color_system=None, force_terminal=True, width=200)
    table = TextTable(show_header=show_header, pad_edge=pad_edge, padding=padding, box=None)
    table.add_column(header[0], min_width=limits[0], max_width=limits[1])
    table.add_column(header[1])
    for a, b in cells:
        table.add_row(Text(a), Text(b))
    twin = _twin_of(table)
    options = console.options.update_width(width)
    for column, other in zip(table.columns, twin.columns, strict=True):
        assert table._measure_column(console, options, column) == twin._measure_column(
            console, options, other
        )
