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

from towntui.core.catalogue import key_help, screen_name
from towntui.core.i18n import tr
from towntui.tui.dialogs.base import Dialog
from towntui.tui.keys import help_of, key, label_of
from towntui.tui.render.glyphs import ascii_keys

#: Keys handled outside the binding tables (display, catalogue id), listed so that every
#: key is discoverable.
EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "command_palette"),
    ("tab / shift+tab", "help.panes"),
    ("↑ ↓ / j k", "help.cursor"),
)

#: What each group of keys is called.
TITLES: dict[str, tuple[str, str]] = {
    "screen": ("本屏幕", "This screen"),
    "pane": ("当前窗格", "The focused pane"),
    "app": ("任何地方", "Everywhere"),
}


def key_rows(
    app: App[object], bindings: dict[str, ActiveBinding], lang: str
) -> list[tuple[str, str, str]]:
    """``(group, keys, text)`` for each of the app's own keys that is active, once per
    binding id (``d x`` for a binding of two keys), in ``lang``.

    Textual's built-in bindings (``ctrl+q``, a list's ``enter``, ``Focus Next``) have no
    id and are left out: the keys that matter to a user of this app all have one.
    """
    keys: dict[str, list[str]] = {}
    rows: dict[str, tuple[str, Binding]] = {}
    for active in bindings.values():
        binding = active.binding
        if binding.id is None or binding.system:
            continue
        node = active.node
        group = "app" if isinstance(node, App) else "screen" if isinstance(node, Screen) else "pane"
        keys.setdefault(binding.id, []).append(app.get_key_display(binding))
        rows.setdefault(binding.id, (group, binding))
    found: list[tuple[str, str, str]] = []
    for key_id, (group, binding) in rows.items():
        label, help_text = label_of(lang, binding), help_of(lang, binding)
        text = help_text if help_text == label else label + tr(lang, "：", ": ") + help_text
        found.append((group, " ".join(dict.fromkeys(keys[key_id])), text))
    return found


def keys_table(
    rows: list[tuple[str, str, str]], lang: str, *, ascii: bool = False
) -> RenderableType:
    """The keys as a table per group."""
    parts: list[RenderableType] = []
    for group in ("screen", "pane", "app"):
        members = [(k, d) for g, k, d in rows if g == group]
        if group == "app":
            members += [(ascii_keys(k) if ascii else k, key_help(lang, i)) for k, i in EXTRA_KEYS]
        if not members:
            continue
        parts.append(Text(tr(lang, *TITLES[group]), style="bold underline"))
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(no_wrap=True, style="bold", min_width=10)
        table.add_column(overflow="fold")
        for keys, text in members:
            table.add_row(Text(keys), Text(text))
        parts += [table, Text("")]
    return Group(*parts)


class HelpScreen(Dialog[None]):
    """Every key of the screen below, grouped by where it works."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
        key("L", "relang", "language", show=False),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._screen = screen
        self._of = type(screen).__name__.removesuffix("Screen").lower()

    def compose(self) -> ComposeResult:
        """A bordered, scrolling list of keys."""
        lang = self.state.lang
        ascii_mode = self.state.ascii
        rows = key_rows(self.app, dict(self._screen.active_bindings), lang)
        with VerticalScroll(id="help-pane", classes="-ascii" if ascii_mode else "") as pane:
            pane.border_title = tr(lang, "按键：", "Keys: ") + screen_name(lang, self._of)
            pane.border_subtitle = "escape"
            yield Static(keys_table(rows, lang, ascii=ascii_mode), id="help-keys")

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss()
