"""Command palette providers: "area: action" commands, and jumps to towns and entities.

Every palette entry is built from plain strings (``Content(text)``), never markup, so
a town or entity name such as ``[bold]x[/]`` is shown as written.
"""

from __future__ import annotations

import contextlib
from functools import partial
from typing import Any, cast

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.command import (
    CommandInput,
    CommandPalette,
    DiscoveryHit,
    Hit,
    Hits,
    Provider,
    SearchIcon,
)
from textual.content import Content

from towntui.core.model import same_name
from towntui.core.textsafe import one_line
from towntui.tui.messages import OpenEntity, OpenTown
from towntui.tui.render.highlight import highlighted
from towntui.tui.screens.base import MainScreen, PaletteCommand, key_hint
from towntui.tui.state import AppState
from towntui.tui.widgets.safe_input import SafeCommandInput

#: How many towns and entities a palette search offers at most.
JUMP_LIMIT = 30


def literal(text: str) -> str:
    """Help text the palette shows as written.

    The palette parses a ``str`` help text as markup (a name like ``[/]x`` would crash
    it, ``[@click=app.quit]`` would become a link) but takes a ``Content`` as it is.
    """
    return cast(str, Content(text))


def _command(app: AppState, name: str, help: str, action: str) -> PaletteCommand:
    """A command that runs the app's ``action``; its help names the key bound to it."""
    return PaletteCommand(name, help + key_hint(app, action), partial(app.run_action, action))


def app_commands(app: AppState, screen: object) -> list[PaletteCommand]:
    """Every "area: action" command available on ``screen``."""
    go = [
        ("towns", "The towns and their profiles"),
        ("search", "Search towns, entities and events"),
        ("timeline", "Events by year"),
        ("compare", "The marked towns side by side"),
    ]
    cmds = [
        PaletteCommand(
            f"go: {mode}",
            help + key_hint(app, f"goto('{mode}')", *(("slash",) if mode == "search" else ())),
            partial(app.run_action, f"goto('{mode}')"),
        )
        for mode, help in go
    ]
    for name in app.theme_names:
        current = " (current)" if name == app.theme else ""
        cmds.append(
            _command(
                app, f"theme: {name}", f"Use the {name} theme{current}", f"set_theme({name!r})"
            )
        )
    cmds += [
        PaletteCommand(
            "language: 中文",
            "Interface labels in Chinese" + key_hint(app, "toggle_lang"),
            partial(app.run_action, "set_lang('zh')"),
        ),
        PaletteCommand(
            "language: English",
            "Interface labels in English" + key_hint(app, "toggle_lang"),
            partial(app.run_action, "set_lang('en')"),
        ),
        _command(
            app,
            "display: ascii " + ("off" if app.ascii else "on"),
            "Draw borders and bars with ASCII only, for terminals that draw box characters wide",
            f"set_ascii({not app.ascii})",
        ),
        _command(app, "data: problems", "Every problem found in the data files", "show_problems"),
        _command(
            app, "towns: clear marks", "Unmark every town marked for comparison", "clear_marks"
        ),
        _command(app, "tour: start", "A guided tour from 2007 to 2025 (space: next)", "start_tour"),
        _command(app, "app: keys", "Every key of the current screen", "keys"),
        PaletteCommand(
            "app: copy",
            "Copy the selected item" + key_hint(app, "screen.copy"),
            partial(app.run_action, "screen.copy"),
        ),
        _command(app, "app: quit", "Leave towntui", "quit"),
    ]
    if isinstance(screen, MainScreen):
        cmds.extend(screen.palette_commands())
    return cmds


class AppCommands(Provider):
    """The app's commands, named "area: action", plus those of the current screen."""

    def _commands(self) -> list[PaletteCommand]:
        return app_commands(cast(AppState, self.app), self.screen)

    async def discover(self) -> Hits:
        """All commands, for the palette opened with nothing typed."""
        for cmd in self._commands():
            yield DiscoveryHit(
                Content(cmd.name), cmd.callback, text=cmd.name, help=literal(cmd.help)
            )

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches ``query``."""
        matcher = self.matcher(query)
        for cmd in self._commands():
            score = matcher.match(cmd.name)
            if score > 0:
                _, offsets = matcher.fuzzy_search.match(query, cmd.name)
                yield Hit(
                    score,
                    highlighted(cmd.name, offsets),
                    cmd.callback,
                    text=cmd.name,
                    help=literal(cmd.help),
                )


class JumpCommands(Provider):
    """Jump to any town or entity by name, English name, alias or pinyin."""

    async def search(self, query: str) -> Hits:
        """Towns and entities matching ``query`` (through the search index)."""
        app = cast(AppState, self.app)
        index = app.search_index
        if index is None:
            return
        hits = [h for h in index.search(query, limit=JUMP_LIMIT * 2) if h.kind != "event"]
        for rank, hit in enumerate(hits[:JUMP_LIMIT]):
            label = one_line(hit.label)
            if hit.kind == "town":
                town = app.dataset.town(hit.id)
                prefix = "town: "
                other = town and not same_name(town.name_en, hit.label)
                extra = f"  {one_line(town.name_en)}" if town and other else ""
                callback = partial(app.post_message, OpenTown(hit.id))
                help_text = one_line(hit.context) or "Open the town's profile"
            else:
                prefix = f"{hit.entity_kind or 'entity'}: "
                ent = app.dataset.entities.get(hit.id)
                extra = (
                    f"  {one_line(ent.name)}" if ent and not same_name(ent.name, hit.label) else ""
                )
                callback = partial(app.post_message, OpenEntity(hit.id))
                help_text = one_line(hit.context) or "Open the entity"
            display = Content(prefix) + highlighted(label, hit.positions) + Content(extra)
            # Keep the index's order: the best match first, below exact commands.
            yield Hit(
                0.9 - rank * 0.01,
                display,
                callback,
                text=prefix + label + extra,
                help=literal(help_text),
            )


class TownCommandPalette(CommandPalette):
    """Textual's command palette, safe against keys that arrive in a burst.

    Keys arrive in bursts (a fast typist, SSH). A page key pressed right after
    ``ctrl+p`` reaches the command list while it has options but no laid-out lines
    yet, and Textual's ``OptionList`` raises ``KeyError``: such a key is dropped. Two
    ``enter`` presses both dismiss the palette, and the second would pop the screen
    below it (``ScreenStackError`` on the last one): only the first one closes it.
    Results that arrive after the palette closed are dropped. A paste keeps only
    characters that are safe to draw, as in every other input of the app.
    """

    def __init__(self, *args: Any, ascii: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ascii = ascii

    def compose(self) -> ComposeResult:
        """Textual's palette, with an input that strips unsafe characters from a paste
        (and, with ``--ascii``, a ``>`` for the magnifying glass)."""
        for widget in super().compose():
            if type(widget) is CommandInput:
                widget = SafeCommandInput(placeholder=widget.placeholder, select_on_focus=False)
            elif isinstance(widget, SearchIcon) and self._ascii:
                widget.icon = ">"
            yield widget

    def _refresh_command_list(self, *args: Any, **kwargs: Any) -> None:
        # the search worker may finish after an escape in the same burst closed the
        # palette: its list is gone, and Textual would fail with NoMatches
        if self.is_active:
            super()._refresh_command_list(*args, **kwargs)

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Close the palette; ignored once it is no longer the top screen."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)

    def _action_command_list(self, action: str) -> None:
        with contextlib.suppress(KeyError, IndexError):  # the list is not laid out yet
            super()._action_command_list(action)
