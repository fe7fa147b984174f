"""One compare cell in a dialog: the value in the row's unit, the figure as the article
writes it, its year, qualifier and scope, its note and its source (title, byline, year).
``y`` copies it; ``o`` opens the town."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from towntui.core import textsafe
from towntui.core.comparability import scope_label
from towntui.core.compare import CompareCell, CompareRow
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, Town
from towntui.core.units import format_quantity, unit_label
from towntui.tui.dialogs.base import Dialog
from towntui.tui.keys import key
from towntui.tui.render.compare import WHY, value_text


def value_lines(
    ds: Dataset, town: Town, row: CompareRow, cell: CompareCell, lang: str
) -> list[str]:
    """The dialog's lines: what, value, as written, year, scope, why no leader, source,
    note (data text cleaned to one line each)."""
    m, fig = row.metric, cell.original
    one = textsafe.one_line
    label, name = one(pick(lang, m.label, m.label_en)), one(pick(lang, town.name, town.name_en))
    what = f"{label} / {name}"
    year = str(cell.year) if cell.year is not None else tr(lang, "未注明", "not given")
    lines = [
        what,
        tr(lang, "数值：", "Value: ") + f"{value_text(cell, lang)} {one(unit_label(m.unit, lang))}",
        tr(lang, "原文：", "As written: ")
        + one(f"{fig.label} {format_quantity(fig.value, fig.unit, fig.qualifier)}"),
        tr(lang, "年份：", "Year: ") + year,
    ]
    if cell.scope:
        lines.append(tr(lang, "口径：", "Scope: ") + one(scope_label(cell.scope, lang)))
    if row.status in WHY:
        lines.append(tr(lang, "本行无领先：", "No leader in this row: ") + WHY[row.status](lang))
    src = ds.sources.get(fig.source)
    if src is None:
        lines.append(tr(lang, "来源：", "Source: ") + one(fig.source))
    else:
        byline = tr(lang, "、", ", ").join(src.byline) or tr(lang, "无署名", "no byline")
        title = one(pick(lang, src.title, src.title_en))
        lines.append(tr(lang, "来源：", "Source: ") + f"{title} / {one(byline)} ({src.year})")
        if src.publication:
            lines.append("  " + one(src.publication))
    note = pick(lang, fig.note, fig.note_en)
    if note:
        lines.append(tr(lang, "说明：", "Note: ") + one(note))
    return lines


class ValueSource(Dialog[str | None]):
    """A compare cell's source and note; ``o`` closes and opens the town."""

    CSS_PATH = "value.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", "Back"),
        Binding("o", "open_town", "Open town"),
        key("L", "relang", "language", show=False),
    ]

    def __init__(
        self, lines: Callable[[str], list[str]], town_id: str, *, lang: str, ascii: bool
    ) -> None:
        """``lines(lang)``: the dialog's lines in ``lang`` (:func:`value_lines`)."""
        super().__init__(classes="-ascii" if ascii else None)
        self._lines_in = lines
        self._town = town_id
        self._lang = lang

    @property
    def _lines(self) -> list[str]:
        return self._lines_in(self._lang)

    def compose(self) -> ComposeResult:
        """The lines above the keys."""
        with Vertical(id="dialog"):
            with VerticalScroll(id="body"):
                yield Static(Content("\n".join(self._lines[1:])))
            yield Label(
                tr(self._lang, "esc 返回  o 打开小镇  y 复制", "esc back  o open town  y copy"),
                id="hint",
            )

    def dress(self) -> None:
        """The metric and town as the frame's title."""
        self.query_one("#dialog").border_title = self._lines[0]

    def selected_text(self) -> str:
        """Every line joined (the app's ``y`` copies it)."""
        return "; ".join(self._lines)

    def action_open_town(self) -> None:
        """Close and open the town."""
        self.dismiss(self._town)

    def action_close(self) -> None:
        """Back to the table."""
        self.dismiss(None)
