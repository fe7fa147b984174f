"""Command palette providers: "area: action" commands, and jumps to towns and entities.

Every palette entry is built from plain strings (``Content(text)``), never markup, so
a town or entity name such as ``[bold]x[/]`` is shown as written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

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
from towntui.tui.keys import command
from towntui.tui.messages import OpenEntity, OpenTown
from towntui.tui.render.highlight import highlighted
from towntui.tui.render.profile import result_kind
from towntui.tui.screens.base import MainScreen, PaletteCommand
from towntui.tui.state import AppState
from towntui.tui.widgets.safe_input import SafeCommandInput

if TYPE_CHECKING:
    from towntui.core.search import Hit as SearchHit

#: How many towns and entities a palette search offers at most.
JUMP_LIMIT = 30


def literal(text: str) -> str:
    """Help text the palette shows as written.

    The palette parses a ``str`` help text as markup (a name like ``[/]x`` would crash
    it, ``[@click=app.quit]`` would become a link) but takes a ``Content`` as it is.
    """
    return cast(str, Content(text))


def app_commands(app: AppState, screen: object) -> list[PaletteCommand]:
    """Every "area: action" command available on ``screen``, in the app's language."""

    def run(action: str) -> Callable[[], object]:
        return partial(app.run_action, action)

    cmds = [
        command(
            app,
            f"go.{mode}",
            run(f"goto('{mode}')"),
            f"goto('{mode}')",
            *(("slash",) if mode == "search" else ()),
        )
        for mode in ("towns", "search", "timeline", "compare")
    ]
    for name in app.theme_names:
        which = "theme.current" if name == app.theme else "theme"
        cmds.append(command(app, which, run(f"set_theme({name!r})"), name=name))
    cmds += [
        command(app, "language.zh", run("set_lang('zh')"), "toggle_lang"),
        command(app, "language.en", run("set_lang('en')"), "toggle_lang"),
        command(
            app,
            "ascii.off" if app.ascii else "ascii.on",
            run(f"set_ascii({not app.ascii})"),
        ),
        command(app, "data.problems", run("show_problems")),
        command(app, "towns.clear", run("clear_marks")),
        command(app, "tour.start", run("start_tour")),
        command(app, "app.keys", run("keys"), "keys"),
        command(app, "app.copy", run("screen.copy"), "screen.copy"),
        command(app, "app.quit", run("quit"), "quit"),
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


def _jump_target(app: AppState, hit: SearchHit) -> tuple[str, Callable[[], object], str]:
    """For a town or entity hit: its name in the app's language when the label is not
    that name (shown after the label), what choosing it does, and one line about it in
    the app's language."""
    if hit.kind == "town":
        town = app.dataset.town(hit.id)
        name = app.pick(town.name, town.name_en) if town else ""
        extra = f"  {one_line(name)}" if name and not same_name(name, hit.label) else ""
        about = (
            [app.pick(town.district, town.district_en), app.pick(town.kind, town.kind_en)]
            if town
            else []
        )
        help_text = one_line(" · ".join(p for p in about if p)) or app.tr(
            "打开小镇概况", "Open the town's profile"
        )
        return extra, partial(app.post_message, OpenTown(hit.id)), help_text
    ent = app.dataset.entities.get(hit.id)
    name = app.pick(ent.name, ent.name_en) if ent else ""
    extra = f"  {one_line(name)}" if name and not same_name(name, hit.label) else ""
    role = app.pick(ent.role, ent.role_en) if ent else None
    help_text = one_line(role or "") or app.tr("打开主体", "Open the entity")
    return extra, partial(app.post_message, OpenEntity(hit.id)), help_text


class JumpCommands(Provider):
    """Jump to any town or entity by name, English name, alias or pinyin."""

    async def search(self, query: str) -> Hits:
        """Towns and entities matching ``query`` (through the search index)."""
        app = cast(AppState, self.app)
        index = app.search_index
        if index is None or not app.loaded:  # a jump needs the data (not only the index)
            return
        hits = [
            h for h in index.search(query, limit=JUMP_LIMIT * 2) if h.kind in ("town", "entity")
        ]
        for rank, hit in enumerate(hits[:JUMP_LIMIT]):
            label = one_line(hit.label)
            prefix = result_kind(app.lang, hit.kind, hit.entity_kind) + app.tr("：", ": ")
            extra, callback, help_text = _jump_target(app, hit)
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
