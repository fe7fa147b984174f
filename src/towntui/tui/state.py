"""The app's shared state, which screens, dialogs and widgets watch.

:class:`AppState` is the base of the running app. It holds what every screen reads as
reactive attributes; a screen watches the ones it shows (``self.watch(self.app,
"marked", ...)``, done for every main screen by
:class:`~towntui.tui.screens.base.MainScreen`) and re-renders when they change. Nothing
loops over screens to refresh them. Screens reach the app through one typed property
(``MainScreen.state``), so they import this module, never ``tui/app.py``.

State changes go through the methods here (``toggle_mark``, ``clear_marks``); where to
go next is asked for with the messages of :mod:`towntui.tui.messages`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.app import App
from textual.reactive import var
from textual.widget import AwaitMount

from towntui.core.frozen import frozen
from towntui.core.i18n import pick, said
from towntui.core.model import Dataset
from towntui.tui.messages import OpenEntity, OpenTown, ShowTimeline, TimelineFocus
from towntui.tui.render.glyphs import Glyphs, glyphs

if TYPE_CHECKING:
    from textual.widget import Widget

    from towntui.core.search import SearchIndex
    from towntui.tui.loading import IndexReady

T = TypeVar("T")


@frozen
class TourView:
    """What the tour's caption box shows: stop ``index`` of ``total``, its captions,
    whether the tour advances by itself (``auto``) and the tour's titles."""

    index: int
    total: int
    caption_zh: str
    caption_en: str
    auto: bool
    title: str = ""
    title_en: str = ""


class AppState(App[None]):
    """The state shared by every screen, as reactive attributes of the app."""

    def switch_mode(self, mode: str) -> AwaitMount:
        """Textual's, except while the app closes: its screens are gone then, and a
        message handled late (a tour's stop, a result opened) switches nothing."""
        if not self._running:
            return AwaitMount(cast("Widget", self), [])
        return super().switch_mode(mode)

    dataset: var[Dataset] = var(Dataset, always_update=True)
    """The towns, entities and events loaded so far (a new object with every load step;
    never compared, a change is always a new dataset)."""
    marked: var[list[str]] = var(list)
    """Town ids marked for comparison, in the order they were marked (assign a new list)."""
    lang: var[str] = var("zh")
    """The interface language: ``"zh"`` or ``"en"``."""
    ascii: var[bool] = var(False)
    """Draw with ASCII only (``--ascii``)."""
    current_town: var[str | None] = var(None, always_update=True)
    """The town the Towns screen shows; set to open a town (the screen follows it)."""
    timeline_focus: var[TimelineFocus | None] = var(None, always_update=True)
    """What the Timeline was last asked to show (it follows each new request)."""
    search_from: var[str] = var("towns", always_update=True)
    """The main screen Search was last opened from (escape goes back to it); set each
    time Search is opened, which selects its last query so typing replaces it."""
    search_index: var[SearchIndex | None] = var(None)
    """The search index: the saved one as soon as it is read (before the data is in;
    ``loaded`` is False then), else once the whole dataset is indexed."""
    tour_view: var[TourView | None] = var(None)
    """The stop a guided tour shows now (its caption box follows it), None without one."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False
        """True once the whole dataset is in and indexed."""
        self.load_progress: tuple[int, int] = (0, 0)
        """Files read and files to read, while loading."""
        self.theme_names: list[str] = []
        """The themes offered (bundled and the user's that apply cleanly)."""

    @property
    def glyphs(self) -> Glyphs:
        """The drawing characters for the current ``ascii`` mode."""
        return glyphs(self.ascii)

    def tr(self, zh: str, en: str) -> str:
        """The interface text in the current language (it keeps both forms: a toast of
        it is said again when the language changes)."""
        return said(self.lang, zh, en)

    def pick(self, zh: T, en: T | None) -> T:
        """A data field in the current language: ``en`` in English when it is given."""
        return pick(self.lang, zh, en)

    def toggle_mark(self, town_id: str) -> None:
        """Mark a town for comparison, or unmark it."""
        if town_id in self.marked:
            self.marked = [t for t in self.marked if t != town_id]
        else:
            self.marked = [*self.marked, town_id]

    def clear_marks(self) -> None:
        """Unmark every town."""
        self.marked = []

    action_clear_marks = clear_marks  # (the palette's "towns: clear marks")

    def on_index_ready(self, message: IndexReady) -> None:
        """The saved search index, read before the data: Search works while the towns
        load (``loaded`` stays False until the data is in)."""
        if not self.loaded:
            self.search_index = message.index

    def open_town(self, town_id: str) -> None:
        """Open a town's profile (for the palette and scripts: posts :class:`OpenTown`)."""
        self.post_message(OpenTown(town_id))

    def open_entity(self, entity_id: str) -> None:
        """Open an entity's detail (posts :class:`OpenEntity`)."""
        self.post_message(OpenEntity(entity_id))

    def show_timeline(
        self, *, town: str | None = None, entity: str | None = None, event: str | None = None
    ) -> None:
        """Show the Timeline of a town or an entity, or one event (posts
        :class:`ShowTimeline`)."""
        self.post_message(ShowTimeline(town=town, entity=entity, event=event))
