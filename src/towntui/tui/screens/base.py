"""The base class every main screen of the app derives from.

The app calls two hooks on every screen it knows:

* :meth:`TownScreen.refresh_data` when the dataset or the marked towns change;
* :meth:`TownScreen.refresh_labels` when the label language or ascii mode changes.

Screens must render when ``app.dataset`` is still the empty ``Dataset()`` (a loading
state) and fill in when ``refresh_data`` is called after the load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from towntui.tui.app import TownApp


class TownScreen(Screen[None]):
    """A main screen of the explorer (towns, search, timeline, compare)."""

    @property
    def town_app(self) -> TownApp:
        """The running :class:`~towntui.tui.app.TownApp`, typed."""
        return cast("TownApp", self.app)

    def refresh_data(self) -> None:
        """Rebuild from ``self.app.dataset`` and ``self.app.marked``.

        Called by the app after the dataset loads (or reloads) and after the marked
        towns change. The default does nothing.
        """

    def refresh_labels(self) -> None:
        """Redraw labels after the language (``app.lang``) or ``app.ascii`` changed.

        The default does nothing.
        """
