"""One language at a time (issue 12): walk every screen, dialog and the palette in each
language and fail on a single word of the other one outside data text.

The walk runs on fixtures whose data text is all in the language walked: Latin letters in
``tests/fixtures/lang-en``, Chinese in ``tests/fixtures/lang-zh``. So any Chinese character
on an English screen, or any English word on a Chinese screen, is the interface's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Label, Static

from tests.helpers.lang import BROKEN_TOUR, BROKEN_TOWNS, chinese_leaks, english_leaks
from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from towntui.core.compare import compare
from towntui.core.loader import bundled_data_dir, load
from towntui.tui.app import TownApp
from towntui.tui.dialogs.value import value_lines
from towntui.tui.render.glyphs import ASCII
from towntui.tui.render.profile import town_profile
from towntui.tui.screens.compare import CompareScreen
from towntui.tui.screens.entity import EntityScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.timeline import TimelineScreen
from towntui.tui.screens.towns import TownsScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")

#: Words a Chinese screen may show: key names, format names, the app's name and its
#: default export file name (``towntui-compare.toml``), what the user types (query syntax,
#: pinyin examples and the walk's own query ``jia``), theme names and
#: the name of the other language in the language command.
LATIN_ALLOWED = {
    "space", "enter", "escape", "esc", "tab", "shift", "ctrl", "up", "down", "left",
    "right", "towntui", "toml", "csv", "json", "ascii", "kind", "town",
    "company", "yq", "yunqi", "english", "dark", "light", "nord", "gruvbox", "mono",
    "textual", "monokai", "dracula", "tokyo", "night", "catppuccin", "mocha", "latte",
    "solarized", "flexoki", "rose", "pine", "moon", "dawn", "ansi", "high", "contrast",
    "terminal", "jia", "compare",
}  # fmt: skip


def _leaks(text: str, lang: str) -> list[str]:
    if lang == "en":
        cleaned = text.replace("中文", "")  # the language command names its language
        return [line.strip() for line in cleaned.splitlines() if CJK.search(line)]
    found = []
    for line in text.splitlines():
        words = [w for w in re.findall(r"[A-Za-z]{2,}", line) if w.lower() not in LATIN_ALLOWED]
        if words:
            found.append(f"{words}: {line.strip()}")
    return found


class Walk:
    """Drives the app and collects what each step shows that is in the other language."""

    def __init__(self, pilot: Pilot[None], lang: str) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.lang = lang
        self.leaks: list[str] = []

    async def look(self, where: str) -> None:
        await self.pilot.pause()
        assert isinstance(self.app, TownApp)
        for leak in _leaks(screen_text(self.app), self.lang):
            self.leaks.append(f"{where}: {leak}")

    async def press(self, *keys: str, until: Callable[[], bool] | None = None) -> None:
        await self.pilot.press(*keys)
        if until is not None:
            await wait_for(self.pilot, until)
        await self.pilot.pause()

    async def keys_and_palette(self, where: str) -> None:
        await self.press("question_mark", until=lambda: bool(self.app.screen.query("#help-keys")))
        await self.look(f"{where} keys")
        await self.press("escape")
        await self.press("ctrl+p")
        await self.pilot.pause(0.3)
        await self.look(f"{where} palette")
        await self.press("escape")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_screen_speaks_one_language(make_app: AppFactory, lang: str) -> None:
    folder = FIXTURES / ("lang-en" if lang == "en" else "lang-zh")
    first, second = ("alpha", "beta") if lang == "en" else ("jia", "yi")
    app = make_app(dirs=[folder], lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        walk = Walk(pilot, lang)
        app.notify("")  # (no toast yet: the first look is of the screen alone)
        app.clear_notifications()
        await walk.look("towns")
        await walk.keys_and_palette("towns")
        await walk.press("y")
        await walk.look("towns after y")
        app.clear_notifications()
        await walk.press("space", "j", "space")
        await walk.look("towns marked")

        await walk.press("2", until=lambda: isinstance(app.screen, SearchScreen))
        await walk.look("search empty")
        await walk.press(*first[:3], until=lambda: bool(getattr(app.screen, "hits", None)))
        await walk.look("search results")
        await walk.press("tab")  # to the results: "?" in the query is a question mark
        await walk.keys_and_palette("search")
        await walk.press("escape", "escape", "escape")  # results, clear, back

        await walk.press("3", until=lambda: isinstance(app.screen, TimelineScreen))
        await walk.look("timeline")
        await walk.keys_and_palette("timeline")
        await walk.press("enter")
        await walk.look("event dialog")
        # the event's summary, written in both languages, shows in the language chosen
        summary = "first firms move in" if lang == "en" else "首批企业入驻"
        assert summary in screen_text(app), screen_text(app)
        await walk.press("escape")
        for key, name in (("t", "town picker"), ("c", "categories"), ("f", "year range")):
            await walk.press(key)
            await walk.look(name)
            await walk.press("escape")

        await walk.press("4", until=lambda: isinstance(app.screen, CompareScreen))
        await walk.look("compare")
        await walk.keys_and_palette("compare")
        await walk.press("v")
        await walk.pilot.pause(0.3)
        await walk.look("compare chart")
        await walk.press("v")
        await walk.press("enter")
        await walk.look("value source")
        await walk.press("escape")
        for key, name in (("Y", "year prompt"), ("e", "export dialog")):
            await walk.press(key)
            await walk.look(name)
            await walk.press("escape")
        await walk.press("d")
        await walk.look("remove picker")
        await walk.press("escape")
        app.clear_marks()
        await walk.look("compare no town")

        app.open_entity(f"{second}-firm")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityScreen))
        await walk.look("entity")
        await walk.keys_and_palette("entity")
        await walk.press("escape")

        app.show_problems()
        await walk.pilot.pause(0.2)
        await walk.look("problems")
        await walk.press("escape")
        await walk.press("1")
        assert isinstance(app.screen, TownsScreen), (app.screen, app.screen_stack)
        await walk.press("L")
        await walk.press("L")
        await walk.look("towns after L L")
    assert not walk.leaks, "\n".join(walk.leaks)


def _broken(root: Path) -> Path:
    """A data folder of broken towns and a broken tour (``tests.helpers.lang``)."""
    (root / "towns").mkdir(parents=True)
    (root / "tours").mkdir()
    for name in ("metrics.toml", "sources.toml"):
        (root / name).write_bytes((FIXTURES / "mini" / name).read_bytes())
    for name, text in BROKEN_TOWNS.items():
        (root / "towns" / name).write_text(text, "utf-8")
    (root / "tours" / "bad.toml").write_text(BROKEN_TOUR, "utf-8")
    return root


def _dialog_leaks(app: TownApp, lang: str) -> list[str]:
    """What the open problems dialog shows in the other language: its title, and each
    problem outside its paths, field and quoted values."""
    pane = app.screen.query_one("#help-pane")
    title = f"{pane.border_title} {pane.border_subtitle}"
    leaks = [f"title: {title}"] if _leaks(title, lang) else []
    listed = app.screen.selected_text() or ""
    for p in app.dataset.problems:
        assert ("E " if p.severity == "error" else "W ") + p.format(lang) in listed
        leaks += english_leaks(p) if lang == "en" else chinese_leaks(p)
    return leaks


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_broken_data_speaks_one_language(
    make_app: AppFactory, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.chdir(tmp_path)  # files read "broken/towns/a.toml"
    folder = FIXTURES / ("lang-en" if lang == "en" else "lang-zh")
    app = make_app(dirs=[folder, _broken(Path("broken"))], lang=lang)
    other = "zh" if lang == "en" else "en"
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.pause()
        (note,) = [n for n in app._notifications if n.severity == "error"]
        first = app.dataset.problems[0]
        assert first.format(lang) in note.message
        assert not _leaks(f"{note.title}\n{note.message.replace(first.format(lang), '')}", lang)
        app.show_problems()
        await wait_for(pilot, lambda: bool(app.screen.query("#help-pane")))
        await pilot.pause()
        assert len(app.dataset.problems) >= 25
        leaks = _dialog_leaks(app, lang)
        shown = screen_text(app)
        assert first.text(lang)[:20] in shown and first.text(other)[:20] not in shown
        await pilot.press("L")  # the open list follows the language
        await pilot.pause()
        # and so does the toast that said there are problems (said again, issue 12)
        assert first.text(other)[:12] in note.message and first.text(lang)[:12] not in note.message
        assert not _leaks(f"{note.title}\n{note.message.replace(first.format(other), '')}", other)
        leaks += _dialog_leaks(app, other)
        shown = screen_text(app)
        assert first.text(other)[:20] in shown and first.text(lang)[:20] not in shown
        await pilot.press("escape", "L")  # and opens in the language chosen outside it
        app.show_problems()
        await wait_for(pilot, lambda: bool(app.screen.query("#help-pane")))
        await pilot.pause()
        leaks += _dialog_leaks(app, lang)
    assert not leaks, "\n".join(leaks)


def test_the_check_sees_the_other_language() -> None:
    assert _leaks("Towns  按键", "en") == ["Towns  按键"]
    assert _leaks("language: 中文", "en") == []
    assert _leaks("小镇 space 选择  Quit", "zh") == ["['Quit']: 小镇 space 选择  Quit"]
    assert _leaks("小镇 space 选择 q 退出", "zh") == []


def _profile_text(town_id: str, lang: str) -> str:
    """The bundled town's profile as plain text, 80 columns wide."""
    ds = load([bundled_data_dir()])
    town = ds.town(town_id)
    assert town is not None
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(town_profile(ds, town, lang, ASCII))
    return console.export_text()


def test_lists_of_names_are_joined_in_the_language_chosen() -> None:
    """Aliases and a kind's entities are data, but what joins them is the interface's:
    ``, `` in English, ``、`` in Chinese (so is a source's byline in the value dialog)."""
    en, zh = _profile_text("yichuang", "en"), _profile_text("yichuang", "zh")
    assert "Also: 杭州艺创小镇, 艺创" in en and "、" not in en
    assert "又称：杭州艺创小镇、艺创" in zh
    # a source's title in English where the source gives one (the profile's sources)
    assert "A model characteristic town" in en and "特色小镇的典范" in zh
    ds = load([bundled_data_dir()])
    table = compare(ds, [t.id for t in ds.towns])
    found = [
        (town, row, cell)
        for row in table.rows
        for town, cell in zip(table.towns, row.cells, strict=True)
        if cell is not None and len(ds.sources[cell.original.source].byline) > 1
    ]
    town, row, cell = found[0]
    en_lines, zh_lines = (value_lines(ds, town, row, cell, lang) for lang in ("en", "zh"))
    assert "、" not in "\n".join(en_lines) and "、" in "\n".join(zh_lines)


KEYS_TITLE = {"zh": "按键：", "en": "Keys: "}
HINT = {"zh": "esc 返回", "en": "esc back"}


def _hint(app: TownApp) -> str:
    return str(app.screen.query_one("#hint", Label).content)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_l_in_a_dialog_says_it_again_in_the_other_language(
    make_app: AppFactory, lang: str
) -> None:
    """``L`` works in the dialogs that only show text (keys, an event, a value's source)
    as it does in the problems list: the dialog stays open, in the other language."""
    folder = FIXTURES / ("lang-en" if lang == "en" else "lang-zh")
    other = "zh" if lang == "en" else "en"
    app = make_app(dirs=[folder], lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        walk = Walk(pilot, lang)
        await walk.press("question_mark", until=lambda: bool(app.screen.query("#help-keys")))
        await walk.press("L")
        assert app.lang == other
        title = str(app.screen.query_one("#help-pane").border_title)
        assert title.startswith(KEYS_TITLE[other]), title
        await walk.press("escape", "3", until=lambda: isinstance(app.screen, TimelineScreen))
        await walk.press("enter", until=lambda: bool(app.screen.query("#hint")))
        assert HINT[other] in _hint(app)
        await walk.press("L")
        assert app.lang == lang and HINT[lang] in _hint(app)
        assert app.screen.query_one("#dialog").border_title  # (its date, again)
        await walk.press("escape")
        await walk.press("4", until=lambda: isinstance(app.screen, CompareScreen))
        await walk.press("enter", until=lambda: bool(app.screen.query("#hint")))
        before = str(app.screen.query_one("#body Static", Static).content)
        await walk.press("L")
        assert app.lang == other and HINT[other] in _hint(app)
        after = str(app.screen.query_one("#body Static", Static).content)
        value = {"zh": "数值：", "en": "Value: "}
        assert value[lang] in before and value[other] in after, after
