"""CPU and wall time of a language switch (``L``) and of two screen switches (``3``, ``1``)
in the app, headless at 80x24 on the bundled data, each key waited out until the screen
is idle.

    python benchmarks/switch_bench.py [--presses 20]
    PYTHONPATH=/tmp/old/src python benchmarks/switch_bench.py   # another tree, same venv

Run old and new in turn, several processes each: figures drift with the host's load.
Medians are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from typing import Any

from textual.pilot import Pilot

from towntui.core.loader import bundled_data_dir
from towntui.tui.app import TownApp


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.animator.wait_until_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def _measure(presses: int) -> dict[str, tuple[float, float]]:
    app = TownApp(dirs=[bundled_data_dir()], lang="zh")
    figures: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        while not app.loaded:
            await pilot.pause(0.02)
        await pilot.pause(0.3)
        for name, keys in (("L", ["L"]), ("3 then 1", ["3", "1"])):
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(presses):
                for key in keys:
                    await pilot.press(key)
                    await _settle(pilot)
            figures[name] = (
                (time.process_time() - cpu) / presses * 1000,
                (time.perf_counter() - wall) / presses * 1000,
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TOWNTUI_CACHE_DIR", os.path.join(tmp, "cache"))
        os.environ.setdefault("TOWNTUI_CONFIG_DIR", os.path.join(tmp, "config"))
        figures = asyncio.run(_measure(args.presses))
    for name, (cpu, wall) in figures.items():
        print(f"{name:>9}: CPU {cpu:6.1f} ms, wall {wall:6.1f} ms per press")


if __name__ == "__main__":
    main()
