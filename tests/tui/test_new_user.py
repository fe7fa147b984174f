"""What a new user tripped over in the app (issue 10): each test failed before its fix.

Keys are sent the way a terminal delivers them: one at a time with ``pilot.press``, or
a whole burst queued at once (a fast typist, a paste without bracketed paste, a laggy
SSH link), which is when a priority binding can jump the queue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tests.helpers import MINI
from tests.helpers.tui import AppFactory, burst, screen_text, wait_for, wait_loaded
from towntui.core.units import unit_label
from towntui.tui.app import TownApp
from towntui.tui.screens.search import SearchScreen

# ------------------------------------------------------------------ 1. "/" in inputs


async def test_a_slash_in_a_burst_stays_where_it_was_typed_in_search(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        burst(app, "a/b")
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: len(query.value) == 3)
        assert query.value == "a/b"


async def test_a_slash_typed_from_the_towns_screen_then_more_slashes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/a/b")  # the first "/" opens search, the second is text
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: len(query.value) == 3)
        assert query.value == "a/b"


# ------------------------------------------------------------------ 4. y in dialogs


async def test_y_copies_the_event_in_the_event_dialog(make_app: AppFactory) -> None:
    from towntui.tui.dialogs.event import EventDetail

    app = make_app()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.id != "_default" and bool(app.screen.children))
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        hint = str(app.screen.query_one("#hint").render())
        assert "y" in hint
        shown = app.screen.selected_text()
        await pilot.press("y")
        await pilot.pause()
        assert copied == [shown] and "城北园区始创" in copied[0]


# ------------------------------------------------------------------ 5. dialog placement


async def test_the_problems_dialog_sits_centred_like_the_other_dialogs(
    make_app: AppFactory,
) -> None:
    from towntui.tui.dialogs.problems import ProblemsScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.show_problems()
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await pilot.pause()
        pane = app.screen.query_one("#help-pane").region
        assert pane.y >= 1, "over the header"
        assert pane.x > 0 and pane.right < 80, "not centred"
        assert abs(pane.x - (80 - pane.right)) <= 1
        top = screen_text(app).splitlines()[0]
        assert "towntui" in top  # the header is still visible


# ------------------------------------------------------------------ 2. event from search


async def _timeline(app: TownApp, pilot: Any) -> Any:
    from towntui.tui.screens.timeline import TimelineScreen

    await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
    return app.get_screen_stack("timeline")[0]


async def _open_from_search(app: TownApp, pilot: Any, query: str) -> None:
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(app.focused, Input))
    burst(app, query)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await wait_for(pilot, lambda: bool(screen.hits) and screen.hits[0].kind == "event")
    await pilot.press("enter")


async def test_enter_on_an_event_in_search_shows_that_event(make_app: AppFactory) -> None:
    from towntui.tui.dialogs.event import EventDetail

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.show_timeline(town="yuhuangshan")  # a filter the event passes
        timeline = await _timeline(app, pilot)
        await _open_from_search(app, pilot, "Project 001")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        detail = app.screen
        assert isinstance(detail, EventDetail)
        assert detail._event.title == "零零壹项目开工"
        assert timeline.current_event is detail._event  # the cursor is on it, not on 2007
        assert timeline._towns == frozenset({"yuhuangshan"})  # the filter was kept


async def test_an_event_hidden_by_the_filters_is_shown_and_the_header_says_so(
    make_app: AppFactory,
) -> None:
    from towntui.tui.dialogs.event import EventDetail

    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.show_timeline(town="yunqi")  # hides the qiantang event
        timeline = await _timeline(app, pilot)
        await _open_from_search(app, pilot, "Project 001")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        assert timeline.current_event is not None
        assert timeline.current_event.title == "零零壹项目开工"
        assert timeline._towns is None
        await pilot.press("escape")
        await pilot.pause()
        header = str(timeline.query_one("#tl-filters").render())
        assert "town filter cleared" in header


async def _compare_every_town(app: TownApp, pilot: Any) -> Any:
    """Mark every town and show Compare; the compare screen."""
    from towntui.tui.screens.compare import CompareScreen

    for town in app.dataset.towns:
        app.toggle_mark(town.id)
    await pilot.press("4")
    await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
    await pilot.pause(0.3)
    return app.screen


# ------------------------------------------------------------------ 3. a town's timeline


async def test_a_towns_timeline_shows_every_event_of_the_town(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.open_town("qiantang")
        await pilot.pause()
        await pilot.press("t")
        timeline = await _timeline(app, pilot)
        await wait_for(pilot, lambda: timeline._towns == frozenset({"qiantang"}))
        dates = [str(e.date) for e in timeline.timeline_data.events]
        assert dates == ["1993", "2023-06-15"]  # the 1993 founding is no longer hidden


async def test_the_bundled_binjiang_timeline_has_all_13_events(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        everything = [e for e in app.dataset.events if "binjiang" in e.towns]
        app.show_timeline(town="binjiang")
        timeline = await _timeline(app, pilot)
        await wait_for(pilot, lambda: timeline._towns == frozenset({"binjiang"}))
        shown = timeline.timeline_data.events
        assert len(shown) == len(everything) == 13
        assert shown[0].date.year == 1990


async def test_an_explicit_range_says_how_many_events_it_hides(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        timeline = await _timeline(app, pilot)
        await pilot.pause()
        assert len(timeline.timeline_data.events) == 6  # 1993 to 2025: nothing hidden
        await pilot.press("f")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        field.value = ""
        burst(app, "2010-2020")
        await wait_for(pilot, lambda: field.value == "2010-2020")
        await pilot.press("enter")
        await wait_for(pilot, lambda: timeline.timeline_data.outside == 4)
        header = str(timeline.query_one("#tl-filters").render())
        assert "4 outside" in header
        await pilot.press("r")
        await wait_for(pilot, lambda: timeline.timeline_data.outside == 0)
        assert len(timeline.timeline_data.events) == 6


async def test_marking_towns_in_a_burst_marks_each_town_passed(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        burst(app, " j j ")
        await wait_for(pilot, lambda: len(app.marked) == 3)
        assert app.marked == [t.id for t in app.dataset.towns]


# ------------------------------------------------------------------ 20. --ascii


def _data_chars() -> set[str]:
    """Every character the fixture's data files hold (data text may show them)."""
    return {ch for f in MINI.rglob("*.toml") for ch in f.read_text(encoding="utf-8")}


def _not_ascii(text: str, allowed: set[str]) -> set[str]:
    return {ch for ch in text if ord(ch) >= 128 and ch not in allowed}


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_ascii_mode_draws_nothing_outside_ascii_but_data(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    from towntui.tui.dialogs.event import EventDetail

    allowed = _data_chars()
    assert not {"…", "—", "▲", "🔎"} & allowed  # so the check below can fail
    app = make_app(ascii=True, lang="en")
    seen: dict[str, set[str]] = {}

    def look(where: str) -> None:
        bad = _not_ascii(screen_text(app), allowed)
        if bad:
            seen[where] = bad

    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        look("towns")
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        burst(app, "yq")
        await pilot.pause(0.3)
        look("search")
        await pilot.press("escape", "escape", "3")
        await pilot.pause(0.3)
        look("timeline")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDetail))
        look("event")
        await pilot.press("escape")
        app.toggle_mark("yunqi")
        app.toggle_mark("yuhuangshan")
        app.toggle_mark("qiantang")
        await pilot.press("4")
        await pilot.pause(0.3)
        look("compare")
        await pilot.press("e")
        await pilot.pause(0.3)
        look("export")
        await pilot.press("escape", "question_mark")
        await pilot.pause(0.3)
        look("keys")
        await pilot.press("escape", "ctrl+p")
        await pilot.pause(0.5)
        look("palette")
    assert seen == {}


# ------------------------------------------------------------------ 21. 80x24


def _footer_cut(app: TownApp) -> list[str]:
    """The footer's words drawn past the screen's edge or under the palette key."""
    from rich.cells import cell_len

    from towntui.tui.widgets.footer import TownFooter

    footer = app.screen.query_one(TownFooter)
    row = footer.footer_row(footer.size.width)
    palette = [k for k in row.keys if k.palette]
    edge = palette[0].x if palette else app.size.width
    cut, x = [], 0
    for text, _role, index in row.parts:
        if (
            text.strip()
            and (index is None or not row.keys[index].palette)
            and x + cell_len(text) > edge
        ):
            cut.append(f"{text!r} at {x}")
        x += cell_len(text)
    return cut if x <= app.size.width else [*cut, f"row of {x} cells"]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_no_footer_is_cut_at_80_columns(make_app: AppFactory, lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.toggle_mark("yunqi")
        app.toggle_mark("yuhuangshan")
        cut: dict[str, list[str]] = {}
        for key in "1234":
            await pilot.press(key)
            await pilot.pause(0.3)
            if found := _footer_cut(app):
                cut[key] = found
            if key == "2":
                await pilot.press("escape")
        assert cut == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_timeline_legend_names_every_category_at_80_columns(
    make_app: AppFactory, bundled_dirs: list[Path], lang: str
) -> None:
    from towntui.core.model import EVENT_CATEGORIES
    from towntui.tui.render.labels import category_label

    app = make_app(dirs=bundled_dirs, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        timeline = await _timeline(app, pilot)
        await pilot.pause(0.3)
        present = {e.category for e in timeline.timeline_data.events}
        assert len(present) >= 10
        legend = " ".join(timeline.query_one("#tl-legend").render().plain.split())  # type: ignore[attr-defined]
        text = " ".join(screen_text(app).split())
        for key in EVENT_CATEGORIES:
            if key in present:
                label = category_label(key, lang)
                assert label in legend and label in text, label


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_compare_at_80_columns_shows_whole_columns_and_scrolls_to_the_rest(
    make_app: AppFactory, bundled_dirs: list[Path], lang: str
) -> None:
    from textual.widgets import DataTable

    from towntui.tui.render.compare import value_text

    app = make_app(dirs=bundled_dirs, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        screen = await _compare_every_town(app, pilot)
        dt = screen.query_one("#cmp-table", DataTable)
        widths = sum(c.get_render_width(dt) for c in dt.columns.values())
        assert widths <= dt.scrollable_content_region.width  # no column is cut
        towns = screen.table.towns
        assert 1 < len(dt.columns) - 1 < len(towns)
        assert "←→" in str(screen.query_one("#cmp-title").render())
        seen: set[str] = set()
        for _ in range(len(towns) + 1):
            text = screen_text(app)
            for key in dt.columns:
                seen.add(str(key.value))
            for row in screen.table.rows[:8]:  # the rows on screen
                for i, town in enumerate(towns):
                    cell = row.cells[i]
                    if cell is not None and town.id in {str(k.value) for k in dt.columns}:
                        assert value_text(cell, lang) in text  # whole, never cut
            await pilot.press("right")
            await pilot.pause(0.1)
        assert seen >= {t.id for t in towns}  # every town can be reached


# ------------------------------------------------------------------ 14. search count


async def test_search_says_how_many_of_how_many_it_shows(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        burst(app, "yq")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: len(screen.hits) == 50)
        assert app.search_index is not None
        total = app.search_index.total("yq")
        assert total > 50
        status = str(screen.query_one("#search-status").render())
        await wait_for(
            pilot, lambda: f"50 of {total}" in str(screen.query_one("#search-status").render())
        )
        app.screen.query_one("#query", Input).value = "kind:person 王坚"
        await wait_for(pilot, lambda: len(screen.hits) == 1)
        await pilot.pause(0.2)
        status = str(screen.query_one("#search-status").render())
        assert status.startswith("1 result") and "results" not in status


def _hint_keys(hint: str) -> set[str]:
    """The keys a hint names: the first word of each part (``esc back  o open town``)."""
    import re

    words = {"esc": "escape", "回车": "enter", "空格": "space"}
    parts = [p.strip() for p in re.split(r"\s{2,}|,\s*|，|、", hint) if p.strip()]
    return {words.get(p.split()[0], p.split()[0]) for p in parts}


def _bound(app: TownApp) -> set[str]:
    keys: set[str] = set()
    for _node, bindings in app.screen._modal_binding_chain:
        keys.update(bindings.key_to_bindings)
    return keys


async def test_every_key_a_dialog_hint_names_works_there(make_app: AppFactory) -> None:
    from towntui.tui.dialogs.event import EventDetail
    from towntui.tui.dialogs.pickers import CategoryPicker

    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await _timeline(app, pilot)
        await pilot.pause()
        checked = 0
        for opener, kind in (("enter", EventDetail), ("c", CategoryPicker)):
            await pilot.press(opener)
            await wait_for(pilot, lambda kind=kind: isinstance(app.screen, kind))  # type: ignore[misc]
            hint = str(app.screen.query_one("#hint").render())
            keys = _hint_keys(hint)
            assert keys, hint
            missing = keys - _bound(app)
            assert not missing, f"{kind.__name__}: {hint!r} names {missing}, not bound"
            checked += 1
            await pilot.press("escape")
            await pilot.pause()
        assert checked == 2


# ------------------------------------------------------------------ keys in a burst


async def test_editing_keys_in_a_burst_apply_in_order(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        query = app.screen.query_one("#query", Input)
        burst(app, "yun")
        await wait_for(pilot, lambda: query.value == "yun")
        for key, char in [("backspace", "\x7f"), ("x", "x"), ("left", None), ("z", "z")]:
            app.post_message(events.Key(key, char))  # one read: backspace, x, left, z
        await wait_for(pilot, lambda: len(query.value) == 4)
        assert query.value == "yuzx"


async def test_a_path_typed_as_soon_as_the_export_dialog_opens_is_the_path(
    make_app: AppFactory, tmp_path: Path
) -> None:
    from towntui.tui.dialogs.export import ExportDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.toggle_mark("yunqi")
        app.toggle_mark("yuhuangshan")
        await pilot.press("4")
        await pilot.pause()
        target = tmp_path / "cmp.csv"
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        burst(app, str(target))  # typed at once, before the path field has the focus
        field = app.screen.query_one("#path", Input)
        await wait_for(pilot, lambda: field.value == str(target))
        assert isinstance(app.screen, ExportDialog)  # "/" did not leave for Search
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        assert target.read_text(encoding="utf-8").startswith("key,")  # CSV, as named


async def test_header_notes_are_whole_at_80_columns(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:

    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        app.show_timeline(town="binjiang")
        timeline = await _timeline(app, pilot)
        await wait_for(pilot, lambda: timeline._towns == frozenset({"binjiang"}))
        await pilot.press("f")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input)
        field.value = "2010-2020"
        await pilot.press("enter")
        await wait_for(pilot, lambda: timeline.timeline_data.outside > 0)
        await pilot.pause()
        n = timeline.timeline_data.outside
        text = " ".join(screen_text(app).split())
        assert f"{n} outside the range (r)" in text
        await _compare_every_town(app, pilot)
        text = " ".join(screen_text(app).split())
        assert "for the rest" in text


async def test_j_and_k_move_in_every_list(make_app: AppFactory) -> None:
    from textual.widgets import OptionList

    from towntui.tui.dialogs.pickers import CategoryPicker

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await _timeline(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CategoryPicker))
        await pilot.pause()
        listing = app.focused
        assert isinstance(listing, OptionList)
        start = listing.highlighted or 0
        await pilot.press("j", "j", "k")
        assert listing.highlighted == start + 1


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_compare_never_cuts_the_unit_off_a_metric(
    make_app: AppFactory, bundled_dirs: list[Path], size: tuple[int, int]
) -> None:
    from textual.widgets import DataTable

    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        screen = await _compare_every_town(app, pilot)
        dt = screen.query_one("#cmp-table", DataTable)
        for i, row in enumerate(screen._rows):
            shown = str(dt.get_row_at(i)[0]).strip()
            # the unit in English, whole (亿元 reads CNY 100m, 平方公里 km²)
            assert shown.endswith(f"({unit_label(row.metric.unit, 'en')})"), shown


async def test_escape_from_search_goes_back_where_search_was_opened(make_app: AppFactory) -> None:
    from towntui.tui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await _timeline(app, pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen))
        assert isinstance(app.screen, TimelineScreen)


async def test_a_new_search_replaces_the_last_query(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        burst(app, "/yq")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        query = app.screen.query_one("#query", Input)
        await wait_for(pilot, lambda: query.value == "yq")
        await pilot.press("escape", "escape")  # clear? no: back to the results, then out
        await pilot.press("3")
        await pilot.pause()
        query.value = "Diwei-2"  # the last search
        await pilot.pause()
        burst(app, "/kind:person")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_for(pilot, lambda: query.value.endswith("person"))
        assert query.value == "kind:person"


async def test_the_problems_dialog_title_counts_in_words(make_app: AppFactory) -> None:
    from towntui.tui.dialogs.problems import ProblemsScreen

    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        app.show_problems()
        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#help-pane")))
        title = str(app.screen.query_one("#help-pane").border_title)
        assert title == "Data problems: 0 errors, 0 warnings"


async def test_a_town_picker_row_is_one_line(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    from textual.widgets import OptionList

    from towntui.tui.dialogs.pickers import TownPicker

    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await _timeline(app, pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TownPicker))
        await pilot.pause(0.2)
        olist = app.screen.query_one("#choices", OptionList)
        width = olist.scrollable_content_region.width
        for i in range(olist.option_count):
            prompt = olist.get_option_at_index(i).prompt
            assert prompt.cell_length <= width, str(prompt)  # type: ignore[union-attr]
