"""The problems screen: every problem found while loading the data files."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from towntui.core.model import Problem
from towntui.core.textsafe import clean
from towntui.tui.dialogs.base import Dialog


def problem_line(problem: Problem) -> Text:
    """``E towns/x.toml:3: metrics[0].unit: unknown unit`` (E for error, W for warning)."""
    sign = "E" if problem.severity == "error" else "W"
    line = Text(f"{sign} ", style="bold red" if sign == "E" else "bold yellow")
    line.append(clean(str(problem)))
    return line


class ProblemsScreen(Dialog[None]):
    """A scrolling list of the dataset's problems (``E`` errors, ``W`` warnings)."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The problems, or a line saying there are none."""
        app = self.state
        problems = app.dataset.problems
        en = app.lang == "en"
        ascii_mode = app.ascii
        with VerticalScroll(id="help-pane", classes="-ascii" if ascii_mode else "") as pane:
            errors = sum(1 for p in problems if p.severity == "error")
            warnings = len(problems) - errors
            pane.border_title = (
                f"Data problems: {errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}"
                if en
                else f"数据问题：{errors} 个错误，{warnings} 个警告"
            )
            pane.border_subtitle = (
                "escape" + ("  y copy" if en else "  y 复制") if problems else "escape"
            )
            if problems:
                body = Group(*(problem_line(p) for p in problems))
                yield Static(body, id="help-keys")
            else:
                none = "No problems in the data files." if en else "数据文件没有问题。"
                yield Static(Text(none), id="help-keys")

    def selected_text(self) -> str | None:
        """Every problem, one a line (``y`` copies them)."""
        problems = self.state.dataset.problems
        return "\n".join(problem_line(p).plain for p in problems) or None

    def action_close(self) -> None:
        """Close the list."""
        self.dismiss()
