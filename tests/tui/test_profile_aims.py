"""Issue 15: a town's profile lists its goals (as aims, never results), rankings, and
slogans and programmes after the key figures, in both languages, in ASCII, at 80
columns; a search result for one of them opens its town."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from tests.helpers.tui import AppFactory, screen_text, wait_for, wait_loaded
from tests.tui.test_app_towns_search import search_for
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import SearchIndex
from towntui.tui.render.aims import aim_about
from towntui.tui.render.glyphs import ASCII, UNICODE, Glyphs
from towntui.tui.render.profile import town_profile
from towntui.tui.screens.towns import TownsScreen

CLI_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "cli_data"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load([CLI_DATA])


def render(ds: Dataset, lang: str, g: Glyphs = UNICODE, *, notes: bool = False) -> str:
    town = ds.town("cloud")
    assert town is not None
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(town_profile(ds, town, lang, g, notes_open=notes))
    return console.export_text()


def test_the_sections_follow_the_key_figures_in_english(ds: Dataset) -> None:
    text = render(ds, "en")
    metrics, goals = text.index("Headline metrics"), text.index("Goals (aims, not results)")
    rankings, slogans = text.index("Rankings"), text.index("Slogans and programmes")
    assert metrics < goals < rankings < slogans < text.index("Entities")
    assert "Join the first tier of the cloud industry · by 2030 · target" in text
    assert "Cloud computing, overall evaluation · in the province · No. 1 (3 years" in text
    assert "Influence in cloud computing · in China · among the leaders" in text
    # a slogan in English keeps the Chinese it quotes
    assert "Open, share, move to the cloud · 开放、共享、上云 · slogan · 2023" in text
    assert "Cloud Programme · 云端计划 · programme · A programme for tests" in text


def test_the_sections_in_chinese(ds: Dataset) -> None:
    text = render(ds, "zh")
    assert "目标（规划所定，并非已实现）" in text
    assert "跻身云计算产业第一方阵 · 目标年份 2030 · 目标 1000亿元" in text
    assert "云计算综合评价 · 全省 · 第1（连续3年） · 2023" in text
    assert "口号与计划" in text and "开放、共享、上云 · 口号 · 2023" in text
    assert "Goals" not in text


def test_a_goal_note_is_numbered_with_the_data_notes(ds: Dataset) -> None:
    text = render(ds, "en", notes=True)
    line = next(x for x in text.splitlines() if "first tier of the cloud" in x)
    mark = line.rsplit(" ", 1)[1]
    assert mark.startswith("[") and mark.endswith("]")
    assert f"{mark} Join the first tier of the cloud industry: A goal for tests." in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ascii_and_80_columns(ds: Dataset, lang: str) -> None:
    text = render(ds, lang, ASCII)
    data = ("开放、共享、上云", "云端计划", "测试用的计划")
    for line in text.splitlines():
        assert cell_len(line) <= 80
    rest = text
    for s in data:
        rest = rest.replace(s, "")
    goals = rest[rest.index("Goals" if lang == "en" else "目标") :]
    section = goals[: goals.index("Entities" if lang == "en" else "主体")]
    if lang == "en":
        assert section.isascii(), sorted({c for c in section if not c.isascii()})
    assert "·" not in section


def test_a_search_result_says_what_it_is_in_the_language(ds: Dataset) -> None:
    index = SearchIndex(ds)
    hit = index.search("first tier")[0]
    assert hit.kind == "goal"
    assert aim_about(ds, hit, "en", UNICODE) == "by 2030 · target CNY 100bn"
    ranking = index.search("kind:ranking 云计算综合")[0]
    assert aim_about(ds, ranking, "zh", ASCII) == "全省 | 第1（连续3年） | 2023"
    slogan = index.search("kind:programme")[0]
    assert aim_about(ds, slogan, "en", UNICODE) == "A programme for tests"
    assert aim_about(ds, index.search("kind:slogan")[0], "zh", UNICODE) == "2023"


async def test_enter_on_a_slogan_opens_its_towns_profile(make_app: AppFactory) -> None:
    app = make_app(dirs=[CLI_DATA])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        screen = await search_for(pilot, "move to the cloud")
        assert (screen.hits[0].kind, screen.hits[0].id) == ("slogan", "cloud-slogan-open")
        assert "口号" in screen_text(app)  # the app speaks Chinese by default
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TownsScreen))
        assert app.current_town == "cloud"


async def test_the_palette_jumps_to_towns_and_entities_only(make_app: AppFactory) -> None:
    from textual.command import CommandPalette

    app = make_app(dirs=[CLI_DATA], lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"cloud")
        await wait_for(pilot, lambda: "Cloud Tech" in screen_text(app))
        text = screen_text(app)
        assert "programme:" not in text and "slogan:" not in text and "goal:" not in text
        await pilot.press("escape")
