"""The compare screen's export dialog (issue 10, items 7, 8 and 11), driven with Pilot.

The format follows the typed name unless the user picked one in the list (then a name
that disagrees is refused); a missing folder is created only after the user confirms;
CSV cells a spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

from textual.widgets import Input, Label, OptionList

from tests.helpers import listing
from tests.helpers.tui import plain
from towntui.core.loader import load
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.screens.compare import CompareScreen

from .test_timeline_compare import MINI, Host

TOWNS = ["qiantang", "yuhuangshan"]


def host(**kwargs: object) -> Host:
    return Host(CompareScreen, marked=TOWNS, lang="en", **kwargs)  # type: ignore[arg-type]


def ids(record: dict[str, Any]) -> list[str]:
    """The town ids of an exported comparison."""
    return [t["id"] for t in record["towns"]]


async def open_dialog(app: Host, pilot: object, *downs: str) -> ExportDialog:
    """Press ``e``; then ``down`` in the format list as often as ``downs`` says (the
    dialog opens with the cursor in the path)."""
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("e")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    if downs:  # the path has the focus: the format list is one shift+tab away
        dialog.query_one("#formats", OptionList).focus()
        await pilot.press(*downs)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    return dialog


async def submit(pilot: object, dialog: ExportDialog, path: str) -> None:
    """Type ``path`` into the path field and press ``enter``."""
    field = dialog.query_one("#path", Input)
    field.value = path
    field.focus()
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def status(dialog: ExportDialog) -> str:
    return " ".join(plain(dialog.query_one("#status", Label).content, width=400).split())


# ------------------------------------------------------------ 7: format from the name


async def test_a_csv_name_writes_csv_when_no_format_was_picked(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "a.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        assert dialog.fmt == "toml"  # the list shows TOML until a name says otherwise
        await submit(pilot, dialog, str(target))
        assert not isinstance(app.screen, ExportDialog)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert [r["key"] for r in rows][:1] and "talents" in [r["key"] for r in rows]


async def test_the_format_list_follows_the_typed_name(tmp_path: Path) -> None:
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        field = dialog.query_one("#path", Input)
        field.value = str(tmp_path / "b.json")
        await pilot.pause()
        assert dialog.fmt == "json"
        assert dialog.query_one("#formats", OptionList).highlighted == 1
        await pilot.press("escape")


async def test_a_name_that_disagrees_with_the_picked_format_is_refused(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "x.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, "down")  # JSON picked in the list
        assert dialog.fmt == "json"
        await submit(pilot, dialog, str(target))
        assert app.screen is dialog  # stays open, says why
        text = status(dialog)
        assert ".csv" in text and "JSON" in text
        await pilot.press("escape")
    assert listing(tmp_path) == []


async def test_an_unknown_extension_is_refused_until_a_format_is_picked(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "x.txt"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(pilot, dialog, str(target))
        assert app.screen is dialog
        text = status(dialog)
        assert ".toml" in text and ".json" in text and ".csv" in text
        assert listing(tmp_path) == []
        dialog.query_one("#formats", OptionList).focus()
        await pilot.press("down")  # pick JSON: the name keeps its .txt
        await pilot.pause()
        assert dialog.query_one("#path", Input).value == str(target)
        await submit(pilot, dialog, str(target))
        assert not isinstance(app.screen, ExportDialog)
    assert ids(json.loads(target.read_text("utf-8"))) == TOWNS


# ------------------------------------------------------------ 8: a missing folder


async def test_a_missing_folder_is_created_only_after_the_user_confirms(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "new" / "sub" / "cmp.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(pilot, dialog, str(target))
        assert app.screen is dialog
        text = status(dialog)
        assert f"Folder {tmp_path / 'new' / 'sub'} does not exist. Create it?" in text
        assert listing(tmp_path) == []  # nothing made yet
        await pilot.press("enter")  # yes
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert ids(tomllib.loads(target.read_text("utf-8"))) == TOWNS


async def test_changing_the_path_withdraws_the_question(tmp_path: Path) -> None:
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(pilot, dialog, str(tmp_path / "new" / "cmp.toml"))
        assert "Create it?" in status(dialog)
        await submit(pilot, dialog, str(tmp_path / "other" / "cmp.toml"))
        assert "other" in status(dialog) and app.screen is dialog  # asked again, anew
        await pilot.press("escape")
    assert listing(tmp_path) == []


async def test_the_question_is_asked_in_chinese_too(tmp_path: Path) -> None:
    app = Host(CompareScreen, marked=TOWNS, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(pilot, dialog, str(tmp_path / "new" / "cmp.toml"))
        assert "不存在" in status(dialog) and "创建" in status(dialog)
        await pilot.press("escape")
    assert listing(tmp_path) == []


# ------------------------------------------------------------ 11: neutralised CSV


async def test_the_compare_csv_is_neutralised(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    registry = data / "metrics.toml"
    text = registry.read_text("utf-8")
    assert 'label_en = "Talents"' in text
    registry.write_text(text.replace('label_en = "Talents"', 'label_en = "=1+1"'), "utf-8")
    app = host(dataset=load([data]))
    target = tmp_path / "out" / "cmp.csv"
    target.parent.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, "down", "down")  # CSV picked in the list
        assert dialog.fmt == "csv"
        await submit(pilot, dialog, str(target))
        assert not isinstance(app.screen, ExportDialog)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    talents = next(r for r in rows if r["key"] == "talents")
    assert talents["label_en"] == "'=1+1"


async def test_enter_on_the_highlighted_format_picks_it(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "x.txt"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        await submit(pilot, dialog, str(target))
        assert "Cannot tell the format" in status(dialog)
        dialog.query_one("#formats", OptionList).focus()
        await pilot.press("enter")  # TOML, as highlighted
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert ids(tomllib.loads(target.read_text("utf-8"))) == TOWNS


async def test_a_burst_of_names_leaves_the_format_unpicked(tmp_path: Path) -> None:
    app = host()
    target = tmp_path / "c.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        field = dialog.query_one("#path", Input)
        for name in ("a.csv", "b.json", "c.toml"):  # before any highlight message is seen
            field.value = str(tmp_path / name)
        await pilot.pause()
        assert dialog.fmt == "toml" and field.value == str(target)
        await submit(pilot, dialog, str(tmp_path / "d.json"))
        assert not isinstance(app.screen, ExportDialog)
    assert ids(json.loads((tmp_path / "d.json").read_text("utf-8"))) == TOWNS
