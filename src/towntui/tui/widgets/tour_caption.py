"""The tour's caption box: what the audience sees, in one or two sentences, and the
presenter's keys. Every screen has one; it is hidden unless a tour runs, and follows
the app's ``tour_view``, language and ASCII mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.widgets import Static

from towntui.core.i18n import pick, tr

if TYPE_CHECKING:
    from towntui.tui.state import AppState, TourView


#: Terminals at least this tall show the presenter's keys at every stop (smaller ones at
#: the first stop only, leaving the rows to the screen the stop shows).
KEYS_ROWS = 32


def caption_text(view: TourView, lang: str, ascii: bool, keys_line: bool = True) -> Text:
    """The caption box's text: the stop's caption, then (with ``keys_line``) the
    presenter's keys, dim."""
    right, left = ("->", "<-") if ascii else ("→", "←")
    pause = tr(lang, "p 暂停", "p pause") if view.auto else tr(lang, "p 自动", "p auto")
    keys = tr(
        lang,
        f"空格/{right} 下一站  {left} 上一站  {pause}  esc 离开导览",
        f"space/{right} next  {left} back  {pause}  esc leave the tour",
    )
    text = Text(pick(lang, view.caption_zh, view.caption_en), overflow="fold")
    if keys_line:
        text.append("\n")
        text.append(keys, style="dim")
    return text


def caption_title(view: TourView, lang: str) -> str:
    """The box's title: the tour's title and which stop of how many (``3/14``)."""
    return f"{pick(lang, view.title, view.title_en)}  {view.index + 1}/{view.total}"


class TourCaption(Static):
    """The caption box of the tour on one screen (hidden when no tour runs)."""

    DEFAULT_CSS = """
    TourCaption {
        dock: bottom;
        margin-bottom: 1;
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $panel;
        border-top: solid $accent;
        border-title-align: left;
        display: none;
    }
    TourCaption.-on {
        display: block;
    }
    TourCaption.-ascii {
        border-top: ascii $accent;
    }
    """

    def on_mount(self) -> None:
        """Follow the tour, the language and the ASCII mode."""
        app = cast("AppState", self.app)
        for name in ("tour_view", "lang", "ascii"):
            self.watch(app, name, lambda _value: self.show(), init=False)
        self.show()

    def show(self) -> None:
        """Draw the stop the tour shows, or hide when none."""
        app = cast("AppState", self.app)
        view = app.tour_view
        self.set_class(view is not None, "-on")
        self.set_class(app.ascii, "-ascii")
        if view is not None:
            self.border_title = caption_title(view, app.lang)
            keys_line = view.index == 0 or app.size.height >= KEYS_ROWS
            self.update(caption_text(view, app.lang, app.ascii, keys_line))
