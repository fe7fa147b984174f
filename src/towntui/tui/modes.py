"""The app's screens and command providers, each imported when it is first used.

The first screen (Towns) draws nothing of Search, Timeline, Compare or the command
palette, and Search brings the search engine (``rapidfuzz``, the pinyin tables) with
it: importing them at start-up delayed the first paint. ``TownApp.MODES`` and
``TownApp.COMMANDS`` name these factories instead of the classes. The Towns screen is
the first drawn, so imported at once; its factory spares Textual a pass over the CSS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual._context import active_app

from towntui.tui.screens.towns import TownsScreen

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen


def towns_screen() -> Screen[Any]:
    """The first screen (Towns, key 1), marked up to date with the app's CSS.

    Textual parses and applies every rule again for a mode's new screen that is not,
    which at start changes nothing: the CSS was just read for this screen, with the
    theme's variables (:func:`~towntui.tui.themes.preset_themes`).
    """
    screen = TownsScreen()
    screen._css_update_count = active_app.get()._css_update_count
    return screen


def search_screen() -> Screen[Any]:
    """A new Search screen (key 2 or ``/``)."""
    from towntui.tui.screens.search import SearchScreen

    return SearchScreen()


def timeline_screen() -> Screen[Any]:
    """A new Timeline screen (key 3)."""
    from towntui.tui.screens.timeline import TimelineScreen

    return TimelineScreen()


def compare_screen() -> Screen[Any]:
    """A new Compare screen (key 4)."""
    from towntui.tui.screens.compare import CompareScreen

    return CompareScreen()


def app_commands() -> type[Provider]:
    """The command palette's commands of the app and the screen."""
    from towntui.tui.palette import AppCommands

    return AppCommands


def jump_commands() -> type[Provider]:
    """The command palette's jumps to towns and entities."""
    from towntui.tui.palette import JumpCommands

    return JumpCommands
