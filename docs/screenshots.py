"""Write the README's screenshots (SVG) from the real app on the bundled data.

    .venv/bin/python docs/screenshots.py        # or: make screenshots
    .venv/bin/python docs/screenshots.py tour   # only the named ones

Each screen is captured at 100x30 after the keys a user would press; settings live in a
temporary folder, so the user's theme and language are not used or changed. ``tour`` is
the bundled guided tour at its first stop (``towntui tour``). The browser screenshot is
made by ``docs/browser_screenshot.py``.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from towntui.core.loader import bundled_data_dir, load
from towntui.core.tour import DEFAULT_TOUR, load_tours
from towntui.tui.app import TownApp
from towntui.tui.tour import TourPlan

OUT = Path(__file__).resolve().parent / "screens"
SIZE = (100, 30)

#: file name → keys pressed after the data has loaded
SHOTS: dict[str, tuple[str, ...]] = {
    "towns": ("end",),
    "search": ("slash", "y", "q"),
    "timeline": ("3",),
    "compare": ("1", "home", "space", "down", "down", "down", "space", "end", "space", "4"),
    "compare-chart": (
        *("1", "home", "space", "down", "down", "down", "space", "end", "space", "4"),
        *("j", "j", "j", "j", "v"),
    ),
    "keys": ("3", "question_mark"),
    "tour": (),
}


def tour_plan() -> TourPlan:
    """The bundled tour, as ``towntui tour`` starts it."""
    folders = [bundled_data_dir()]
    return TourPlan(load_tours(folders, load(folders)).tours[DEFAULT_TOUR])


async def shoot(name: str, keys: tuple[str, ...], lang: str) -> Path:
    """Run the app in ``lang``, press ``keys``, save an SVG of the screen (``NAME.svg`` in
    Chinese, ``NAME-en.svg`` in English)."""
    app = TownApp(lang=lang)
    if name == "tour":
        app.tour_plan, app.tour_typing_delay = tour_plan(), 0
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        while not app.loaded or app.tour_busy:
            await pilot.pause(0.05)
        app.clear_notifications()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        suffix = "" if lang == "zh" else f"-{lang}"
        return Path(app.save_screenshot(filename=f"{name}{suffix}.svg", path=str(OUT)))


def main(names: list[str]) -> int:
    """Capture the screens named (default: every screen in :data:`SHOTS`), in Chinese and
    in English."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as config:
        os.environ["TOWNTUI_CONFIG_DIR"] = config
        os.environ.pop("TOWNTUI_DATA", None)
        for lang in ("zh", "en"):
            for name, keys in SHOTS.items():
                if not names or name in names:
                    print(asyncio.run(shoot(name, keys, lang)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
