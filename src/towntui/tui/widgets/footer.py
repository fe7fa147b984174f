"""A footer that leaves keys out instead of cutting them.

Textual's footer draws every key in one row and the palette key over its right end:
at 80 columns the last keys were cut mid-word (``L▏^p palette``). This one drops
whole keys until the row fits: first the app-wide keys that the keys screen (``?``)
lists anyway, then the screen's own keys from the right. ``?`` always stays, so every
key stays one press away.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import cast

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from towntui.core.catalogue import group_label
from towntui.tui.keys import help_of, label_of
from towntui.tui.state import AppState

#: Actions left out first, in this order, when the keys do not fit.
DROP_FIRST: tuple[str, ...] = ("app.toggle_lang", "app.goto", "app.quit")

#: The key that is never left out: it lists every other key.
KEEP = "app.keys"

Entry = list[tuple[Binding, bool, str]]


class TownFooter(Footer):
    """The app's footer: whole keys only, as many as the width allows."""

    def __init__(self) -> None:
        super().__init__()
        self._drawn_width = 0

    def on_mount(self) -> None:
        """Draw the keys again in the other language when it changes."""
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _lang_changed(self) -> None:
        if self._bindings_ready:
            self.call_after_refresh(self.recompose)

    @property
    def _lang(self) -> str:
        return cast(AppState, self.app).lang

    def _label(self, binding: Binding) -> str:
        return label_of(self._lang, binding)

    def _entries(self) -> list[tuple[str, Entry]]:
        """The shown bindings, one entry per action (as Textual's footer groups them),
        each with its action's full name (``app.quit``, ``mark``)."""
        by_action: defaultdict[str, Entry] = defaultdict(list)
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                action = binding.action  # with its arguments: [ and ] are two keys
                if "." not in action.split("(")[0] and node is self.app:
                    action = "app." + action
                by_action[action].append((binding, enabled, tooltip))
        return list(by_action.items())

    @staticmethod
    def _base_action(action: str) -> str:
        """``app.goto('towns')`` → ``app.goto``: what :data:`DROP_FIRST` names."""
        return action.split("(")[0]

    def _width(self, entries: list[tuple[str, Entry]]) -> int:
        """Cells the keys take: `` key description `` each, a group's keys then its name."""
        total = 0
        for group, members in groupby(entries, lambda e: e[1][0][0].group):
            items = list(members)
            if group is not None and len(items) > 1:
                keys = "".join(self.app.get_key_display(e[0][0]) for _, e in items)
                total += cell_len(keys) + cell_len(group_label(self._lang, group.description)) + 4
            else:
                for _, entry in items:
                    binding = entry[0][0]
                    key = self.app.get_key_display(binding)
                    total += cell_len(key) + cell_len(self._label(binding)) + 3
        return total

    def _palette_width(self) -> int:
        try:
            _node, binding, _on, _tip = self.screen.active_bindings[
                self.app.COMMAND_PALETTE_BINDING
            ]
        except KeyError:
            return 0
        key = self.app.get_key_display(binding)
        return cell_len(key) + cell_len(self._label(binding)) + 5

    def shown_entries(self, width: int) -> list[Entry]:
        """The entries that fit in ``width`` cells, in their order."""
        named = self._entries()
        room = width - self._palette_width()
        order = [a for a in DROP_FIRST if any(self._base_action(n) == a for n, _ in named)]
        order += list(
            dict.fromkeys(
                self._base_action(n)
                for n, _ in reversed(named)
                if self._base_action(n) not in DROP_FIRST and self._base_action(n) != KEEP
            )
        )
        while self._width(named) > room and order:
            dropped = order.pop(0)  # every key of the action (both of [ and ])
            named = [(n, e) for n, e in named if self._base_action(n) != dropped]
        return [e for _, e in named]

    def compose(self) -> ComposeResult:
        """Textual's footer keys, less those that do not fit."""
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._drawn_width = width
        entries = self.shown_entries(width)
        self.styles.grid_size_columns = len(entries)
        for group, members in groupby(entries, lambda e: e[0][0].group):
            items = list(members)
            if group is not None and len(items) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for entry in items:
                        binding, enabled, _tooltip = entry[0]
                        yield FooterKey(
                            binding.key,
                            self.app.get_key_display(binding),
                            "",
                            binding.action,
                            disabled=not enabled,
                            tooltip=help_of(self._lang, binding),
                            classes="-grouped",
                        ).data_bind(compact=Footer.compact)
                yield FooterLabel(group_label(self._lang, group.description))
            else:
                for entry in items:
                    binding, enabled, _tooltip = entry[0]
                    yield FooterKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        self._label(binding),
                        binding.action,
                        disabled=not enabled,
                        tooltip=help_of(self._lang, binding),
                    ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, _tooltip = self.screen.active_bindings[
                    self.app.COMMAND_PALETTE_BINDING
                ]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                self._label(binding),
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=help_of(self._lang, binding),
            )

    def on_resize(self, event: events.Resize) -> None:
        """A new width may fit more keys, or fewer."""
        if event.size.width != self._drawn_width and self._bindings_ready:
            self.call_after_refresh(self.recompose)
