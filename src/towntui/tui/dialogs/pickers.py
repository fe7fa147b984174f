"""Small modal dialogs: pick a town (fuzzy), pick categories, type a value.

Each dialog is a :class:`~textual.screen.ModalScreen` that returns its answer through
``dismiss`` (``None`` when cancelled with ``escape``), so screens use them with
``push_screen(dialog, callback)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from towntui.core import textsafe
from towntui.core.i18n import pick, tr
from towntui.core.model import EVENT_CATEGORIES, Town, other_name
from towntui.core.resolve import rank_towns
from towntui.tui.dialogs.base import Dialog
from towntui.tui.render.glyphs import Glyphs, category_style
from towntui.tui.render.labels import category_label, crop
from towntui.tui.widgets.safe_input import SafeInput
from towntui.tui.widgets.safe_list import SafeOptionList

#: the value the town picker returns for its "all towns" entry
ALL = ""

__all__ = ["ALL", "CategoryPicker", "PromptDialog", "TownPicker", "rank_towns"]


#: Cells a picker row has before the list is laid out (the dialog is 64 wide).
ROW_WIDTH = 56


class TownPicker(Dialog[str | None]):
    """Type to filter towns (pinyin and initials work); ``enter`` picks one.

    Returns the town id, :data:`ALL` for the "all towns" entry (when offered), or
    ``None`` when cancelled.
    """

    CSS_PATH = "pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(
        self,
        towns: Sequence[Town],
        *,
        title: str,
        lang: str,
        g: Glyphs,
        all_label: str | None = None,
    ) -> None:
        super().__init__(classes="-ascii" if g.ascii else None)
        self._towns = list(towns)
        self._title = title
        self._lang = lang
        self._g = g
        self._all_label = all_label

    def compose(self) -> ComposeResult:
        """An input above the list of matching towns."""
        with Vertical(id="dialog"):
            yield SafeInput(placeholder=tr(self._lang, "输入名称或拼音", "type a name or pinyin"))
            yield SafeOptionList(id="choices")

    def on_mount(self) -> None:
        """Frame the dialog and fill the list."""
        box = self.query_one("#dialog")
        box.border_title = self._title
        self._fill("")

    def _fill(self, query: str) -> None:
        options: list[Option] = []
        if self._all_label is not None and not query.strip():
            options.append(Option(Content(self._all_label), id="all"))
        for town in rank_towns(self._towns, query):
            options.append(Option(self._prompt(town), id=f"town:{town.id}"))
        olist = self.query_one("#choices", OptionList)
        olist.set_options(options)
        olist.highlighted = 0 if options else None

    def _prompt(self, town: Town) -> Content:
        """``name  English name  district`` on one line: the English name is cut to fit
        (a wrapped district would read as another town)."""
        name = textsafe.one_line(town.name)
        other = textsafe.one_line(other_name(town.name, town.name_en) or "")
        district = textsafe.one_line(pick(self._lang, town.district, town.district_en) or "")
        olist = self.query_one("#choices", OptionList)
        width = olist.scrollable_content_region.width or min(ROW_WIDTH, self.app.size.width - 8)
        room = width - cell_len(name) - 2 - (cell_len(district) + 2 if district else 0)
        other = crop(other, room, self._g.ellipsis) if room > cell_len(self._g.ellipsis) else ""
        if not other and room < 0:
            district = ""
        return Content.assemble(
            (name, "bold"),
            "  " if other else "",
            other,
            ("  " + district if district else "", "dim"),
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_resize(self, event: events.Resize) -> None:
        """Rows fitted to the new width."""
        self._fill(self.query_one(Input).value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        olist = self.query_one("#choices", OptionList)
        if olist.highlighted is not None:
            self._choose(olist.get_option_at_index(olist.highlighted))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def _choose(self, option: Option) -> None:
        oid = option.id or ""
        self.dismiss(ALL if oid == "all" else oid.removeprefix("town:"))

    def action_move(self, step: int) -> None:
        """Move the highlight in the list while typing."""
        olist = self.query_one("#choices", OptionList)
        if step > 0:
            olist.action_cursor_down()
        else:
            olist.action_cursor_up()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)


class CategoryPicker(Dialog[frozenset[str] | None]):
    """Tick event categories: ``space`` toggles, ``a`` all, ``n`` none, ``enter`` applies.

    Returns the chosen set (every category means no filter) or ``None`` when cancelled.
    """

    CSS_PATH = "pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Apply", priority=True),
        Binding("space", "tick", "Toggle"),
        Binding("a", "all", "All"),
        Binding("n", "none", "None"),
    ]

    def __init__(self, chosen: frozenset[str], *, title: str, lang: str, g: Glyphs) -> None:
        super().__init__(classes="-ascii" if g.ascii else None)
        self._chosen = set(chosen)
        self._keys = list(EVENT_CATEGORIES)
        self._title = title
        self._lang = lang
        self._g = g

    def compose(self) -> ComposeResult:
        """The list of categories with tick boxes."""
        with Vertical(id="dialog"):
            yield SafeOptionList(*[self._prompt(k) for k in self._keys], id="choices")
            yield Label(self._hint(), id="hint")

    def on_mount(self) -> None:
        """Frame the dialog."""
        box = self.query_one("#dialog")
        box.border_title = self._title
        self.query_one("#choices", OptionList).highlighted = 0

    def _hint(self) -> str:
        return tr(
            self._lang,
            "空格 勾选, a 全部, n 全不选, 回车 应用, esc 取消",
            "space toggle, a all, n none, enter apply, esc cancel",
        )

    def _prompt(self, key: str) -> Content:
        box = "[x]" if key in self._chosen else "[ ]"
        return Content.assemble(
            box,
            " ",
            (self._g.category(key), category_style(key)),
            " ",
            category_label(key, self._lang),
        )

    def _redraw(self) -> None:
        olist = self.query_one("#choices", OptionList)
        for i, key in enumerate(self._keys):
            olist.replace_option_prompt_at_index(i, self._prompt(key))

    def action_tick(self) -> None:
        """Tick or untick the highlighted category."""
        olist = self.query_one("#choices", OptionList)
        if olist.highlighted is None:
            return
        key = self._keys[olist.highlighted]
        self._chosen.symmetric_difference_update({key})
        self._redraw()

    def action_all(self) -> None:
        """Tick every category."""
        self._chosen = set(self._keys)
        self._redraw()

    def action_none(self) -> None:
        """Untick every category."""
        self._chosen = set()
        self._redraw()

    def action_apply(self) -> None:
        """Close with the ticked categories."""
        self.dismiss(frozenset(self._chosen))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


class PromptDialog(Dialog[str | None]):
    """Ask for one line of text; ``validate`` returns an error message or ``None``."""

    CSS_PATH = "pickers.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        *,
        title: str,
        hint: str,
        value: str,
        g: Glyphs,
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(classes="-ascii" if g.ascii else None)
        self._title = title
        self._hint = hint
        self._value = value
        self._g = g
        self._validate = validate

    def compose(self) -> ComposeResult:
        """A hint, the input and a line for errors."""
        with Vertical(id="dialog"):
            yield Label(self._hint, id="hint")
            yield SafeInput(value=self._value)
            yield Label("", id="error")

    def on_mount(self) -> None:
        """Frame the dialog."""
        box = self.query_one("#dialog")
        box.border_title = self._title

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self._validate(event.value) if self._validate else None
        if problem:
            self.query_one("#error", Label).update(Content(problem))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
