"""The town profile in one language, figures in that language, and the data notes in
their place (issue 12): who and what the town is and its key figures come first; the
curation notes follow in a "数据说明 / Data notes" section, folded to one line until
``n`` opens it, each numbered beside the figure or event it concerns."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.helpers.tui import AppFactory, plain, wait_loaded
from towntui.tui.app import TownApp
from towntui.tui.screens.towns import TownsScreen


def _profile(app: TownApp, width: int = 200) -> str:
    return plain(app.screen.query_one("#profile", Static), width=width)


async def _show(pilot: Pilot[None], town: str) -> TownsScreen:
    """Wait for the data, select ``town`` on the Towns screen and return the screen."""
    await wait_loaded(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TownsScreen)
    screen.select_town(town)
    await pilot.pause()
    return screen


async def test_english_profile_reads_figures_in_english(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, "binjiang")
        text = _profile(app)
        assert "over 480,000 people" in text and "超48万" not in text
        assert "33.5 years" in text and "33.5岁" not in text
        await pilot.press("L")  # Chinese: as the article writes it
        text = _profile(app)
        assert "超48万人" in text and "33.5岁" in text and "people" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_notes_come_after_the_figures_folded_then_open_with_n(
    make_app: AppFactory, bundled_dirs: list[Path], lang: str
) -> None:
    app = make_app(dirs=bundled_dirs, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _show(pilot, "qiantang")
        text = _profile(app)
        title = "数据说明" if lang == "zh" else "Data notes"
        town_note = "只涉及城北园区这块飞地" if lang == "zh" else "describe the Chengbei park"
        summary = "九堡" if lang == "zh" else "Jiubao"
        figures = "主要指标" if lang == "zh" else "Headline metrics"
        # who and what the town is, then its figures, then the notes, on one line
        assert text.index(summary) < text.index(figures) < text.index(title)
        assert town_note not in text
        folded = next(line for line in text.splitlines() if title in line)
        assert ("按 n 展开" if lang == "zh" else "n opens") in folded
        # the figures point at their notes
        assert "[3]" in text
        await pilot.press("n")
        await pilot.pause()
        text = _profile(app)
        assert town_note in text
        assert "[1] " + ("本镇：" if lang == "zh" else "The town: ") in text
        # the pane scrolled to the notes
        pane = screen.query_one("#profile-pane")
        assert pane.scroll_y > 0
        await pilot.press("n")
        await pilot.pause()
        assert town_note not in _profile(app)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_note_never_shows_in_the_wrong_language(
    make_app: AppFactory, bundled_dirs: list[Path], lang: str
) -> None:
    """A note written in both languages shows in the interface's; a note written in one
    language only (an English text in ``note``, as in the fixture data) shows behind a
    marker saying so in the other."""
    zh, en = "只涉及城北园区这块飞地", "describe the Chengbei park enclave only"
    app = make_app(dirs=bundled_dirs, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, "qiantang")
        await pilot.press("n")
        text = _profile(app, 400)
        assert (zh in text, en in text) == (lang == "zh", lang == "en")
        assert "（仅有英文）" not in text and "(Chinese only)" not in text
    app = make_app(lang=lang)  # the fixture data: one note is in English only
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, "yuhuangshan")
        await pilot.press("n")
        text = _profile(app, 400)
        lone = "截至目前 in a 2025 article."
        assert ("（仅有英文）" + lone in text) == (lang == "zh")
        assert lone in text and "(Chinese only)" not in text


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("en", 'Note "近日" in a 2023 article', "备注"),
        ("zh", '备注 2023年文章中写作"近日"', "in a 2023 article"),
    ],
)
def test_the_event_dialog_shows_its_note_in_the_dialogs_language(
    lang: str, shown: str, hidden: str
) -> None:
    from towntui.core.loader import bundled_data_dir, load
    from towntui.tui.dialogs.event import event_body
    from towntui.tui.render.glyphs import UNICODE

    ds = load([bundled_data_dir()])
    town = ds.town("qiantang")
    assert town is not None
    ev = next(e for e in town.events if e.id == "qiantang-2023-project-001")
    text = "\n".join(line.plain for line in event_body(ev, ds, lang, UNICODE))
    assert shown in text and hidden not in text
