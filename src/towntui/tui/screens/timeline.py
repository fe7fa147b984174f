"""The Timeline screen (``3``): every event in date order, grouped by year.

Rows have a fixed date gutter (``YYYY-MM-DD``, ``YYYY-MM`` and ``YYYY`` aligned), the
category as a glyph *and* a colour, the town and the title. Above them a strip shows
how many events each year of the range has, with the cursor's year marked. Filters:
town (``t``), categories (``c``), year range (``f``); ``r`` resets them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from towntui.core.i18n import tr
from towntui.core.model import EVENT_CATEGORIES, Event
from towntui.core.timeline import (
    DEFAULT_FROM,
    DEFAULT_TO,
    Timeline,
    default_range,
    first_row_from,
    hiding_filters,
    parse_range,
    range_error,
    timeline,
    year_jump,
)
from towntui.tui.dialogs.event import Choice, EventDetail, event_text
from towntui.tui.dialogs.pickers import ALL, CategoryPicker, PromptDialog, TownPicker
from towntui.tui.keys import command, key
from towntui.tui.messages import OpenEntity, OpenTown, TimelineFocus
from towntui.tui.render.timeline import (
    category_legend,
    cleared_notice,
    event_options,
    event_row,
    filter_line,
    keep_row,
    town_width,
)
from towntui.tui.screens.base import MainScreen, PaletteCommand
from towntui.tui.widgets.event_list import EventList
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader
from towntui.tui.widgets.scrollbar import use_ascii_scrollbars
from towntui.tui.widgets.sparkline import DensityStrip

#: ``[`` and ``]`` share one footer entry
_YEAR = Binding.Group("Year", compact=True)


class TimelineScreen(MainScreen):
    """Events of every town in date order, filtered by town, category and years."""

    CSS_PATH = "timeline.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("j", "move(1)", "timeline.down", show=False),
        key("k", "move(-1)", "timeline.up", show=False),
        key("left_square_bracket", "jump_year(-1)", "timeline.prev_year", group=_YEAR),
        key("right_square_bracket", "jump_year(1)", "timeline.next_year", group=_YEAR),
        key("g", "first", "timeline.first", show=False),
        key("G", "last", "timeline.last", show=False),
        key("t", "pick_town", "timeline.town"),
        key("c", "pick_categories", "timeline.categories"),
        key("f", "pick_range", "timeline.years", show=False),
        key("r", "reset", "timeline.reset"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._towns: frozenset[str] | None = None
        self._categories: frozenset[str] | None = None
        self._year_from: int | None = DEFAULT_FROM
        self._year_to: int | None = DEFAULT_TO
        #: the year range follows the filters (2007-2025 widened to every event of the
        #: towns or entity shown) until the user sets one with ``f``
        self._auto_range = True
        self._entity: str | None = None
        #: says which filters were cleared to show an event opened from elsewhere
        self._notice: str | None = None
        #: an event to put the cursor on and open once the screen is built
        self._pending_event: str | None = None
        self._timeline = Timeline((), (), DEFAULT_FROM, DEFAULT_TO)
        self._rows: list[Event | None] = []  # option index → event (None: year header)
        self._width = 0

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        """Header, filter line, density strip, the event list, category legend, footer."""
        yield TownHeader(icon="=")
        yield Label(id="tl-filters")
        yield DensityStrip(id="tl-density")
        yield EventList(id="tl-events")
        yield Label(id="tl-legend")
        yield TownFooter()

    def on_mount(self) -> None:
        """Fill from whatever the app has loaded so far; follow what the app asks to show."""
        self.refresh_labels()
        self.watch(self.state, "timeline_focus", self._focus_asked, init=False)

    def _focus_asked(self, focus: TimelineFocus | None) -> None:
        """The app asks for a town's or an entity's events, or one event."""
        if focus is None:
            return
        if focus.event is not None:
            self.show_event(focus.event)
        else:
            self.set_filter(towns=[focus.town] if focus.town else None, entity=focus.entity)

    def on_resize(self) -> None:
        """Re-fit rows (town column, legend) when the window width changes."""
        if self.size.width != self._width:
            self._width = self.size.width
            self._rebuild(keep=self.current_event)

    @property
    def _list(self) -> OptionList:
        return self.query_one("#tl-events", EventList)

    # ----------------------------------------------------------------- hooks

    def refresh_data(self) -> None:
        """The dataset changed: recompute the timeline, keeping the selected event."""
        self._rebuild(keep=self.current_event)

    def refresh_labels(self) -> None:
        """Language or ascii mode changed: redraw every row and label."""
        ascii_mode = self.state.glyphs.ascii
        use_ascii_scrollbars(ascii_mode)
        self.set_class(ascii_mode, "-ascii")
        self.query_one(DensityStrip).ascii = ascii_mode
        self._rebuild(keep=self.current_event)

    def set_filter(self, *, towns: Sequence[str] | None = None, entity: str | None = None) -> None:
        """Show only events involving ``towns`` and/or ``entity``; other filters reset.

        The year range widens to every event of the towns or entity shown, since a
        story may start before 2007 (杭州高新区 was founded in 1990).
        """
        self._towns = frozenset(towns) if towns else None
        self._entity = entity
        self._categories = None
        self._auto_range = True
        self._notice = None
        if self.is_mounted:
            self._rebuild(keep=None)

    def show_event(self, event_id: str) -> None:
        """Put the cursor on the event ``event_id`` and open it.

        The filters stay as they are unless they hide the event; then only the ones
        that hide it are cleared, and the header says which.
        """
        ev = next((e for e in self.state.dataset.events if e.id == event_id), None)
        if ev is None:
            self.notify(self.tr(f"没有事件 {event_id}", f"No event {event_id}"), markup=False)
            return
        year_range = None if self._auto_range else (self._year_from, self._year_to)
        cleared = hiding_filters(
            ev,
            towns=self._towns,
            categories=self._categories,
            entity=self._entity,
            year_range=year_range,
        )
        if "town" in cleared:
            self._towns = None
        if "category" in cleared:
            self._categories = None
        if "entity" in cleared:
            self._entity = None
        if "year" in cleared:
            self._auto_range = True
        if cleared:
            self._notice = cleared_notice(cleared, ev.date, self.state.lang)
            self.notify(self._notice, markup=False, timeout=4)
        self._pending_event = ev.id
        if self.is_mounted:
            self._rebuild(keep=ev)

    def _open_pending(self) -> None:
        """Open the event :meth:`show_event` asked for, once it is under the cursor."""
        wanted, self._pending_event = self._pending_event, None
        ev = self.current_event
        if wanted is not None and ev is not None and ev.id == wanted:
            self._list.scroll_to_highlight(top=True)
            self.action_show_event()

    # ----------------------------------------------------------------- building

    @property
    def timeline_data(self) -> Timeline:
        """The timeline as currently filtered."""
        return self._timeline

    @property
    def current_event(self) -> Event | None:
        """The event under the cursor, if any."""
        if not self.is_mounted:
            return None
        index = self._list.highlighted
        if index is None or index >= len(self._rows):
            return None
        return self._rows[index]

    def _town_name(self, town_id: str) -> str:
        town = self.state.dataset.town(town_id)
        if town is None:
            return town_id
        return self.state.pick(town.name, town.name_en)

    def _row_width(self) -> int:
        """Cells a row has: the screen's width less the list's scrollbar."""
        return (self.size.width or 80) - self._list.styles.scrollbar_size_vertical

    def _row(self, ev: Event, names: dict[str, str], town_w: int) -> Content:
        town = names.get(ev.town) or self._town_name(ev.town)
        return event_row(ev, town, town_w, self.state.lang, self.state.glyphs, self._row_width())

    def _rebuild(self, *, keep: Event | None) -> None:
        if not self.is_mounted:
            return
        ds = self.state.dataset
        if self._pending_event is not None:
            keep = next((e for e in ds.events if e.id == self._pending_event), keep)
        if not ds.towns:
            self._show_loading()
            return
        if self._auto_range:
            self._year_from, self._year_to = default_range(
                ds, towns=self._towns, entity=self._entity
            )
        self._timeline = timeline(
            ds,
            towns=self._towns,
            categories=self._categories,
            year_from=self._year_from,
            year_to=self._year_to,
            entity=self._entity,
        )
        # once per rebuild, not per row: at 1,000 towns and 40,000 events it matters
        names = {t.id: self._town_name(t.id) for t in ds.towns}
        town_w = town_width(names.values(), self.size.width or 80)
        options, rows = event_options(
            self._timeline,
            lambda ev: self._row(ev, names, town_w),
            self.state.lang,
            self.state.glyphs,
        )
        self._rows = rows
        olist = self._list
        olist.set_options(options)
        olist.highlighted = target = keep_row(rows, keep)
        if target is not None:
            olist.scroll_to_highlight()
        self._update_chrome()
        if self._pending_event is not None:
            self._open_pending()

    def _show_loading(self) -> None:
        """Say the data is loading: an empty timeline and one disabled line."""
        self._timeline = Timeline((), (), self._year_from, self._year_to)
        self._rows = []
        olist = self._list
        olist.set_options(
            [Option(self.tr("正在加载数据", "Loading data") + self.state.glyphs.ellipsis)]
        )
        olist.disable_option_at_index(0)
        self._update_chrome()

    def _filter_text(self) -> str:
        towns = [self._town_name(t) for t in sorted(self._towns or ())]
        ent = self.state.dataset.entities.get(self._entity) if self._entity else None
        entity = ent.name if ent else self._entity
        return filter_line(
            self._timeline,
            self.state.lang,
            self.state.glyphs,
            towns=towns,
            categories=self._categories,
            entity=entity,
            notice=self._notice,
        )

    def _update_chrome(self) -> None:
        lang, g = self.state.lang, self.state.glyphs
        title = tr(lang, "时间线", "Timeline")
        # whole, on a second line when it needs one: its notes (events outside the
        # range, a filter cleared) come last and must not be cut off
        self.query_one("#tl-filters", Label).update(
            Content.assemble((title, "bold"), "  ", self._filter_text())
        )
        strip = self.query_one(DensityStrip)
        strip.density = self._timeline.density
        top = max((n for _, n in self._timeline.density), default=0)
        strip.suffix = tr(lang, f"每年最多 {top}", f"max {top}/yr")
        ev = self.current_event
        strip.current = ev.date.year if ev else None
        present = {e.category for e in self._timeline.events} or set(EVENT_CATEGORIES)
        legend = category_legend(present, lang, g, max(10, (self.size.width or 80) - 2))
        self.query_one("#tl-legend", Label).update(legend)

    # ----------------------------------------------------------------- events

    @on(OptionList.OptionHighlighted, "#tl-events")
    def _highlighted(self) -> None:
        ev = self.current_event
        self.query_one(DensityStrip).current = ev.date.year if ev else None

    @on(OptionList.OptionSelected, "#tl-events")
    def _selected(self) -> None:
        self.action_show_event()

    # ----------------------------------------------------------------- actions

    def _years(self) -> list[int | None]:
        """The year of each row of the list (None: a year header or a hint)."""
        return [ev.date.year if ev is not None else None for ev in self._rows]

    def action_move(self, step: int) -> None:
        """Move the cursor to the next (1) or previous (-1) event."""
        olist = self._list
        if step > 0:
            olist.action_cursor_down()
        else:
            olist.action_cursor_up()

    def action_first(self) -> None:
        """Go to the first event."""
        self._list.action_first()

    def action_last(self) -> None:
        """Go to the last event."""
        self._list.action_last()

    def action_jump_year(self, step: int) -> None:
        """Go to the first event of the next (1) or previous (-1) year that has events."""
        ev = self.current_event
        target = year_jump(self._years(), ev.date.year if ev else None, step)
        if target is None:
            if ev is not None:
                zh, en = ("没有更晚的年份", "No later year")
                if step < 0:
                    zh, en = ("没有更早的年份", "No earlier year")
                self.notify(self.tr(zh, en), timeout=2)
            return
        self._list.highlighted = target
        if ev is not None:
            self._list.scroll_to_highlight(top=True)

    def action_show_event(self) -> None:
        """Show the event under the cursor with its source."""
        ev = self.current_event
        if ev is None:
            return
        ds = self.state.dataset

        def done(choice: Choice) -> None:
            if choice is None:
                return
            kind, ident = choice
            self.post_message(OpenEntity(ident) if kind == "entity" else OpenTown(ident))

        self.app.push_screen(EventDetail(ev, ds, lang=self.state.lang, g=self.state.glyphs), done)

    def action_pick_town(self) -> None:
        """Show only one town's events (or all towns again)."""
        ds = self.state.dataset
        if not ds.towns:
            return

        def done(town: str | None) -> None:
            if town is None:
                return
            self._towns = None if town == ALL else frozenset({town})
            self._notice = None
            self._rebuild(keep=self.current_event)

        picker = TownPicker(
            ds.towns,
            title=self.tr("按小镇筛选", "Filter by town"),
            lang=self.state.lang,
            g=self.state.glyphs,
            all_label=self.tr("全部小镇", "All towns"),
        )
        self.app.push_screen(picker, done)

    def action_pick_categories(self) -> None:
        """Choose which event categories to show."""

        def done(chosen: frozenset[str] | None) -> None:
            if chosen is None:
                return
            self._categories = None if chosen == frozenset(EVENT_CATEGORIES) else chosen
            self._notice = None
            self._rebuild(keep=self.current_event)

        current = self._categories if self._categories is not None else frozenset(EVENT_CATEGORIES)
        title = self.tr("事件类别", "Event categories")
        self.app.push_screen(
            CategoryPicker(current, title=title, lang=self.state.lang, g=self.state.glyphs), done
        )

    def action_pick_range(self) -> None:
        """Type the year range (``2010-2020``, ``2015``, ``all``)."""
        lo = "" if self._year_from is None else str(self._year_from)
        hi = "" if self._year_to is None else str(self._year_to)

        def done(text: str | None) -> None:
            if text is None:
                return
            self._year_from, self._year_to = parse_range(text)
            self._auto_range = False
            self._notice = None
            self._rebuild(keep=self.current_event)

        dialog = PromptDialog(
            title=self.tr("年份范围", "Year range"),
            hint=self.tr(
                "例如 2010-2020、2015、2010-、全部",
                "e.g. 2010-2020, 2015, 2010-, all",
            ),
            value=f"{lo}-{hi}" if (lo or hi) else self.tr("全部", "all"),
            g=self.state.glyphs,
            validate=lambda text: range_error(text, self.state.lang),
        )
        self.app.push_screen(dialog, done)

    def action_goto_year(self) -> None:
        """Type a year and go to its first event (or the next year that has one)."""

        def check(text: str) -> str | None:
            return None if text.strip().isdigit() else self.tr("请输入年份", "type a year")

        def done(text: str | None) -> None:
            if text is None:
                return
            target = first_row_from(self._years(), int(text.strip()))
            if target is None:
                self.notify(self.tr("该年份之后没有事件", "No events from that year on"))
                return
            self._list.highlighted = target
            self._list.scroll_to_highlight(top=True)

        ev = self.current_event
        dialog = PromptDialog(
            title=self.tr("跳到年份", "Jump to year"),
            hint=self.tr("年份，例如 2015", "a year, e.g. 2015"),
            value=str(ev.date.year) if ev else "",
            g=self.state.glyphs,
            validate=check,
        )
        self.app.push_screen(dialog, done)

    def action_reset(self) -> None:
        """Back to every town and category, over every year that has events."""
        self._towns = self._categories = self._entity = None
        self._auto_range = True
        self._notice = None
        self._rebuild(keep=self.current_event)

    def selected_text(self) -> str | None:
        """The event under the cursor as one line of text (``y`` copies it)."""
        ev = self.current_event
        return None if ev is None else event_text(ev, self.state.dataset, self.state.lang)

    def palette_commands(self) -> list[PaletteCommand]:
        """The timeline's actions for the command palette."""
        commands = [
            ("town", self.action_pick_town, "pick_town"),
            ("categories", self.action_pick_categories, "pick_categories"),
            ("goto_year", self.action_goto_year, "goto_year"),
            ("range", self.action_pick_range, "pick_range"),
            ("reset", self.action_reset, "reset"),
            ("event", self.action_show_event, "show_event"),
            ("first", self.action_first, "first"),
            ("last", self.action_last, "last"),
        ]
        return [command(self, f"timeline.{c}", run, action) for c, run, action in commands]
