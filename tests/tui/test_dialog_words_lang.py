"""The event dialog names each entity's kind in the interface's language (issue 12):
``基金`` in Chinese, ``fund`` in English."""

from __future__ import annotations

import pytest

from tests.helpers.tui import AppFactory, screen_text, wait_loaded


@pytest.mark.parametrize(
    ("lang", "kind", "other"), [("zh", "基金", "fund"), ("en", "fund", "基金")]
)
async def test_event_dialog_entity_kind(
    make_app: AppFactory, lang: str, kind: str, other: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3", "right_square_bracket", "j", "enter")
        await pilot.pause()
        text = screen_text(app)
        line = next(ln for ln in text.splitlines() if "敦和资产" in ln)
        assert kind in line and other not in line


@pytest.mark.parametrize(
    ("lang", "name", "other"), [("zh", "云栖小镇", "Yunqi Town"), ("en", "Yunqi Town", "云栖小镇")]
)
async def test_palette_names_a_town_in_the_interface_language(
    make_app: AppFactory, lang: str, name: str, other: str
) -> None:
    """A jump found by an alias (``Cloud Town``) names the town in the interface's
    language after it: 云栖小镇 in Chinese, Yunqi Town in English."""
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"cloud town")
        await pilot.pause(0.5)
        line = next(ln for ln in screen_text(app).splitlines() if "Cloud Town" in ln)
        assert name in line and other not in line


@pytest.mark.parametrize(
    ("lang", "district", "other"), [("zh", "西湖区", "Xihu"), ("en", "Xihu District", "西湖区")]
)
async def test_town_picker_district_in_the_interface_language(
    make_app: AppFactory, lang: str, district: str, other: str
) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause(0.3)
        line = next(ln for ln in screen_text(app).splitlines() if "云栖小镇" in ln)
        assert district in line and other not in line
