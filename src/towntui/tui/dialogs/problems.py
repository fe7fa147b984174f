"""The problems screen: every problem found while loading the data files, in the
interface's language (it follows ``L`` while it is open)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from towntui.core.i18n import counts, tr
from towntui.core.model import Problem
from towntui.core.textsafe import clean
from towntui.tui.dialogs.base import Dialog
from towntui.tui.keys import key


def problem_line(problem: Problem, lang: str = "en") -> Text:
    """``E towns/x.toml:3: metrics[0].unit: unknown unit`` (E for error, W for warning),
    the message in ``lang``."""
    sign = "E" if problem.severity == "error" else "W"
    line = Text(f"{sign} ", style="bold red" if sign == "E" else "bold yellow")
    line.append(clean(problem.format(lang)))
    return line


class ProblemsScreen(Dialog[None]):
    """A scrolling list of the dataset's problems (``E`` errors, ``W`` warnings)."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        key("L", "app.toggle_lang", "language", show=False),  # the list follows it
    ]

    def compose(self) -> ComposeResult:
        """The problems, or a line saying there are none."""
        classes = "-ascii" if self.state.ascii else ""
        with VerticalScroll(id="help-pane", classes=classes):
            yield Static(id="help-keys")

    def on_mount(self) -> None:
        """Fill the list, and fill it again in the other language after ``L``."""
        self._fill()
        self.watch(self.app, "lang", lambda _lang: self._fill(), init=False)

    def _fill(self) -> None:
        """The title, the keys under the list and the list, in the current language."""
        lang = self.state.lang
        problems = self.state.dataset.problems
        errors = sum(1 for p in problems if p.severity == "error")
        pane = self.query_one("#help-pane", VerticalScroll)
        pane.border_title = tr(lang, "数据问题：", "Data problems: ") + counts(
            lang, errors, len(problems) - errors
        )
        pane.border_subtitle = "escape" + tr(lang, "  y 复制", "  y copy") if problems else "escape"
        body = self.query_one("#help-keys", Static)
        if problems:
            body.update(Group(*(problem_line(p, lang) for p in problems)))
        else:
            body.update(Text(tr(lang, "数据文件没有问题。", "No problems in the data files.")))

    def selected_text(self) -> str | None:
        """Every problem, one a line (``y`` copies them), in the current language."""
        lang = self.state.lang
        problems = self.state.dataset.problems
        return "\n".join(problem_line(p, lang).plain for p in problems) or None

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss()
