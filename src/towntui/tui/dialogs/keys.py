"""The keys screen (``?``): every key of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from towntui.tui.dialogs.base import Dialog
from towntui.tui.render.glyphs import ascii_keys

#: Keys handled outside the binding tables, listed so that every key is discoverable.
EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "Command palette: every command, and jump to any town or entity"),
    ("tab / shift+tab", "Move between panes"),
    ("↑ ↓ / j k", "Move the cursor"),
)


def key_rows(app: App[object], bindings: dict[str, ActiveBinding]) -> list[tuple[str, str, str]]:
    """``(group, key, description)`` for each active binding with a description."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for active in bindings.values():
        binding = active.binding
        parts = [p for p in (binding.description, binding.tooltip) if p]
        text = ": ".join(parts)
        if not text or binding.system:
            continue
        node = active.node
        group = "app" if isinstance(node, App) else "screen" if isinstance(node, Screen) else "pane"
        key = app.get_key_display(binding)
        if (key, text) in seen:
            continue
        seen.add((key, text))
        rows.append((group, key, text))
    return rows


def keys_table(
    rows: list[tuple[str, str, str]], lang: str, *, ascii: bool = False
) -> RenderableType:
    """The keys as a table per group."""
    titles = {
        "screen": ("本屏幕", "This screen"),
        "pane": ("当前窗格", "The focused pane"),
        "app": ("任何地方", "Everywhere"),
    }
    parts: list[RenderableType] = []
    for group in ("screen", "pane", "app"):
        members = [(k, d) for g, k, d in rows if g == group]
        if group == "app":
            members += [(ascii_keys(k) if ascii else k, d) for k, d in EXTRA_KEYS]
        if not members:
            continue
        zh, en = titles[group]
        parts.append(Text(en if lang == "en" else zh, style="bold underline"))
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(no_wrap=True, style="bold", min_width=10)
        table.add_column(overflow="fold")
        for key, text in members:
            table.add_row(Text(key), Text(text))
        parts += [table, Text("")]
    return Group(*parts)


class HelpScreen(Dialog[None]):
    """Every key of the screen below, grouped by where it works."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._rows = key_rows(screen.app, dict(screen.active_bindings))
        self._title = type(screen).__name__.removesuffix("Screen")

    def compose(self) -> ComposeResult:
        """A bordered, scrolling list of keys."""
        lang = self.state.lang
        ascii_mode = self.state.ascii
        with VerticalScroll(id="help-pane", classes="-ascii" if ascii_mode else "") as pane:
            pane.border_title = ("Keys: " if lang == "en" else "按键：") + self._title
            pane.border_subtitle = "escape"
            yield Static(keys_table(self._rows, lang, ascii=ascii_mode), id="help-keys")

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss()
