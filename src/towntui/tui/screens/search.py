"""The Search screen: one input, results that follow every keystroke."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from functools import partial
from itertools import chain
from typing import ClassVar

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.worker import get_current_worker

from towntui.core.i18n import Msg
from towntui.core.model import Event, same_name
from towntui.core.qualitative import Ranking
from towntui.core.search import Hit, parse_query
from towntui.core.textsafe import one_line
from towntui.tui.keys import key
from towntui.tui.messages import GoTo, OpenEntity, OpenTown, ShowTimeline
from towntui.tui.paint_hold import PaintHold
from towntui.tui.render.aims import aim_about, find_aim
from towntui.tui.render.highlight import highlighted
from towntui.tui.render.labels import category_label, crop, from_match
from towntui.tui.render.profile import result_kind
from towntui.tui.screens.base import MainScreen
from towntui.tui.screens.search_parts import KeysBehind, status_text
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader
from towntui.tui.widgets.query_input import QueryInput
from towntui.tui.widgets.result_list import ResultList

#: How the characters that matched the query are drawn.
MATCH_STYLE = "bold $accent underline"

#: How many results a query shows at most.
RESULT_LIMIT = 50

#: How long a key typed waits for its results before it is painted alone (seconds):
#: one frame with both comes sooner than the key's frame and then the results' one.
HOLD = 0.025

#: How long typing must pause before the results are counted (seconds).
COUNT_AFTER = 0.15


def _place(hits: list[Hit], hit: Hit | None) -> int:
    """Where ``hit`` (a result of the same query) is among ``hits``; 0 if it is not."""
    if hit is not None:
        key = (hit.kind, hit.id, hit.label)
        for i, h in enumerate(hits):
            if (h.kind, h.id, h.label) == key:
                return i
    return 0


def _row_key(hit: Hit) -> Hashable:
    """What a result's row shows depends on (with the data and the language)."""
    shown = (hit.label, hit.positions, hit.name, hit.towns, hit.entity_kind, hit.context)
    return (hit.kind, hit.id, *shown)


class SearchScreen(MainScreen):
    """Search (key 2 or ``/``): towns, entities and events by name, pinyin or English."""

    CSS_PATH = "search.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("enter", "open", "search.open"),
        key("escape", "back", "search.back"),
        key("t", "town", "search.town"),
        key("down", "move('down')", "search.next", show=False),
        key("up", "move('up')", "search.previous", show=False),
        key("j", "cursor('down')", "search.down", show=False),
        key("k", "cursor('up')", "search.up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self._query = ""
        #: What a result opened before the data was in will show, once it is.
        self._waiting: tuple[Message, str] | None = None
        #: Keys that came before their query's results, run once those are shown.
        self._behind = KeysBehind()
        self._shown_query = ""
        self._hold = PaintHold(self, HOLD)

    def compose(self) -> ComposeResult:
        """Header, the query input, a status line, the results and the footer."""
        yield TownHeader(icon="=")
        yield QueryInput(id="query", select_on_focus=False)
        yield Static(id="search-status")
        yield ResultList(id="results")
        yield TownFooter()

    def on_mount(self) -> None:
        """Focus the input and show the hint (or the results of a kept query)."""
        self.refresh_labels()
        self.focus_input()
        self.watch(self.state, "search_from", self._opened, init=False)
        # the saved index can come before the data: search works at once
        self.watch(self.state, "search_index", self.refresh_data, init=False)

    def _opened(self) -> None:
        """Search was opened from another screen: select the last query, so that what
        is typed next replaces it (keys that arrive before the input has the focus
        too), and give the input the focus once the screen is shown."""
        self.select_query()
        self.app.call_after_refresh(self.focus_input)

    def focus_input(self) -> None:
        """Put the cursor in the query input."""
        self.query_one("#query", Input).focus()

    def select_query(self) -> None:
        """Select the whole query: what is typed next replaces it."""
        if self.is_mounted:
            query = self.query_one("#query", Input)
            query.selection = Selection(0, len(query.value))

    # ------------------------------------------------------------------ hooks

    def refresh_data(self) -> None:
        """Re-run the current query against the new dataset (or index); open what was
        asked for before the data was in, once it is."""
        waiting = self._waiting
        if waiting is not None and self.state.loaded:
            self._waiting = None
            if self.is_current:  # (not if the user went elsewhere meanwhile)
                self.post_message(waiting[0])
        self.query_one("#results", ResultList).forget_rows()  # names may have changed
        self.run_search(self._query)

    def refresh_labels(self) -> None:
        """Placeholder, titles and result rows in the current language."""
        self.set_class(self.state.ascii, "-ascii")
        query = self.query_one("#query", Input)
        query.placeholder = self.tr(
            "搜索：名称、拼音（yq、yunqi）、英文；kind:company town:云栖",
            "Search: name, pinyin (yq, yunqi), English; kind:company town:yunqi",
        )
        results = self.query_one("#results", ResultList)
        results.border_title = self.tr("结果", "Results")
        results.forget_rows()
        self.run_search(self._query)

    def selected_text(self) -> str | None:
        """The selected result: its label, kind and town."""
        hit = self.selected_hit()
        if hit is None:
            return None
        towns = ", ".join(dict.fromkeys(self._town_name(t) for t in hit.towns))
        parts = [hit.label, f"({result_kind('en', hit.kind, hit.entity_kind)})"]
        if towns:
            parts.append(f"— {towns}")
        return " ".join(parts)

    # ------------------------------------------------------------------ searching

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._waiting = None  # a new query: what was asked for before is dropped
        self._hold.limit = HOLD
        self._hold.hold()  # the key is painted with its results (released by _show)
        self.run_search(event.value)

    def on_screen_suspend(self) -> None:
        """Another screen shows: nothing of this one holds the paint."""
        self._hold.release()

    def on_unmount(self) -> None:
        """Gone: nothing of this screen holds the paint."""
        self._hold.release()

    def run_search(self, query: str) -> None:
        """Start a search; a newer one cancels the one still running."""
        app = self.state
        if not query.strip():
            self._show([], query, 0)
            return
        if app.search_index is None:
            self._show([], query, 0, parse_query(query).problems)
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        index = self.state.search_index
        if index is None:
            return
        hits = index.search(query, limit=RESULT_LIMIT)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        full = len(hits) >= RESULT_LIMIT
        total = None if full else len(hits)
        painted = threading.Event()
        self.app.call_from_thread(self._show, hits, query, total, hits.problems, painted.set)
        if full:  # then how many there are in all: a second pass, once the results are
            # painted and typing pauses (not competing with the next key's search and
            # frame), given up as soon as the next key cancels this worker
            painted.wait(0.5)
            pause = time.monotonic() + COUNT_AFTER
            while time.monotonic() < pause:
                if worker.is_cancelled:
                    return
                time.sleep(0.01)
            total = index.count(query, stop=lambda: worker.is_cancelled)
            if total is not None and not worker.is_cancelled:
                self.app.call_from_thread(self._show_status, query, total, hits.problems)

    def _town_name(self, town_id: str) -> str:
        town = self.state.dataset.town(town_id)
        if town is None:
            return one_line(town_id)
        return one_line(self.state.pick(town.name, town.name_en))

    def _about(self, hit: Hit) -> str:
        """The second line after the towns: role, date and category, or district and kind.

        Read from the record itself in the label language (the core's one-line
        ``context``, meant for the CLI, repeats the town and names kinds in English).
        """
        app = self.state
        en = app.lang == "en"
        ds = app.dataset
        dot = f" {app.glyphs.dot} "
        if hit.kind == "entity":
            e = ds.entities.get(hit.id)
            if e is not None:
                return one_line(app.pick(e.role, e.role_en) or "")
        elif hit.kind == "town":
            t = ds.town(hit.id)
            if t is not None:
                district = app.pick(t.district, t.district_en)
                kind = app.pick(t.kind, t.kind_en)
                other = t.name if en else t.name_en
                parts = (None if same_name(other, t.name) else other, district, kind)
                return one_line(dot.join(p for p in parts if p))
        elif hit.kind == "event":
            ev = self._event(hit)
            if ev is not None:
                category = category_label(ev.category, app.lang)
                return one_line(f"{ev.date}{dot}{category}")
        else:
            return one_line(aim_about(ds, hit, app.lang, app.glyphs))
        return one_line(hit.context)

    def _event_title(self, hit: Hit) -> str:
        """An event's title in the label language (its record's ``name`` is the Chinese)."""
        ev = self._event(hit)
        return hit.name if ev is None else self.state.pick(ev.title, ev.title_en)

    def _event(self, hit: Hit) -> Event | None:
        """The event ``hit`` is about, looked for among its towns' events (a few dozen
        each; a map of every event, made on the first event hit, took ~30 ms at 100k:
        a stall on a keystroke), then among all (event ids are unique)."""
        ds = self.state.dataset
        towns = chain((t for t in map(ds.town, hit.towns) if t is not None), ds.towns)
        return next((e for t in towns for e in t.events if e.id == hit.id), None)

    def _english(self, hit: Hit) -> str:
        """The English form of the record ``hit`` is about (a town's or an entity's name,
        an event's title, a goal's or slogan's text, what a ranking ranks), or ``""``."""
        ds = self.state.dataset
        if hit.kind == "entity":
            e = ds.entities.get(hit.id)
            return e.name_en or "" if e is not None else ""
        if hit.kind == "event":
            ev = self._event(hit)
            return ev.title_en or "" if ev is not None else ""
        if hit.kind == "town":
            t = ds.town(hit.id)
            return t.name_en or "" if t is not None else ""
        r = find_aim(ds, hit)
        if r is None:
            return ""
        return r.ranking_en if isinstance(r, Ranking) else r.text_en

    def _lead(self, hit: Hit) -> tuple[str, list[int], str, list[int]]:
        """What a result's first line leads with and the name beside it, each with the
        positions to highlight. In English a record found by its Chinese name or text (or
        by a filter) leads with its English form, the Chinese beside it as written."""
        label = one_line(hit.label)
        name = self._event_title(hit) if hit.kind == "event" else hit.name
        if self.state.lang == "en" and same_name(label, hit.name):
            english = one_line(self._english(hit))
            if english and not same_name(english, label):
                return english, [], label, list(hit.positions)
        return label, list(hit.positions), name, []

    def _row(self, hit: Hit, width: int) -> Content:
        """A result's two lines, ``width`` cells wide at most (made when first drawn)."""
        g = self.state.glyphs
        kind_part = f"  {result_kind(self.state.lang, hit.kind, hit.entity_kind)}"
        label, positions, name, name_positions = self._lead(hit)
        shown_name = name and not same_name(name, label)
        prefix = f"  {g.dot} "
        name_part = f"{prefix}{one_line(name)}" if shown_name else ""
        # one line: the matched text gets what the name and kind leave (a long English
        # role that matched is cropped, never wrapped into the next result)
        room = max(8, width - cell_len(kind_part) - min(cell_len(name_part), width // 3))
        label, matched = from_match(label, positions, room, g.ellipsis)
        shown = crop(label, room, g.ellipsis)
        kept = len(shown) if shown == label else len(shown) - len(g.ellipsis)
        line1 = highlighted(shown, [p for p in matched if p < kept], style=MATCH_STYLE)
        if name_part:
            rest = max(4, width - cell_len(shown) - cell_len(kind_part))
            beside = crop(name_part, rest, g.ellipsis)
            marks = [p + len(prefix) for p in name_positions]
            line1 += highlighted(beside, [p for p in marks if p < len(beside)], style=MATCH_STYLE)
        line1 += Content.styled(kind_part, "$text-muted")
        towns = ""
        if hit.kind != "town":  # a town's own name is already the first line
            towns = ", ".join(dict.fromkeys(self._town_name(t) for t in hit.towns))
        detail = f" {g.dot} ".join(p for p in (towns, self._about(hit)) if p)
        line2 = Content("  " + crop(detail, width, g.ellipsis)).stylize("$text-muted")
        return Content("\n").join([line1, line2])

    def _show(
        self,
        hits: list[Hit],
        query: str,
        total: int | None,
        problems: tuple[Msg, ...] = (),
        painted: Callable[[], object] | None = None,
    ) -> None:
        """Show a query's results (``painted`` is called once they are on screen)."""
        if query != self._query:
            if painted is not None:
                painted()
            return  # a stale result: the user has typed on
        # the same query again (more data came in while loading): the cursor stays on
        # the result it was on, wherever that is now
        kept = self.selected_hit() if query == self._shown_query else None
        self._shown_query = query
        self.hits = list(hits)
        results = self.query_one("#results", ResultList)
        results.show_rows((_row_key(h), partial(self._row, h)) for h in self.hits)
        if self.hits:
            results.highlighted = _place(self.hits, kept)
        self._show_status(query, total, problems)
        self._hold.release()  # the key and its results, in one frame
        if painted is not None:
            self.call_after_refresh(painted)
        for name in self._behind.take(query):  # keys that came before these results
            if name == "open":
                self.action_open()
            else:
                self.action_move(name)

    def _typed(self) -> str:
        """The query as typed so far (ahead of the change messages still queued)."""
        return self.query_one("#query", Input).value

    def _results_pending(self) -> bool:
        """Whether the results of the query as typed are not shown yet."""
        typed = self._typed()
        return bool(typed.strip()) and self._shown_query != typed

    def _show_status(self, query: str, total: int | None, problems: tuple[Msg, ...] = ()) -> None:
        """The status line: how many results (``50 of 102``; ``50+`` while counting)."""
        if query != self._query:
            return
        # one line high whatever it says: no new layout of the screen per keystroke
        status = self.query_one("#search-status", Static)
        waiting = None if self._waiting is None else self._waiting[1]
        text = status_text(self.state, query, len(self.hits), total, problems, waiting)
        status.update(Content(text), layout=False)

    # ------------------------------------------------------------------ actions

    def selected_hit(self) -> Hit | None:
        """The result under the cursor (the first one while typing)."""
        results = self.query_one("#results", OptionList)
        index = results.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    def open_hit(self, hit: Hit) -> None:
        """Open a result: a town's profile, an entity's detail, an event on the timeline;
        a goal, ranking, slogan or programme opens its town's profile, which lists it."""
        if hit.kind == "town":
            self._open(OpenTown(hit.id), hit)
        elif hit.kind == "entity":
            self._open(OpenEntity(hit.id), hit)
        elif hit.kind == "event":
            self._open(ShowTimeline(event=hit.id), hit)
        elif hit.towns:
            self._open(OpenTown(hit.towns[0]), hit)

    def _open(self, message: Message, hit: Hit) -> None:
        """Post ``message`` (open ``hit``), or, while the data is still loading (search
        runs on the saved index before it), post it once the data is in."""
        if self.state.loaded:
            self.post_message(message)
        else:
            self._waiting = (message, hit.label)
            self._show_status(self._query, None)

    def action_open(self) -> None:
        """``enter``: open the selected result (once the query's results are shown, if
        it came before them)."""
        if self._results_pending():
            self._behind.keep(self._typed(), "open")
            return
        hit = self.selected_hit()
        if hit is not None:
            self.open_hit(hit)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_open()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.hits):
            self.open_hit(self.hits[event.option_index])

    def action_town(self) -> None:
        """``t``: open the selected result's (first) town."""
        if self.focused is None:
            self.type_ahead("t")
            return
        hit = self.selected_hit()
        if hit is None:
            return
        if hit.kind == "town":
            self._open(OpenTown(hit.id), hit)
        elif hit.towns:
            self._open(OpenTown(hit.towns[0]), hit)

    def action_back(self) -> None:
        """``escape``: from the results back to the input; in the input, clear it."""
        query = self.query_one("#query", Input)
        if query.has_focus:
            if query.value:
                query.value = ""
            else:  # back to the screen Search was opened from
                self.post_message(GoTo(self.state.search_from))
        else:
            query.focus()

    def action_move(self, direction: str) -> None:
        """``↓``/``↑`` while typing move the result cursor (once the query's results are
        shown, if it came before them); the input keeps the focus."""
        if self._results_pending():
            self._behind.keep(self._typed(), direction)
            return
        results = self.query_one("#results", OptionList)
        if direction == "down":
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_cursor(self, direction: str) -> None:
        """``j``/``k`` in the results (typed into the query while nothing has focus)."""
        results = self.query_one("#results", OptionList)
        if results.has_focus:
            if direction == "down":
                results.action_cursor_down()
            else:
                results.action_cursor_up()
        elif self.focused is None:
            self.type_ahead("j" if direction == "down" else "k")

    def type_ahead(self, text: str) -> None:
        """Put ``text`` into the query and focus it.

        Keys typed right after ``/`` can arrive before the input has taken the focus
        (the screen is still being shown); they belong to the query, not to the
        screen's one-letter keys.
        """
        query = self.query_one("#query", Input)
        query.focus()
        if query.selection.is_empty:
            query.insert_text_at_cursor(text)
        else:  # the last query, selected when Search was opened: typing replaces it
            query.replace(text, *query.selection)

    def on_key(self, event: events.Key) -> None:
        """A printable key that reached the screen itself (nothing focused yet) is typing."""
        if event.is_printable and event.character and self.focused is None:
            event.stop()
            event.prevent_default()
            self.type_ahead(event.character)
