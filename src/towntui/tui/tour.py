"""The guided tour in the app: stops driven through the app's own messages and state.

:class:`TourApp` is a base of the app. It runs a :class:`~towntui.core.tour.Tour`: each
stop closes what is open over the screen, then does the stop's actions with the
messages of :mod:`towntui.tui.messages` (``OpenTown``, ``ShowTimeline``, ``OpenEntity``,
``GoTo``), the state (``marked``, ``search_from``) and keys typed one by one, exactly as
a user would get there. What the caption box shows is the reactive :attr:`tour_view`,
which :class:`~towntui.tui.widgets.tour_caption.TourCaption` watches on every screen.

The presenter's keys have priority while a tour runs and are the keys' usual ones when
none does: ``space``/``→`` next stop, ``←`` back, ``p`` pause or resume advancing by
itself, ``escape`` leaves the tour where it is (the app stays usable from there).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.timer import Timer

from towntui.core.frozen import frozen
from towntui.core.i18n import plural
from towntui.tui.keys import key
from towntui.tui.messages import GoTo, OpenEntity, OpenTown, ShowTimeline
from towntui.tui.state import AppState, TourView

if TYPE_CHECKING:  # the tours' code is read when a tour starts, not with the app
    from towntui.core.tour import Action, Stop, Tour

#: Seconds a stop stays when the tour advances by itself and neither ``--auto SECONDS``
#: nor the stop's ``dwell`` says.
DEFAULT_DWELL = 8.0

#: Seconds between the letters of a search and the keys of a stop (a person typing).
TYPING_DELAY = 0.25

#: The longest a stop waits for the data to load or a screen to appear, in seconds.
WAIT_LIMIT = 30.0

#: The character of each one-character key whose name is not the character.
_KEY_NAMES = {" ": "space", "/": "slash", "-": "minus", ".": "full_stop", ":": "colon"}


@frozen
class TourPlan:
    """A tour to run at start: the ``tour``, ``auto`` (advance by itself: None no,
    0 each stop's own dwell, else seconds per stop) and ``loop`` (start over at the end)."""

    tour: Tour
    auto: float | None = None
    loop: bool = False


#: The actions that bring their own screen (the others happen over the stop's screen).
_MOVES = frozenset({"town", "timeline", "event", "search", "compare"})


class TourApp(AppState):
    """The tour part of the app: the presenter's keys, the stops and the caption state."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("space,right", "tour_next", "tour.next", show=False, priority=True),
        key("left", "tour_back", "tour.back", show=False, priority=True),
        key("p", "tour_pause", "tour.pause", show=False, priority=True),
        key("escape", "tour_leave", "tour.leave", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.dirs: list[Path] | None = None
        """The data folders (None: the default ones); their ``tours/`` hold the tours."""
        self.tour_plan: TourPlan | None = None
        """The tour to start once the app is shown (``towntui tour``)."""
        self.tour_typing_delay = TYPING_DELAY
        """Seconds between typed letters (tests set 0)."""
        self._tour: Tour | None = None
        self._tour_index = 0
        self._tour_auto: float | None = None
        self._tour_paused = False
        self._tour_loop = False
        self._tour_timer: Timer | None = None
        self.tour_busy = False
        """True while a stop is being shown (its actions not all done yet)."""
        self._tour_depth = 1

    def on_mount(self) -> None:
        """Start the tour of ``towntui tour`` (it waits for the data)."""
        if self.tour_plan is not None:
            plan = self.tour_plan
            self.start_tour(plan.tour, auto=plan.auto, loop=plan.loop)

    def on_unmount(self) -> None:
        """Quitting mid-tour: no stop may post to an app that is gone."""
        self._tour = None
        self._cancel_stop()

    # ------------------------------------------------------------------ control

    @property
    def touring(self) -> bool:
        """Whether a tour runs."""
        return self._tour is not None

    def start_tour(self, tour: Tour, *, auto: float | None = None, loop: bool = False) -> None:
        """Run ``tour`` from its first stop; ``auto`` and ``loop`` as in :class:`TourPlan`."""
        self._tour, self._tour_auto, self._tour_loop = tour, auto, loop
        self._tour_paused = False
        self._show_stop(0)

    def start_default_tour(self) -> None:
        """The palette's ``tour: start``: the bundled tour (or the first one found)."""
        from towntui.core.tour import DEFAULT_TOUR, load_tours

        tours = load_tours(self.dirs, self.dataset if self.loaded else None)
        tour = tours.tours.get(DEFAULT_TOUR) or next(iter(tours.tours.values()), None)
        if tours.problems:
            n, first = len(tours.problems), tours.problems[0]
            self.notify(
                self.tr(
                    f"导览文件有 {n} 个问题，第一个：{first.format('zh')}",
                    f"{plural(n, 'problem')} in tour files; first: {first.format('en')}",
                ),
                severity="warning",
                timeout=8,
            )
        if tour is None:
            self.notify(self.tr("没有可用的导览", "No tour to start"), severity="warning")
            return
        self.start_tour(tour)

    action_start_tour = start_default_tour

    def stop_tour(self) -> None:
        """Leave the tour where it is: the app stays on the stop's screen, usable."""
        self._cancel_stop()
        self._tour = None
        self.tour_view = None

    def action_tour_next(self) -> None:
        """``space`` / ``→``: the next stop (after the last, the first with ``--loop``,
        else the tour ends)."""
        tour = self._tour_running()
        if self._tour_index + 1 < len(tour.stops):
            self._show_stop(self._tour_index + 1)
        elif self._tour_loop:
            self._show_stop(0)
        else:
            self.stop_tour()
            self.notify(self.tr("导览结束", "End of the tour"), timeout=4)

    def action_tour_back(self) -> None:
        """``←``: the previous stop, shown again from its start."""
        self._tour_running()
        self._show_stop(max(0, self._tour_index - 1))

    def action_tour_pause(self) -> None:
        """``p``: pause advancing by itself, or resume it (from a manual start too)."""
        self._tour_running()
        if self._tour_auto is None:
            self._tour_auto, self._tour_paused = 0.0, False
        else:
            self._tour_paused = not self._tour_paused
        self._update_view()
        self._schedule_next()

    def action_tour_leave(self) -> None:
        """``escape``: leave the tour; the app stays where the tour left it."""
        self._tour_running()
        self.stop_tour()
        self.notify(self.tr("已离开导览", "Tour left: the app is yours"), timeout=4)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The presenter's keys exist only while a tour runs: otherwise they are neither
        listed (footer, ``?``) nor run, and the key does what it does elsewhere."""
        if action.startswith("tour_") and (self._tour is None or self._over_stop()):
            return False
        return super().check_action(action, parameters)

    def _over_stop(self) -> bool:
        """Whether the user opened something over what the stop shows (``?``, the
        palette, a picker): its keys are its own until it closes."""
        return not self.tour_busy and len(self.screen_stack) > self._tour_depth

    def _tour_running(self) -> Tour:
        """The tour running; without one the key does what it does elsewhere."""
        if self._tour is None:
            raise SkipAction
        return self._tour

    # ------------------------------------------------------------------ stops

    @property
    def _auto_on(self) -> bool:
        return self._tour_auto is not None and not self._tour_paused

    def _update_view(self) -> None:
        tour = self._tour
        if tour is None:
            return
        stop = tour.stops[self._tour_index]
        self.tour_view = TourView(
            self._tour_index,
            len(tour.stops),
            stop.caption_zh,
            stop.caption_en,
            self._auto_on,
            tour.title,
            tour.title_en,
        )

    def _cancel_stop(self) -> None:
        if self._tour_timer is not None:
            self._tour_timer.stop()
            self._tour_timer = None
        self.workers.cancel_group(self, "tour")
        self.tour_busy = False

    def _show_stop(self, index: int) -> None:
        """Show stop ``index``: its caption now, its actions in a worker."""
        self._cancel_stop()
        self._tour_index = index
        self._update_view()
        tour = self._tour
        assert tour is not None
        stop = tour.stops[index]
        self.tour_busy = True

        async def run() -> None:
            await self._drive(stop)
            self._tour_depth = len(self.screen_stack)
            self.tour_busy = False
            self._schedule_next()

        self.run_worker(run, group="tour", exclusive=True)  # type: ignore[arg-type]

    def _schedule_next(self) -> None:
        """Advance by itself after the stop's dwell, when the tour does."""
        if self._tour_timer is not None:
            self._tour_timer.stop()
            self._tour_timer = None
        tour = self._tour
        if tour is None or not self._auto_on or self.tour_busy:
            return
        stop = tour.stops[self._tour_index]
        dwell = self._tour_auto or stop.dwell or DEFAULT_DWELL
        self._tour_timer = self.set_timer(dwell, self._auto_next)

    def _auto_next(self) -> None:
        if self._tour is not None and self._auto_on and self._running:
            self.action_tour_next()

    async def _drive(self, stop: Stop) -> None:
        """Bring the app to ``stop``: nothing open over the screen, then its actions."""
        await self._until(lambda: self.loaded)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if not any(a.kind in _MOVES for a in stop.actions):
            await self._go(stop.screen)
        for action in stop.actions:
            if not self._running or self._tour is None:  # quitting, or the tour left
                return
            await self._act(action)

    async def _go(self, mode: str) -> None:
        """Switch to the main screen ``mode`` (a ``GoTo`` message) and wait for it."""
        if self.current_mode != mode:
            self.post_message(GoTo(mode))
            await self._until(lambda: self.current_mode == mode)

    async def _act(self, action: Action) -> None:
        """Do one action as a user would, and wait until the app shows it."""
        kind, value = action.kind, action.value
        depth = len(self.screen_stack)
        if kind == "town":
            self.post_message(OpenTown(str(value)))
            await self._until(lambda: self.current_mode == "towns")
        elif kind == "timeline":
            self.post_message(ShowTimeline(town=str(value)))
            await self._until(lambda: self.current_mode == "timeline")
        elif kind == "event":
            self.post_message(ShowTimeline(event=str(value)))
            await self._until(lambda: len(self.screen_stack) > 1)
        elif kind == "entity":
            self.post_message(OpenEntity(str(value)))
            await self._until(lambda: len(self.screen_stack) > depth)
        elif kind == "compare":
            self.marked = list(value)
            await self._go("compare")
        elif kind == "search":
            if self.current_mode != "search":
                self.search_from = self.current_mode
            await self._go("search")
            self.search_from = self.search_from  # selects the query: typing replaces it
            await self._type([_KEY_NAMES.get(ch, ch) for ch in str(value)], str(value))
        else:
            await self._type(list(value))

    async def _type(self, keys: list[str], text: str | None = None) -> None:
        """Press ``keys`` one by one (``text``: their characters, for a search)."""
        for i, name in enumerate(keys):
            char = text[i] if text is not None else (name if len(name) == 1 else None)
            self.post_message(events.Key(name, char))
            await asyncio.sleep(self.tour_typing_delay)

    async def _until(self, condition: Callable[[], bool]) -> None:
        """Wait (at most :data:`WAIT_LIMIT` seconds) until ``condition()`` holds."""
        loop = asyncio.get_running_loop()
        end = loop.time() + WAIT_LIMIT
        while not condition() and loop.time() < end:
            await asyncio.sleep(0.02)
