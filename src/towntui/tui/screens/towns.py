"""The Towns screen: the list of towns and the selected town's profile."""

from __future__ import annotations

import operator
import time
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from towntui.core.model import Town, other_name
from towntui.core.textsafe import one_line
from towntui.tui.keys import command, key
from towntui.tui.messages import GoTo, ShowTimeline
from towntui.tui.render.labels import crop
from towntui.tui.render.profile import NOTES_KEY, town_profile_parts, town_text
from towntui.tui.screens.base import MainScreen, PaletteCommand
from towntui.tui.state import AppState
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader
from towntui.tui.widgets.profile_view import ProfileView
from towntui.tui.widgets.safe_list import SafeOptionList

#: Seconds within which a second cursor move counts as part of a burst (a held arrow
#: key, ``5j``-style typing): the profile is drawn at the first move and once more when
#: the burst settles, not at every step (a profile costs ~80-120 ms to lay out).
PROFILE_SETTLE = 0.08


class TownsScreen(MainScreen):
    """Towns (key 1): pick a town on the left, read its profile on the right."""

    CSS_PATH = "towns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("space", "mark", "towns.mark"),
        key("c", "compare", "towns.compare", show=False),
        key("t", "timeline", "towns.timeline"),
        # the folded notes line says "n opens"; the footer keeps L zh/en
        key(NOTES_KEY, "toggle_notes", "towns.notes", show=False),
        key("j", "cursor('down')", "towns.down", show=False),
        key("k", "cursor('up')", "towns.up", show=False),
        key("escape", "focus_list", "towns.list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[object, ...]] = []
        self._look: tuple[object, ...] = ()
        self._profile_key: tuple[object, ...] = ()
        self._profile_at = 0.0
        self._profile_timer: Timer | None = None
        self._notes_open = False
        #: The profile's parts above its data notes (to find where they start).
        self._above_notes: list[RenderableType] = []

    def compose(self) -> ComposeResult:
        """Header, the town list, the profile pane and the footer."""
        yield TownHeader(icon="=")
        with Horizontal(id="towns-body"):
            yield SafeOptionList(id="town-list")
            with VerticalScroll(id="profile-pane"):
                yield ProfileView(id="profile")
        yield TownFooter()

    def on_mount(self) -> None:
        """Fill in from whatever the app has loaded so far."""
        self.refresh_labels()
        self.refresh_data()
        self.query_one("#town-list", OptionList).focus()
        self.watch(self.state, "current_town", self._town_opened, init=False)

    def _town_opened(self, town_id: str | None) -> None:
        if town_id is not None:
            self.select_town(town_id)

    # ------------------------------------------------------------------ hooks

    def refresh_data(self) -> None:
        """Rebuild the list (keeping the selection) and the profile.

        While a large folder loads this runs for every partial dataset, so rows already
        shown unchanged are kept and only new towns are added, and the profile is only
        drawn again when the selected town or the labels changed.
        """
        town_list = self.query_one("#town-list", OptionList)
        app = self.state
        # the row under the cursor first: app.current_town follows the cursor through a
        # message, so in a burst of keys ("space j space") it still names the town before
        wanted = self._highlighted_id() or app.current_town
        towns = app.dataset.towns
        rows = [self._row_key(t) for t in towns]
        look = (app.lang, app.ascii, town_list.size.width)
        kept = len(self._rows)
        if look == self._look and rows[:kept] == self._rows and kept <= town_list.option_count:
            town_list.add_options(self._option(t) for t in towns[kept:])
        else:
            town_list.clear_options()
            town_list.add_options(self._option(t) for t in towns)
        self._rows, self._look = rows, look
        ids = [t.id for t in towns]
        if ids:
            town_list.highlighted = ids.index(wanted) if wanted in ids else 0
        self._update_titles()
        self._show_profile()

    def _row_key(self, town: Town) -> tuple[object, ...]:
        """What a town's row shows: a row with the same key is not drawn again."""
        return (
            town.id,
            town.name,
            town.name_en,
            town.district,
            town.district_en,
            town.kind,
            town.kind_en,
            town.id in self.state.marked,
        )

    def refresh_marks(self) -> None:
        """The rows show marks, and the list title counts them."""
        self.refresh_data()

    def refresh_labels(self) -> None:
        """Redraw titles, list rows and profile in the current language and glyph set."""
        self.set_class(self.state.ascii, "-ascii")
        if self.is_mounted:
            self.refresh_data()

    def selected_text(self) -> str | None:
        """The selected town as one line of plain text."""
        town = self.selected_town()
        return town_text(town, self.state.lang) if town else None

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands about the selected town."""
        town = self.selected_town()
        if town is None:
            return []
        marked = town.id in self.state.marked
        name = one_line(town.name)
        return [
            command(
                self,
                "towns.unmark" if marked else "towns.mark",
                self.action_mark,
                "mark",
                name=name,
            ),
            command(self, "towns.notes", self.action_toggle_notes, "toggle_notes"),
            command(self, "towns.timeline", self.action_timeline, "timeline", name=name),
        ]

    # ------------------------------------------------------------------ helpers

    def _highlighted_id(self) -> str | None:
        town_list = self.query_one("#town-list", OptionList)
        index = town_list.highlighted
        if index is None or index >= town_list.option_count:
            return None
        return town_list.get_option_at_index(index).id

    def selected_town(self) -> Town | None:
        """The town under the cursor, if any."""
        town_id = self._highlighted_id()
        return self.state.dataset.town(town_id) if town_id else None

    def _option(self, town: Town) -> Option:
        app = self.state
        g = app.glyphs
        mark = g.marked if town.id in app.marked else g.unmarked
        district = app.pick(town.district, town.district_en) or ""
        kind = app.pick(town.kind, town.kind_en) or ""
        width = max(16, self.query_one("#town-list", OptionList).size.width - 4)
        name = crop(one_line(town.name), width, g.ellipsis)
        line1 = Content(f"{mark} ") + Content.styled(name, "bold")
        room = width - cell_len(name) - 2
        if district and room >= 4:
            line1 += Content(f"  {crop(one_line(district), room, g.ellipsis)}").stylize(
                "$text-muted"
            )
        other = other_name(town.name, town.name_en) or ""
        detail = f" {g.dot} ".join(p for p in (one_line(other), one_line(kind)) if p)
        line2 = Content("  " + crop(detail, width, g.ellipsis)).stylize("$text-muted")
        return Option(Content("\n").join([line1, line2]), id=town.id)

    def _update_titles(self) -> None:
        app = self.state
        town_list = self.query_one("#town-list", OptionList)
        title = self.tr("小镇", "Towns")
        count = len(app.dataset.towns)
        town_list.border_title = f"{title} ({count})" if app.loaded else title
        if app.marked:
            g = app.glyphs
            town_list.border_subtitle = self.tr(
                f"{g.marked} 已选 {len(app.marked)}", f"{g.marked} {len(app.marked)} marked"
            )
        else:
            town_list.border_subtitle = self.tr("空格 选择对比", "space: mark")
        pane = self.query_one("#profile-pane", VerticalScroll)
        pane.border_title = self.tr("概况", "Profile")

    def _show_profile(self) -> None:
        app = self.state
        profile = self.query_one("#profile", Static)
        town = self.selected_town()
        key = (town, app.lang, app.ascii, self._notes_open)
        drawn = self._profile_key
        if town is not None and len(drawn) == 4 and all(map(operator.is_, key, drawn)):
            return  # the same town object (a new one comes with every new dataset)
        self._profile_key = key if town is not None else ()
        if town is not None:
            before, notes, after = town_profile_parts(
                app.dataset, town, app.lang, app.glyphs, notes_open=self._notes_open
            )
            profile.update(Group(*before, *notes, *after))
            self._above_notes = before if notes else []
        elif not app.loaded:
            done, total = app.load_progress
            note = self.tr("正在载入数据", "Loading data") + app.glyphs.ellipsis
            profile.update(Text(f"{note} {done}/{total}" if total else note, style="dim"))
        else:
            profile.update(Text(self.tr("没有载入任何小镇。", "No towns are loaded."), style="dim"))

    # ------------------------------------------------------------------ events & actions

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the profile of the town under the cursor (in a burst of moves, at the
        first one and when the cursor settles)."""
        if event.option.id is not None:
            # follow the cursor without a jump (the watcher is for jumps from elsewhere)
            self.state.set_reactive(AppState.current_town, event.option.id)
        if self._profile_timer is not None:
            self._profile_timer.stop()
            self._profile_timer = None
        if time.monotonic() - self._profile_at >= PROFILE_SETTLE:
            self._new_profile()
        else:
            self._profile_timer = self.set_timer(PROFILE_SETTLE, self._new_profile)
        self._profile_at = time.monotonic()

    def _new_profile(self) -> None:
        self._profile_timer = None
        self._show_profile()
        self.query_one("#profile-pane", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """``enter`` on a town moves to its profile, for reading with the arrows."""
        self.query_one("#profile-pane", VerticalScroll).focus()

    def select_town(self, town_id: str) -> None:
        """Put the cursor on ``town_id`` (when it is loaded)."""
        town_list = self.query_one("#town-list", OptionList)
        ids = [t.id for t in self.state.dataset.towns]
        if town_id in ids:
            self._profile_at = 0.0  # a jump, not part of a burst: its profile at once
            town_list.highlighted = ids.index(town_id)
            town_list.focus()

    def action_mark(self) -> None:
        """Mark or unmark the selected town for comparison."""
        town = self.selected_town()
        if town is not None:
            self.state.toggle_mark(town.id)

    def action_compare(self) -> None:
        """Go to Compare with the marked towns."""
        if len(self.state.marked) < 2:
            self.notify(
                self.tr("请先用空格选择至少两个小镇。", "Mark at least two towns with space."),
                markup=False,
            )
        self.post_message(GoTo("compare"))

    def action_timeline(self) -> None:
        """Show the selected town's events on the Timeline."""
        town = self.selected_town()
        if town is not None:
            self.post_message(ShowTimeline(town=town.id))

    def action_cursor(self, direction: str) -> None:
        """``j``/``k``: move the cursor in the list, or scroll the profile."""
        focused = self.focused
        if isinstance(focused, OptionList):
            if direction == "down":
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()
        elif isinstance(focused, VerticalScroll):
            if direction == "down":
                focused.scroll_down()
            else:
                focused.scroll_up()

    def _height(self, parts: list[RenderableType]) -> int:
        """How many lines ``parts`` take in the profile at its width now."""
        width = self.query_one("#profile", Static).content_region.width
        if width <= 0:
            return 0
        console = self.app.console
        return len(console.render_lines(Group(*parts), console.options.update_width(width)))

    def action_toggle_notes(self) -> None:
        """``n``: open the data notes of the profile (and scroll to them), or fold them."""
        self._notes_open = not self._notes_open
        self._show_profile()
        y = self._height(self._above_notes) if self._notes_open and self._above_notes else 0
        if y:
            pane = self.query_one("#profile-pane", VerticalScroll)
            self.call_after_refresh(lambda: pane.scroll_to(y=y, animate=False))

    def action_focus_list(self) -> None:
        """``escape``: back to the town list."""
        self.query_one("#town-list", OptionList).focus()
