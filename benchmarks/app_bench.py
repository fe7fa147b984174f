"""Measure the app, not only the engine: start-up, loading and typing in search, headless.

    python benchmarks/app_bench.py [--towns 1000] [--entities 100] [--keep DIR]
                                   [--typing-only] [--cache DIR] [--only bundled|big]
                                   [--no-index]

Generates a data folder with ``benchmarks/generate.py`` (1,000 towns of 100 entities,
30 metrics and 40 events by default, about 30 MB of TOML), then runs ``TownApp`` under
``App.run_test`` (no terminal; every frame is still composed) in a fresh process per
scenario, with a fresh settings folder and a load cache that is empty (cold) or filled
by the previous run (warm):

* **first paint**: from the start of the process (interpreter and imports included) to
  the first composed frame of the Towns screen, beside a bare Textual app's, run the same
  way (the reference);
* **first towns**: until the first partial dataset is on screen (this and the next two
  from the process start too);
* **all towns**: until the final (linked and checked) dataset is on screen;
* **search ready**: until the search index is built too (the app is loaded); the
  index's per-letter pinyin views, which only make search faster, follow (*letter views*);
* **typing**: queries typed at one key every 50 ms into Search once loaded (while the
  index's letter views are still being built), and again once they are; per key, the
  time from the key press to the frame showing results for it (or for a later key: a
  superseded query is never shown), as p50/p95/max; ``echo`` is the time until the input
  has the key (the app is free to handle input); ``main CPU`` is the CPU time the main
  thread spent from the key press to that frame (the rest of *painted* it waited, for
  the interpreter held by the loader thread, or for the next frame);
* **typing while loading**: the same from the first frame on, while the towns load: echo
  p50/p95/max (results cannot come before the index exists);
* **peak RSS** of the process.

``--typing-only`` runs the warm scenario alone (no cold load), beside a bare Textual app
that shows each key typed on a line below its input (the floor a frame costs), with
the load cache kept in ``--cache DIR`` (warmed by a first run) so that it is warm from
the start; ``--only`` picks one of the two data sets. With ``--no-index`` the saved search
index is removed before the measured run: the app builds the index, then its letter views
while the first queries are typed (a first start, with the load cache warm). To compare
with other code, run this script with ``PYTHONPATH=OTHER/src``: the app measured is the
one imported.

Figures depend on the machine; they are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
QUERIES = ("yunqi", "xihu", "alibaba", "jinrong", "yq")
KEY_GAP = 0.05
ROUNDS = 2


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _ms(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(_pct(values, 50) * 1000, 1),
        "p95": round(_pct(values, 95) * 1000, 1),
        "max": round(max(values, default=float("nan")) * 1000, 1),
        "n": len(values),
    }


def _count_frames(
    app: Any, frames: list[float], clock: Callable[[], float], cpu: list[float] | None = None
) -> None:
    """Append ``clock()`` to ``frames`` at every frame ``app`` composes (and the main
    thread's CPU time to ``cpu``)."""
    real_display = app._display

    def display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append(clock())
            if cpu is not None:
                cpu.append(time.thread_time())
        real_display(screen, renderable)

    app._display = display


async def _scenario(data: list[Path], typing: str, started: float) -> dict[str, Any]:
    """Run the app once; ``typing`` is "loaded", "loading" or "none"; ``started`` is
    the wall-clock time (``time.time()``) at which the parent started this process."""
    from textual import events

    from towntui.tui.app import TownApp
    from towntui.tui.screens.search import SearchScreen

    frames: list[float] = []
    cpu: list[float] = []
    t0, t0_mono = time.perf_counter(), time.monotonic()
    startup = time.time() - started  # interpreter start-up and imports, before t0
    t0 -= startup
    app = TownApp(dirs=data)
    _count_frames(app, frames, time.perf_counter, cpu)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not frames:
            await asyncio.sleep(0.001)
        out["first_paint_ms"] = round((frames[0] - t0) * 1000, 1)
        if typing == "loading":
            out["typing_while_loading"] = await _type(
                app, pilot, SearchScreen, events, (frames, cpu)
            )
        while not app.loaded:
            await asyncio.sleep(0.005)
        # load_times count from the app's mount; these from the process start
        mounted = app._load_started - t0_mono + startup
        out["loaded_s"] = round(mounted + app.load_times["loaded"], 2)
        out["first_towns_s"] = round(mounted + app.load_times.get("first_towns", 0.0), 2)
        out["all_towns_s"] = round(mounted + app.load_times.get("all_towns", 0.0), 2)
        out["towns"] = len(app.dataset.towns)
        out["entities"] = len(app.dataset.entities)
        if typing == "loaded":
            out["typing"] = await _type(app, pilot, SearchScreen, events, (frames, cpu))
        await app.workers.wait_for_complete()  # the letter views come after the load
        if "letter_views" in app.load_times:
            out["views_s"] = round(mounted + app.load_times["letter_views"], 2)
        if typing == "loaded":
            out["typing_complete"] = await _type(app, pilot, SearchScreen, events, (frames, cpu))
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


async def _type(
    app: Any, pilot: Any, screen_cls: Any, events: Any, clocks: tuple[list[float], list[float]]
) -> Any:
    """Type every query, a key every ``KEY_GAP`` seconds; latencies per key (``clocks``:
    the frames' times and the main thread's CPU time at each)."""
    frames, cpu = clocks
    if not isinstance(app.screen, screen_cls):  # (on Search already, "/" would be typed)
        await pilot.press("slash")
    while not isinstance(app.screen, screen_cls):
        await asyncio.sleep(0.005)
    screen = app.screen
    views = getattr(app.search_index, "has_views", None)  # (None: code before has_views)
    echoed: dict[str, float] = {}
    shown: list[tuple[float, str]] = []
    real_run, real_show = screen.run_search, screen._show

    def run_search(query: str) -> None:
        echoed.setdefault(query, time.perf_counter())
        real_run(query)

    def show(hits: Any, query: str, *rest: Any) -> None:
        if query == screen._query:
            shown.append((time.perf_counter(), query))
        real_show(hits, query, *rest)

    screen.run_search, screen._show = run_search, show
    driver = app._driver
    echo: list[float] = []
    result: list[float] = []
    result_cpu: list[float] = []
    listed: list[float] = []
    for text in QUERIES * ROUNDS:
        pressed: list[tuple[float, str, float]] = []
        for i, char in enumerate(text):
            key = events.Key(char, char)
            key.set_sender(app)
            pressed.append((time.perf_counter(), text[: i + 1], time.thread_time()))
            driver.send_message(key)
            await asyncio.sleep(KEY_GAP)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not (
            app.loaded and shown and shown[-1][1] == text
        ):
            await asyncio.sleep(0.005)
            if not app.loaded and time.perf_counter() - pressed[-1][0] > 1:
                break  # still loading: no results to wait for
        await asyncio.sleep(0.05)
        for at, query, at_cpu in pressed:
            if query in echoed:
                echo.append(echoed[query] - at)
            prefix_ok = [t for t, q in shown if t >= at and len(q) >= len(query)]
            if prefix_ok and app.loaded:
                listed.append(prefix_ok[0] - at)
                painted = [i for i, f in enumerate(frames) if f >= prefix_ok[0]]
                result.append((frames[painted[0]] if painted else prefix_ok[0]) - at)
                if painted:
                    result_cpu.append(cpu[painted[0]] - at_cpu)
        await pilot.press("escape")  # clears the query
        echoed.clear()
        shown.clear()
    return {
        "echo_ms": _ms(echo),
        "listed_ms": _ms(listed),
        "results_ms": _ms(result),
        "cpu_ms": _ms(result_cpu),
        "views_at_first_key": views,
    }


async def _hello(started: float) -> dict[str, Any]:
    """The reference: a bare Textual app showing one line, first frame from the process
    start, run the same way (headless, 120x40)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    frames: list[float] = []

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("云栖")

    app = Hello()
    _count_frames(app, frames, time.time)
    async with app.run_test(size=(120, 40)):
        while not frames:
            await asyncio.sleep(0.001)
    return {"first_paint_ms": round((frames[0] - started) * 1000, 1)}


async def _hello_typing() -> dict[str, Any]:
    """The reference for typing: a bare Textual app with an input and one line below it
    that shows what was typed, keys sent and frames counted as for the app; per key, the
    time to the frame that shows it (Textual composes at most 60 frames a second)."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    class Echo(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="q")
            yield Static(id="out")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.query_one("#out", Static).update(f"{len(event.value)} results for {event.value}")

    frames: list[float] = []
    app = Echo()
    _count_frames(app, frames, time.perf_counter)
    shown: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        for text in QUERIES * ROUNDS:
            for char in text:
                key = events.Key(char, char)
                key.set_sender(app)
                at = time.perf_counter()
                app._driver.send_message(key)
                await asyncio.sleep(KEY_GAP)
                later = [f for f in frames if f >= at]
                if later:
                    shown.append(later[0] - at)
            await pilot.press("ctrl+a", "ctrl+k")  # clears the input
            await pilot.pause(0.05)
    return {"results_ms": _ms(shown)}


def _child(args: argparse.Namespace) -> None:
    data = [Path(p) for p in args.data]
    if args.typing == "hello":
        print(json.dumps(asyncio.run(_hello(args.started))))
        return
    if args.typing == "hello-typing":
        print(json.dumps(asyncio.run(_hello_typing())))
        return
    print(json.dumps(asyncio.run(_scenario(data, args.typing, args.started))))


def _run(data: list[Path], cache: Path, config: Path, typing: str) -> dict[str, Any]:
    import towntui

    src = str(Path(towntui.__file__).resolve().parents[1])  # the child runs the same checkout
    env = dict(os.environ, TOWNTUI_CACHE_DIR=str(cache), TOWNTUI_CONFIG_DIR=str(config))
    env["PYTHONPATH"] = src
    env.pop("TOWNTUI_DATA", None)
    env.pop("TOWNTUI_NO_CACHE", None)
    cmd = [sys.executable, __file__, "--child", "--typing", typing, "--data", *map(str, data)]
    cmd[3:3] = ["--started", repr(time.time())]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"scenario failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _print_typing(name: str | None, r: dict[str, Any]) -> None:
    if name is not None:
        print(f"\n== {name} (warm cache, {r['towns']} towns, {r['entities']} entities)")
    for key, what in (("typing", "when loaded"), ("typing_complete", "after views")):
        if key in r:
            print(f"    typing {what}:   echo {r[key]['echo_ms']}")
            print(f"                          listed  {r[key]['listed_ms']}")
            print(f"                          painted {r[key]['results_ms']}")
            if "cpu_ms" in r[key]:
                print(f"                          main CPU {r[key]['cpu_ms']}")
                print(
                    "                          views in at the first key: "
                    f"{r[key]['views_at_first_key']}"
                )
            print("                          (goal: painted p50 <= 16, p95 <= 33)")


def main(argv: list[str] | None = None) -> int:
    """Generate the data, run each scenario in its own process, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--towns", type=int, default=1000)
    ap.add_argument("--entities", type=int, default=100)
    ap.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    ap.add_argument("--typing-only", action="store_true", help="only typing, warm cache")
    ap.add_argument("--cache", type=Path, help="keep the load cache in this folder")
    ap.add_argument("--only", choices=("bundled", "big"), help="only this data set")
    ap.add_argument("--no-index", action="store_true", help="remove the saved search index first")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--typing", default="none", help=argparse.SUPPRESS)
    ap.add_argument("--data", nargs="*", default=[], help=argparse.SUPPRESS)
    ap.add_argument("--started", type=float, default=0.0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args)
        return 0

    sys.path.insert(0, str(HERE))
    if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=OTHER/src measures another checkout
        sys.path.insert(0, str(HERE.parent / "src"))
    from generate import generate  # type: ignore[import-not-found]

    from towntui.core.loader import bundled_data_dir

    with tempfile.TemporaryDirectory(prefix="towntui-app-bench-") as tmp:
        root = Path(tmp)
        big = args.keep or root / "gen"
        if not (big / "towns").is_dir():
            t = time.perf_counter()
            generate(big, args.towns, args.entities)
            print(f"generated {args.towns} towns in {time.perf_counter() - t:.1f} s", flush=True)
        size = sum(p.stat().st_size for p in (big / "towns").glob("*.toml")) / 1e6
        sets = {
            "bundled": [bundled_data_dir()],
            f"{args.towns} towns ({size:.0f} MB)": [bundled_data_dir(), big],
        }
        if args.only:
            sets = dict([list(sets.items())[args.only == "big"]])
        for name, data in sets.items():
            cache = (args.cache or root) / f"cache-{len(data)}"
            if args.typing_only:
                if not cache.is_dir():
                    _run(data, cache, root / "config", "none")  # fills the load cache
                if args.no_index:  # a first start, but for the load cache
                    for old in cache.glob("search-*.idx"):
                        old.unlink()
                _print_typing(name, _run(data, cache, root / "config", "loaded"))
                bare = _run([], cache, root / "config", "hello-typing")["results_ms"]
                print(f"  reference, a bare Textual app echoing each key: painted {bare}")
                continue
            rows = [
                ("cold cache", _run(data, cache, root / "config", "loading")),
                ("warm cache", _run(data, cache, root / "config", "loaded")),
            ]
            hello = _run([], cache, root / "config", "hello")["first_paint_ms"]
            print(f"\n== {name}")
            warm_paint = rows[1][1]["first_paint_ms"]
            print(
                f"  reference, a bare Textual app: first paint {hello} ms; the app, warm: "
                f"{warm_paint / hello:.2f}x (goal: at most 1.5x; benchmarks/first_paint.py "
                "measures it in a real terminal, interleaved)"
            )
            for label, r in rows:
                print(
                    f"  {label}: first paint {r['first_paint_ms']} ms, first towns "
                    f"{r['first_towns_s']} s, all towns {r['all_towns_s']} s, "
                    f"search ready {r['loaded_s']} s "
                    f"(letter views {r.get('views_s', '-')} s) "
                    f"({r['towns']} towns, {r['entities']} entities), "
                    f"peak RSS {r['peak_rss_mb']} MB"
                )
                if "typing_while_loading" in r:
                    print(f"    typing while loading: echo {r['typing_while_loading']['echo_ms']}")
                _print_typing(None, r)
            cold, warm = rows[0][1]["all_towns_s"], rows[1][1]["all_towns_s"]
            print(f"  warm/cold, all towns shown: {warm / cold:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
