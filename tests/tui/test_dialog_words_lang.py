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
