"""The export dialog of the compare screen: pick a format and a path, then write.

The format follows the typed name (``a.csv`` writes CSV, and the list moves to it) until
the user picks one in the list; a name that then disagrees is refused, as is a name
without a known extension while no format is picked (the rule of
:func:`towntui.core.export.export_target`, which ``towntui export`` follows too). The
file is written atomically (a temporary file, then a rename) and never replaces an
existing file, nor creates a missing folder, unless the user confirms by pressing
``enter`` a second time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from towntui.core.export import (
    EXTENSIONS,
    FORMATS,
    ExportError,
    MissingFolder,
    export_target,
    missing_folder,
    write_atomic,
)
from towntui.core.fsutil import os_reason
from towntui.core.i18n import Msg, Said, tr
from towntui.tui.dialogs.base import Dialog
from towntui.tui.render.glyphs import Glyphs
from towntui.tui.widgets.safe_input import SafeInput
from towntui.tui.widgets.safe_list import SafeOptionList

DEFAULT_STEM = "towntui-compare"

#: the chart as text (what ``towntui compare --chart`` prints): any file name but a folder
TEXT = "text"


def default_path(fmt: str) -> str:
    """``./towntui-compare.<fmt>`` (``.txt`` for the text of a chart)."""
    return f"./{DEFAULT_STEM}.{'txt' if fmt == TEXT else fmt}"


class ExportDialog(Dialog[Path | None]):
    """Choose toml/csv/json and a path; ``enter`` writes, ``escape`` cancels.

    ``render(fmt)`` returns the text to write. Dismisses with the written path, or
    ``None`` when cancelled. Errors are shown in the dialog, which stays open.
    """

    CSS_PATH = "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "app.focus_next", "Next field", show=False),
    ]

    def __init__(
        self,
        render: Callable[[str], str],
        *,
        lang: str,
        g: Glyphs,
        fmt: str = "toml",
        formats: tuple[str, ...] = FORMATS,
    ) -> None:
        super().__init__(classes="-ascii" if g.ascii else None)
        self._text_for = render
        self._lang = lang
        self._g = g
        #: the formats offered: toml, json and csv, or only ``text`` (a chart)
        self._formats = formats
        self._fmt = fmt if fmt in formats else formats[0]
        self._picked = False  # whether the user chose the format in the list
        self._following: list[str] = []  # highlights made to follow the name, not yet seen
        self._confirm: Path | None = None  # the existing file the user may overwrite
        self._create: Path | None = None  # the path whose missing folder the user may create

    @property
    def fmt(self) -> str:
        """The chosen format."""
        return self._fmt

    def compose(self) -> ComposeResult:
        """Format list, path input, status line and key hint."""
        lang = self._lang
        with Vertical(id="dialog"):
            yield Label(tr(lang, "格式", "Format"), classes="field")
            yield SafeOptionList(
                *[Option(Content(f.upper()), id=f) for f in self._formats],
                id="formats",
            )
            yield Label(tr(lang, "路径", "Path"), classes="field")
            yield SafeInput(value=default_path(self._fmt), id="path")
            yield Label("", id="status")
            yield Label(
                tr(lang, "回车 保存  tab 切换  esc 取消", "enter save  tab next field  esc cancel")
                if self._fmt == TEXT
                else tr(
                    lang,
                    "回车 导出  tab 切换  esc 取消",
                    "enter export  tab next field  esc cancel",
                ),
                id="hint",
            )

    def on_mount(self) -> None:
        """Frame the dialog, select the current format and put the cursor in the path
        (all of it selected: what is typed replaces it, and the format follows it)."""
        box = self.query_one("#dialog")
        box.border_title = (
            tr(self._lang, "保存图表（文本）", "Save the chart as text")
            if self._fmt == TEXT
            else tr(self._lang, "导出对比表", "Export comparison")
        )
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = self._formats.index(self._fmt)
        self.query_one("#path", Input).focus()

    @on(OptionList.OptionHighlighted, "#formats")
    def _format_moved(self, message: OptionList.OptionHighlighted) -> None:
        new = message.option.id or self._fmt
        if self._following and self._following[0] == new:
            self._following.pop(0)  # the list following the typed name
            return
        if new == self._fmt:  # the first highlight
            return
        self._picked = True
        path_input = self.query_one("#path", Input)
        old_default = default_path(self._fmt)
        self._fmt = new
        if path_input.value.strip() in ("", old_default):
            path_input.value = default_path(new)
        elif path_input.value.endswith(tuple(f".{f}" for f in FORMATS)):
            path_input.value = path_input.value.rsplit(".", 1)[0] + f".{new}"

    @on(OptionList.OptionSelected, "#formats")
    def _format_chosen(self, message: OptionList.OptionSelected) -> None:
        self._picked = True  # enter on a format chooses it, moved to or not
        self._fmt = message.option.id or self._fmt
        self.export()

    @on(Input.Changed, "#path")
    def _path_changed(self, message: Input.Changed) -> None:
        self._confirm = None
        self._create = None
        self._status("", "")
        named = EXTENSIONS.get(Path(message.value.strip()).suffix.lower())
        if not self._picked and named in self._formats and named != self._fmt:
            self._fmt = named
            self._following.append(named)
            self.query_one("#formats", OptionList).highlighted = self._formats.index(named)

    @on(Input.Submitted, "#path")
    def _path_submitted(self) -> None:
        self.export()

    def _status(self, text: str, style: str) -> None:
        self.query_one("#status", Label).update(Content.styled(text, style))

    def export(self) -> None:
        """Write the file; ask for confirmation first if it exists."""
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._status(tr(self._lang, "请输入路径", "Type a path"), "$text-error")
            return
        try:
            fmt = self._target(raw)
        except ExportError as exc:
            self._status(self._refusal(exc), "$text-error")
            return
        path = Path(raw).expanduser()
        force = self._confirm is not None and self._confirm == path
        create = self._create is not None and self._create == path
        folder = missing_folder(path)
        if folder is not None and not create:
            self._ask_to_create(path, folder)
            return
        try:
            write_atomic(path, self._text_for(fmt), force=force, parents=create)
        except MissingFolder as exc:  # removed while the question was open
            self._ask_to_create(path, exc.folder)
            return
        except FileExistsError:
            self._confirm = path
            self._status(
                tr(
                    self._lang,
                    f"{raw} 已存在：再按回车覆盖，或修改路径",
                    f"{raw} exists: press enter again to overwrite, or change the path",
                ),
                "$text-warning",
            )
            return
        except OSError as exc:
            error = exc  # (``exc`` is gone after the except clause)
            reason = os_reason(exc, self._lang, lower=False)
            self._status(
                tr(self._lang, f"无法写入 {raw}：{reason}", f"Could not write {raw}: {reason}"),
                "$text-error",
            )
            self.notify(
                Said.of(
                    self._lang,
                    lambda lang: (
                        tr(lang, "导出失败：", "Export failed: ")
                        + os_reason(error, lang, lower=False)
                    ),
                ),
                severity="error",
                markup=False,
            )
            return
        self.dismiss(path)

    def _target(self, raw: str) -> str:
        """The format to write ``raw`` in (the text of a chart goes to any file name)."""
        if self._fmt != TEXT:
            return export_target(raw, self._fmt if self._picked else None).fmt
        if raw.endswith(("/", os.sep)) or Path(raw).expanduser().is_dir():
            raise ExportError("folder", Msg(f"{raw} is a folder", f"{raw} 是文件夹"), name=raw)
        return TEXT

    def _ask_to_create(self, path: Path, folder: Path) -> None:
        self._create = path
        self._status(
            tr(
                self._lang,
                f"文件夹 {folder} 不存在。要创建吗？回车创建，或修改路径",
                f"Folder {folder} does not exist. Create it? enter: create, or change the path",
            ),
            "$text-warning",
        )

    def _refusal(self, exc: ExportError) -> str:
        """Why the path is refused, in the dialog's language."""
        name = exc.name
        if exc.kind == "conflict" and exc.fmt is not None and exc.inferred is not None:
            fmt, inferred = exc.fmt.upper(), exc.inferred.upper()
            return tr(
                self._lang,
                f"{name} 以 {exc.ext} 结尾（{inferred}），但选择的格式是 {fmt}："
                f"请改为 .{exc.fmt} 结尾，或选择 {inferred}",
                f"{name} ends in {exc.ext} ({inferred}) but the chosen format is {fmt}: "
                f"end the name in .{exc.fmt}, or choose {inferred}",
            )
        if exc.kind == "unknown":
            names = ", ".join(EXTENSIONS)
            return tr(
                self._lang,
                f"无法从 {name} 看出格式：请以 {names} 结尾，或在上方选择格式",
                f"Cannot tell the format from {name}: end it in {names}, or choose a format above",
            )
        return tr(
            self._lang, f"{name} 是文件夹：请输入文件名", f"{name} is a folder: type a file name"
        )

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)
