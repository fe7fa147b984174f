"""The base class every main screen of the app derives from.

The app calls these hooks on every screen it knows:

* :meth:`TownScreen.refresh_data` when the dataset or the marked towns change;
* :meth:`TownScreen.refresh_labels` when the label language or ascii mode changes;
* :meth:`TownScreen.selected_text` when the user presses ``y`` (copy);
* :meth:`TownScreen.palette_commands` when the command palette opens on the screen.

Screens must render when ``app.dataset`` is still the empty ``Dataset()`` (a loading
state) and fill in when ``refresh_data`` is called after the load. A screen that is
created after the load should build itself from ``app.dataset`` when it mounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from towntui.tui.app import TownApp


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """A command a screen offers in the palette: ``"compare: add town"``."""

    name: str
    """Shown in the palette, named ``"area: action"``."""
    help: str
    """One line explaining what the command does."""
    callback: Callable[[], object]
    """Called when the command is chosen."""


class TownScreen(Screen[None]):
    """A main screen of the explorer (towns, search, timeline, compare)."""

    @property
    def town_app(self) -> TownApp:
        """The running :class:`~towntui.tui.app.TownApp`, typed."""
        return cast("TownApp", self.app)

    def label(self, zh: str, en: str) -> str:
        """The interface label in the current language (``app.lang``)."""
        return en if getattr(self.app, "lang", "zh") == "en" else zh

    def refresh_data(self) -> None:
        """Rebuild from ``self.app.dataset`` and ``self.app.marked``.

        Called by the app after the dataset loads (or reloads) and after the marked
        towns change. The default does nothing.
        """

    def refresh_labels(self) -> None:
        """Redraw labels after the language (``app.lang``) or ``app.ascii`` changed.

        The default does nothing.
        """

    def selected_text(self) -> str | None:
        """Plain text describing the selected item, for ``y`` (copy); ``None`` if none."""
        return None

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Extra ``"area: action"`` commands this screen offers in the palette."""
        return ()
