"""A footer that leaves keys out instead of cutting them, drawn by one widget.

Textual's footer draws every key in one row and the palette key over its right end:
at 80 columns the last keys were cut mid-word (``L▏^p palette``). This one drops
whole keys until the row fits: first the app-wide keys that the keys screen (``?``)
lists anyway, then the screen's own keys from the right. ``?`` always stays, so every
key stays one press away.

Textual's footer is also a container of one widget per key (``FooterKey``, ``KeyGroup``,
``FooterLabel``), made, mounted and styled again at every screen switch, language switch,
focus move and resize: ~40 ms of a start. This one is a single widget that lays the row
out (:func:`footer_row`) and paints it line by line, in the theme's footer colours, as
Textual's footer did; a click on a key presses it, and the key under the pointer is
highlighted and says what it does in the tooltip.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING, ClassVar, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual._border import BORDER_CHARS
from textual.binding import Binding
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from towntui.core.catalogue import group_label
from towntui.core.frozen import frozen, mutable
from towntui.tui.keys import help_of, label_of
from towntui.tui.state import AppState

if TYPE_CHECKING:
    from textual.screen import Screen

#: Actions left out first, in this order, when the keys do not fit.
DROP_FIRST: tuple[str, ...] = ("app.toggle_lang", "app.goto", "app.quit")

#: The key that is never left out: it lists every other key.
KEEP = "app.keys"

Entry = list[tuple[Binding, bool, str]]


@frozen(slots=False)
class FooterKey:
    """One key of the row: the cells it takes, what pressing it does and its help."""

    x: int
    width: int
    key: str  # the key to press (``question_mark``)
    shown: str  # the text drawn (`` ? Keys ``)
    enabled: bool
    help: str
    palette: bool = False

    def __contains__(self, x: int) -> bool:
        return self.x <= x < self.x + self.width


#: A part of the row: its text, its role (a component class or ``gap``), and the index
#: of the key it belongs to (None: a gap or a group's name).
Part = tuple[str, str, int | None]


@mutable
class FooterRow:
    """The row as parts to paint and the keys they make up."""

    parts: list[Part]
    keys: list[FooterKey]
    width: int = 0

    def add(self, text: str, role: str = "gap", key: int | None = None) -> None:
        if text:
            self.parts.append((text, role, key))
            self.width += cell_len(text)

    def start_key(self, binding: Binding, shown: str, enabled: bool, help: str) -> int:
        """Begin a key at the current column; its parts follow (see :meth:`end_key`)."""
        self.keys.append(FooterKey(self.width, 0, binding.key, shown, enabled, help))
        return len(self.keys) - 1

    def end_key(self, index: int, palette: bool = False) -> None:
        key = self.keys[index]
        width = self.width - key.x
        self.keys[index] = FooterKey(
            key.x, width, key.key, key.shown, key.enabled, key.help, palette
        )


class TownFooter(Widget, can_focus=False):
    """The app's footer: whole keys only, as many as the width allows."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "town-footer--key",
        "town-footer--description",
        "town-footer--item",
        "town-footer--hover",
        "town-footer--palette",
    }

    DEFAULT_CSS = """
    TownFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .town-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .town-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .town-footer--item {
            background: $footer-item-background;
        }
        & > .town-footer--hover {
            background: $block-hover-background;
        }
        & > .town-footer--palette {
            border-left: vkey $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hovered_key: str | None = None
        self._keys: list[FooterKey] = []

    def on_mount(self) -> None:
        """Draw the keys again when they change (focus, screen) or the language does."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _lang_changed(self) -> None:
        """Draw the row in the other language; the hovered key's help follows."""
        self.refresh()
        if self.hovered_key is not None:
            self.call_after_refresh(self._help_again)

    def _help_again(self) -> None:
        key = next((k for k in self._keys if k.key == self.hovered_key), None)
        self.tooltip = key.help if key is not None else None

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
        """Cells the keys take: `` key description `` each, a group's keys then its name
        (one cell more than drawn: the rule keeps the margins Textual's footer had)."""
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

    def _palette_binding(self) -> tuple[Binding, bool] | None:
        """The command palette's binding and whether it is enabled (None: not shown)."""
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        try:
            _node, binding, enabled, _tip = self.screen.active_bindings[
                self.app.COMMAND_PALETTE_BINDING
            ]
        except KeyError:
            return None
        return binding, enabled

    def _palette_width(self) -> int:
        found = self._palette_binding()
        if found is None:
            return 0
        key = self.app.get_key_display(found[0])
        return cell_len(key) + cell_len(self._label(found[0])) + 5

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

    # ------------------------------------------------------------------ layout

    def footer_row(self, width: int) -> FooterRow:
        """The row at ``width`` cells, laid out as Textual's footer laid out its widgets:
        `` key label `` per key; a group's keys then its name (`` 1234 Screens ``); the
        palette key at the right edge after its ``▏`` (a blank cell under ``--ascii``)."""
        row = FooterRow([], [])
        for group, members in groupby(self.shown_entries(width), lambda e: e[0][0].group):
            items = list(members)
            if group is not None and len(items) > 1:
                self._add_group(row, [entry[0] for entry in items], group)
            else:
                for entry in items:
                    self._add_key(row, *entry[0][:2])
        palette = self._palette_binding()
        if palette is not None:
            self._add_palette(row, width, *palette)
        row.add(" " * (width - row.width))
        return row

    def _add_key(self, row: FooterRow, binding: Binding, enabled: bool) -> None:
        key, label = self.app.get_key_display(binding), self._label(binding)
        shown = f" {key} {label} " if label else key
        index = row.start_key(binding, shown, enabled, help_of(self._lang, binding))
        if label:
            row.add(f" {key} ", "town-footer--key", index)
            row.add(f"{label} ", "town-footer--description", index)
        else:
            row.add(key, "town-footer--key", index)
        row.end_key(index)

    def _add_group(
        self, row: FooterRow, members: list[tuple[Binding, bool, str]], group: Binding.Group
    ) -> None:
        row.add(" ")
        for binding, enabled, _tip in members:
            key = self.app.get_key_display(binding)
            index = row.start_key(binding, key, enabled, help_of(self._lang, binding))
            row.add(key, "town-footer--key", index)
            row.end_key(index)
        row.add(" ")
        row.add(group_label(self._lang, group.description), "label")
        row.add(" ")

    def _add_palette(self, row: FooterRow, width: int, binding: Binding, enabled: bool) -> None:
        key, label = self.app.get_key_display(binding), self._label(binding)
        size = cell_len(key) + cell_len(label) + 3
        if row.width + size > width:
            return  # no room (a very narrow footer): Textual's footer drew it over the keys
        edge_type = self.get_component_styles("town-footer--palette").border_left[0]
        edged = edge_type not in ("", "none", "hidden")  # none under --ascii: a blank cell
        row.add(" " * (width - size - row.width + (not edged)))
        index = row.start_key(binding, f"{key} {label}", enabled, help_of(self._lang, binding))
        if edged:
            row.add(BORDER_CHARS[edge_type][1][0], "town-footer--palette", index)
        row.add(key, "town-footer--key", index)
        row.add(f" {label}", "town-footer--description", index)
        row.add(" ", "pad", index)
        row.end_key(index, palette=True)

    # ------------------------------------------------------------------ painting

    def _styles(self) -> dict[tuple[str, bool], Style]:
        """The rich style of each role, for a key not hovered and hovered (the colours
        blended over the footer's background as Textual blends a widget's)."""
        base = self.background_colors[1]
        key, desc, item, hover, palette = (
            self.get_component_styles(f"town-footer--{name}")
            for name in ("key", "description", "item", "hover", "palette")
        )
        styles: dict[tuple[str, bool], Style] = {
            ("gap", False): Style(bgcolor=base.rich_color),
            ("label", False): _style(base + desc.background, desc.color),
        }
        for hovered in (False, True):
            under = base + (hover.background if hovered else item.background)
            styles[("town-footer--key", hovered)] = _style(
                under + key.background, key.color, key.text_style
            )
            styles[("town-footer--description", hovered)] = _style(
                under + desc.background, desc.color
            )
            styles[("town-footer--palette", hovered)] = Style(  # over the footer, as a border
                color=(base + palette.border_left[1]).rich_color, bgcolor=under.rich_color
            )
            styles[("pad", hovered)] = Style(bgcolor=under.rich_color)
        return styles

    def render_line(self, y: int) -> Strip:
        """The row: each part in its role's style, the hovered key highlighted and the
        keys that cannot be pressed now dimmed."""
        width = self.size.width
        if y or not width:
            return Strip.blank(width, self.rich_style)
        row = self.footer_row(width)
        self._keys = row.keys
        styles = self._styles()
        segments = []
        for text, role, index in row.parts:
            key = self._keys[index] if index is not None else None
            hovered = key is not None and key.key == self.hovered_key
            style = styles[(role, hovered)]
            if key is not None and not key.enabled:
                style += _DIM
            segments.append(Segment(text, style))
        return Strip(segments, width)

    # ------------------------------------------------------------------ mouse

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x`` (None: a gap or a group's name)."""
        return next((key for key in self._keys if x in key), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Highlight the key under the pointer and show its help."""
        self._hover(self.key_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, key: FooterKey | None) -> None:
        name = key.key if key is not None else None
        if name != self.hovered_key:
            self.hovered_key = name
            self.tooltip = key.help if key is not None else None
            self.styles.pointer = "pointer" if key is not None else "default"  # as FooterKey's
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key presses it (a bell if it cannot be pressed now)."""
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


_DIM = Style(dim=True)


def _style(background: Color, color: Color, text: Style | None = None) -> Style:
    """Text in ``color`` over ``background`` (solid: the colour blended over it)."""
    style = Style(color=(background + color).rich_color, bgcolor=background.rich_color)
    return style + text if text else style
