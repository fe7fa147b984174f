"""Issue 17 goal 3, the app: process start → first search results on screen, warm cache.

    python benchmarks/search_ready.py DATA [--rounds 5] [--other old=/tmp/old/src]

Runs the app headless (``App.run_test``, 120x40; every frame is still composed) on the
bundled data plus ``DATA`` (``benchmarks/generate.py DATA --towns 1000``: 100k entities)
in a fresh process per run, for this checkout and each ``--other NAME=SRC``, each with
its own load cache, warmed by one run first. Rounds are interleaved (new, old, new, old,
...) so the host's load falls on both alike. In each run the user types ``/yq`` at the
first frame (keys sent as a terminal sends them); the figure is the time from the start
of the process (interpreter and imports included) to the first frame that shows results
for it. Printed beside it: the time to the whole dataset loaded (``loaded``), whether
the results came before it, and the peak RSS. Medians of the rounds; figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERY = "yq"


async def _first_results(data: list[Path], started: float) -> dict[str, Any]:
    """One run: type :data:`QUERY` into Search at the first frame; seconds from the
    process start (``started``, wall clock) to the frame showing its results."""
    sys.path.insert(0, str(HERE))
    from app_bench import _count_frames  # type: ignore[import-not-found]
    from textual import events

    from towntui.tui.app import TownApp
    from towntui.tui.screens.search import SearchScreen

    frames: list[float] = []
    startup = time.time() - started  # interpreter start-up and imports
    t0 = time.perf_counter() - startup
    t0_mono = time.monotonic() - startup
    app = TownApp(dirs=data)
    _count_frames(app, frames, time.perf_counter)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)):
        while not frames:
            await asyncio.sleep(0.001)
        driver = app._driver  # keys as a terminal sends them: "/" then the query
        for name, char in (("slash", "/"), *((c, c) for c in QUERY)):
            key = events.Key(name, char)
            key.set_sender(app)
            driver.send_message(key)
        while not (isinstance(app.screen, SearchScreen) and app.screen.hits):
            await asyncio.sleep(0.002)
        screen = app.screen
        assert screen._query == QUERY, screen._query
        shown = len(frames)
        while len(frames) == shown:  # the frame that paints them
            await asyncio.sleep(0.001)
        out["results_s"] = round(frames[shown] - t0, 2)
        out["loaded_before"] = app.loaded
        out["first_frame_s"] = round(frames[0] - t0, 2)
        index_ready = app._loading.times.get("index_ready")  # (not in older checkouts)
        if index_ready is not None:
            out["index_s"] = round(app._loading.started + index_ready - t0_mono, 2)
        while not app.loaded:
            await asyncio.sleep(0.005)
        out["loaded_s"] = round(time.perf_counter() - t0, 2)
        # the letter views, and the save of a built index (for the next start)
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "load"])
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def _run(src: Path, data: list[Path], cache: Path, config: Path) -> dict[str, Any]:
    env = dict(os.environ, TOWNTUI_CACHE_DIR=str(cache), TOWNTUI_CONFIG_DIR=str(config))
    env["PYTHONPATH"] = str(src)
    env.pop("TOWNTUI_DATA", None)
    env.pop("TOWNTUI_NO_CACHE", None)
    cmd = [sys.executable, __file__, "--child", "--started", repr(time.time())]
    done = subprocess.run(
        [*cmd, "--data", *map(str, data)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"run failed ({src}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    """Warm each checkout's cache, then run the interleaved rounds and print medians."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("data", type=Path, nargs="?", help="a generated data folder")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--other", action="append", default=[], help="NAME=SRC, another checkout")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--started", type=float, default=0.0, help=argparse.SUPPRESS)
    ap.add_argument("--data", dest="child_data", nargs="*", default=[], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        data = [Path(p) for p in args.child_data]
        print(json.dumps(asyncio.run(_first_results(data, args.started))))
        return 0
    if args.data is None or not (args.data / "towns").is_dir():
        ap.error("DATA must be a folder made by benchmarks/generate.py")
    sys.path.insert(0, str(HERE.parent / "src"))
    from towntui.core.loader import bundled_data_dir

    checkouts = {"new": HERE.parent / "src"}
    for other in args.other:
        name, _, src = other.partition("=")
        checkouts[name] = Path(src)
    dirs = [bundled_data_dir(), args.data]
    with tempfile.TemporaryDirectory(prefix="towntui-ready-") as tmp:
        root = Path(tmp)
        for name, src in checkouts.items():
            _run(src, dirs, root / f"cache-{name}", root / "config")  # warms the cache
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, src in checkouts.items():
                runs[name].append(_run(src, dirs, root / f"cache-{name}", root / "config"))
    load = os.getloadavg()
    print(f"{args.rounds} rounds, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for name, rs in runs.items():

        def med(key: str, rs: list[dict[str, Any]] = rs) -> float:
            return statistics.median(r[key] for r in rs)

        early = sum(1 for r in rs if not r["loaded_before"])
        print(
            f"  {name}: first results {med('results_s'):.2f} s "
            f"({', '.join(str(r['results_s']) for r in rs)}), loaded {med('loaded_s'):.2f} s, "
            f"peak RSS {med('peak_rss_mb'):.0f} MB; results before the data in {early} of "
            f"{len(rs)} runs (goal: results within 2 s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
