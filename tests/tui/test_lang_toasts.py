"""A toast on screen when the language changes is said again in the new one (issue 12);
the data problems toast is checked with the broken data in ``test_one_language``."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets._toast import Toast

from tests.helpers.tui import AppFactory, wait_for, wait_loaded

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

MARK_EN = "Mark at least two towns with space."
MARK_ZH = "请先用空格选择至少两个小镇。"


def test_said_keeps_both_forms() -> None:
    from towntui.core.i18n import Said

    said = Said("en", "小镇", "Towns")
    assert said == "Towns" and (said.zh, said.en) == ("小镇", "Towns")
    assert said.text("zh") == "小镇" and Said("zh", "小镇", "Towns") == "小镇"
    assert Said.of("en", lambda lang: f"{lang}!").text("zh") == "zh!"


def toasts(app: App[object]) -> str:
    """The text of the toasts the screen shows (as each draws itself)."""
    return "\n".join(str(t.render()) for t in app.screen.query(Toast))


async def test_a_toast_on_screen_follows_the_language(make_app: AppFactory) -> None:
    app = make_app(dirs=[FIXTURES / "lang-en"], lang="en")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await wait_loaded(pilot)
        app.clear_notifications()
        await pilot.press("1", "c")  # fewer than two marked: a toast says how to mark
        await wait_for(pilot, lambda: MARK_EN in toasts(app))
        await pilot.press("L")
        await wait_for(pilot, lambda: MARK_ZH in toasts(app))
        assert MARK_EN not in toasts(app)
        (note,) = app._notifications
        assert note.message == MARK_ZH
        await pilot.press("L")  # and back
        await wait_for(pilot, lambda: MARK_EN in toasts(app))
        assert MARK_ZH not in toasts(app)
