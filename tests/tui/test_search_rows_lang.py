"""Search rows in English lead with the record's English form (issue 12): a goal,
ranking, slogan, entity or event found by a filter or by its Chinese text shows its
English first and the Chinese beside it, as written; in Chinese the row is as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.tui import AppFactory, burst, screen_text, wait_for, wait_loaded
from towntui.core.model import Dataset, Event
from towntui.core.search import Hit
from towntui.tui.app import TownApp
from towntui.tui.render.aims import find_aim
from towntui.tui.screens.search import SearchScreen


async def _first_line(app: TownApp, pilot: object, query: str, kind: str) -> tuple[Hit, str]:
    """The first ``kind`` hit of ``query`` and its first line as drawn 78 cells wide."""
    await pilot.press("2")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    burst(app, query)
    await wait_for(pilot, lambda: any(h.kind == kind for h in screen.hits))  # type: ignore[arg-type]
    hit = next(h for h in screen.hits if h.kind == kind)
    return hit, screen._row(hit, 78).plain.splitlines()[0]


@pytest.mark.parametrize(
    ("query", "kind"), [("kind:goal", "goal"), ("kind:ranking", "ranking"), ("时尚e都", "goal")]
)
async def test_aims_lead_with_their_english(
    make_app: AppFactory, bundled_dirs: list[Path], query: str, kind: str
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        hit, line = await _first_line(app, pilot, query, kind)
        aim = find_aim(app.dataset, hit)
        assert aim is not None
        english = getattr(aim, "ranking_en", None) or getattr(aim, "text_en", None)
        assert english and line.strip().startswith(english[:12]), line
        chinese = getattr(aim, "ranking", None) or getattr(aim, "text", "")
        assert f"· {chinese[:4]}" in line, line  # the text as written, beside
        assert english[:12] in screen_text(app)


async def test_entities_found_by_a_filter_lead_with_their_english(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await _first_line(app, pilot, "kind:company", "entity")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        hit = next(h for h in screen.hits if h.name == "东方电气")
        line = screen._row(hit, 78).plain.splitlines()[0]
        assert line.strip().startswith("Dongfang Electric  · 东方电气"), line


async def test_chinese_rows_are_as_written(make_app: AppFactory, bundled_dirs: list[Path]) -> None:
    app = make_app(dirs=bundled_dirs, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        hit, line = await _first_line(app, pilot, "kind:goal", "goal")
        assert line.strip().startswith(hit.label[:8]), line


async def test_a_town_found_by_its_chinese_name_leads_with_its_english(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        hit, line = await _first_line(app, pilot, "yq", "town")
        assert hit.id == "yunqi"
        assert line.strip().startswith("Yunqi Town  · 云栖小镇"), line


async def test_an_event_row_finds_its_event_without_walking_every_event(
    make_app: AppFactory, bundled_dirs: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event hit's row leads with its English title (in English) and says its date;
    its event is found among its towns' events, not in a map of every event made on the
    first event hit (at 100k, 40,000 events: a ~30 ms stall on a keystroke)."""
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        walked: list[int] = []
        real = Dataset.events

        def events(ds: Dataset) -> tuple[Event, ...]:
            walked.append(1)
            return real.__get__(ds)

        monkeypatch.setattr(Dataset, "events", property(events))
        hit, line = await _first_line(app, pilot, "kind:event", "event")
        ev = next(e for t in app.dataset.towns for e in t.events if e.id == hit.id)
        assert ev.title_en and ev.title_en[:20] in line
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert str(ev.date) in screen._row(hit, 78).plain
        assert not walked


@pytest.mark.parametrize(
    ("query", "kind", "chinese", "matched"),
    [
        ("yunqi", "town", "云栖小镇", "Yunqi"),
        ("alibaba cloud", "entity", "阿里云", "Alibaba Cloud"),
    ],
)
async def test_a_chinese_row_found_by_english_leads_with_the_chinese(
    make_app: AppFactory,
    bundled_dirs: list[Path],
    query: str,
    kind: str,
    chinese: str,
    matched: str,
) -> None:
    """In Chinese a row found by an English name or alias led with the English
    (``Yunqi · 云栖小镇``); it leads with the record as written, and what matched beside
    it (highlighted), as English rows do the other way round."""
    app = make_app(dirs=bundled_dirs, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        hit, line = await _first_line(app, pilot, query, kind)
        assert not any("\u4e00" <= c <= "\u9fff" for c in hit.label)  # an English match
        assert line.strip().startswith(chinese), line
        assert matched.lower() in line.lower()
