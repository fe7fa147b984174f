"""The app's writes (export dialog, settings) are atomic and fail without harm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_atomic_writes import fail_fsync, listing, spy_moves
from textual.widgets import Input, Label

from tests.helpers.tui import AppFactory, plain, wait_for, wait_loaded
from towntui.core import config as settings
from towntui.tui.app import TownApp
from towntui.tui.dialogs.export import ExportDialog
from towntui.tui.screens.compare import CompareScreen


async def open_export(app: TownApp, pilot: object, target: Path) -> ExportDialog:
    """Compare two towns, press ``e``, choose JSON and type ``target`` as the path."""
    app.toggle_mark("qiantang")
    app.toggle_mark("yunqi")
    await pilot.press("4")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))  # type: ignore[arg-type]
    await pilot.press("e")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog))  # type: ignore[arg-type]
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#formats").focus()  # the dialog opens in the path
    await pilot.press("down")  # type: ignore[attr-defined]
    assert dialog.fmt == "json"
    path = dialog.query_one("#path", Input)
    path.value = str(target)
    path.focus()
    return dialog


async def test_export_dialog_writes_through_a_temporary_file(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "compare.json"
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await open_export(app, pilot, target)
        moves = spy_moves(monkeypatch)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
    (move,) = moves
    assert move.dst == target and move.src.parent == out and move.dst_bytes is None
    assert [t["id"] for t in json.loads(move.src_bytes)["towns"]] == ["qiantang", "yunqi"]
    assert [t["id"] for t in json.loads(target.read_text("utf-8"))["towns"]] == [
        "qiantang",
        "yunqi",
    ]
    assert listing(out) == ["compare.json"]


async def test_export_dialog_that_cannot_write_stays_open_and_keeps_the_old_file(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "compare.json"
    target.write_text("old", "utf-8")
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        dialog = await open_export(app, pilot, target)
        await pilot.press("enter")  # refused: the file exists
        await pilot.pause()
        assert "exists" in plain(dialog.query_one("#status", Label).content)
        assert target.read_text("utf-8") == "old"
        fail_fsync(monkeypatch)
        await pilot.press("enter")  # confirmed, but the disk is full
        await pilot.pause()
        assert app.screen is dialog and app.is_running
        status = plain(dialog.query_one("#status", Label).content, width=400)
        assert "Could not write" in status and "No space left on device" in status
        assert any("Export failed" in n.message for n in app._notifications)
        await pilot.press("escape")
    assert target.read_text("utf-8") == "old"
    assert listing(out) == ["compare.json"]


async def test_settings_that_cannot_be_saved_are_reported_not_fatal(
    make_app: AppFactory, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.save_config(settings.Config(theme="dark", lang="zh"))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        fail_fsync(monkeypatch)
        await pilot.press("L")
        assert app.lang == "en" and app.is_running
        notes = [n.message for n in app._notifications]
        assert any("Settings not saved" in m and "No space left" in m for m in notes), notes
    assert settings.load_config() == (settings.Config(theme="dark", lang="zh"), None)
    assert listing(config_dir) == ["config.toml"]


async def test_settings_are_saved_through_a_temporary_file(
    make_app: AppFactory, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        moves = spy_moves(monkeypatch)
        await pilot.press("L")
    assert [m.dst for m in moves] == [config_dir / "config.toml"]
    assert b'lang = "en"' in moves[0].src_bytes
    assert settings.load_config()[0].lang == "en"
    assert listing(config_dir) == ["config.toml"]
