"""The base of every main screen (towns, search, timeline, compare) and the entity screen.

A :class:`MainScreen` reaches the app through one typed property, :attr:`MainScreen.state`
(the :class:`~towntui.tui.state.AppState` every app of towntui derives from), and
watches the state it shows. Subclasses override the hooks they need:

* :meth:`MainScreen.refresh_data` when the dataset changes (a load step, a reload);
* :meth:`MainScreen.refresh_marks` when the marked towns change (only screens that show
  marks re-render);
* :meth:`MainScreen.refresh_labels` when the language or ASCII mode changes;
* :meth:`MainScreen.selected_text` for ``y`` (copy);
* :meth:`MainScreen.palette_commands` when the command palette opens on the screen.

Screens must render while ``state.dataset`` is still the empty ``Dataset()`` (loading)
and fill in when ``refresh_data`` is called after the load; a screen created after the
load builds itself from ``state.dataset`` when it mounts. To go somewhere else, a screen
posts a message of :mod:`towntui.tui.messages`; the app handles it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from textual.screen import Screen

from towntui.core.frozen import frozen
from towntui.tui.messages import CopyText
from towntui.tui.state import AppState
from towntui.tui.widgets.tour_caption import TourCaption


@frozen
class PaletteCommand:
    """A command a screen offers in the palette: ``"compare: add town"``."""

    name: str
    """Shown in the palette, named ``"area: action"``."""
    help: str
    """One line explaining what the command does."""
    callback: Callable[[], object]
    """Called when the command is chosen."""


class MainScreen(Screen[None]):
    """A screen of the explorer that shows the app's state and re-renders when it changes."""

    @property
    def state(self) -> AppState:
        """The running app's shared state, typed."""
        return cast(AppState, self.app)

    def tr(self, zh: str, en: str) -> str:
        """The interface text in the current language (``state.lang``)."""
        return self.state.tr(zh, en)

    def _compositor_refresh(self) -> None:
        """Compose a frame, except while the app starts: Textual mounts the first screen
        in a batch, which shows no frame, and a frame composed then (the screen laid
        out with no towns yet) was thrown away unshown; it is composed once the batch
        ends, with the towns."""
        app = self.app
        if app._batch_count and not app._is_mounted and self is app.screen:
            self._repaint_required = True
            return
        super()._compositor_refresh()

    def _on_mount(self, event: Any) -> None:
        """Watch the state this screen shows (after the subclass's ``on_mount`` drew it),
        and the tour: its caption box is added when a tour runs here."""
        state = self.state
        self.watch(state, "tour_view", self._tour_changed)
        self.watch(state, "dataset", self._dataset_changed, init=False)
        self.watch(state, "marked", self._marks_changed, init=False)
        self.watch(state, "lang", self._labels_changed, init=False)
        self.watch(state, "ascii", self._labels_changed, init=False)

    def _tour_changed(self, view: object) -> None:
        """A tour shows on this screen: its caption box, made once (it hides itself)."""
        if view is not None and not self.query(TourCaption):
            self.mount(TourCaption())

    def _dataset_changed(self) -> None:
        self.refresh_data()

    def _marks_changed(self) -> None:
        self.refresh_marks()

    def _labels_changed(self) -> None:
        self.refresh_labels()

    def refresh_data(self) -> None:
        """Rebuild from ``state.dataset`` (and ``state.marked``). The default does nothing."""

    def refresh_marks(self) -> None:
        """Redraw what shows the marked towns (``state.marked``). The default does nothing."""

    def refresh_labels(self) -> None:
        """Redraw after the language (``state.lang``) or ``state.ascii`` changed. The
        default does nothing."""

    def selected_text(self) -> str | None:
        """Plain text describing the selected item, for ``y`` (copy); ``None`` if none."""
        return None

    def action_copy(self) -> None:
        """``y`` (the app's binding runs it on the current screen): copy the selected
        item, or say that nothing is selected."""
        text = self.selected_text()
        if text:
            self.post_message(CopyText(text))
        else:
            self.notify(self.tr("没有选中的内容", "Nothing selected to copy"), markup=False)

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Extra ``"area: action"`` commands this screen offers in the palette."""
        return ()
