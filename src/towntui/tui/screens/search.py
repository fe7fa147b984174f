"""The Search screen: one input, results that follow every keystroke."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from functools import partial
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection
from textual.worker import get_current_worker

from towntui.core.i18n import Msg
from towntui.core.search import Hit, parse_query
from towntui.tui.keys import key
from towntui.tui.messages import GoTo, OpenEntity, OpenTown, ShowTimeline
from towntui.tui.paint_hold import PaintHold
from towntui.tui.render.profile import result_kind
from towntui.tui.screens.base import MainScreen
from towntui.tui.screens.search_parts import KeysBehind, status_text
from towntui.tui.screens.search_rows import ResultRows
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader
from towntui.tui.widgets.query_input import QueryInput
from towntui.tui.widgets.result_list import ResultList

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
        self._rows = ResultRows(self.state)
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
        towns = ", ".join(dict.fromkeys(self._rows.town_name(t) for t in hit.towns))
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

    def _row(self, hit: Hit, width: int) -> Content:
        """A result's two lines, ``width`` cells wide at most (made when first drawn)."""
        return self._rows.row(hit, width)

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
