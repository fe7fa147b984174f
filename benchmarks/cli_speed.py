"""Whole-process CLI time and ``dump_json`` cost, side by side with another checkout.

    git archive OLD_COMMIT src data themes pyproject.toml | tar -x -C /tmp/old
    python benchmarks/cli_speed.py --other old=/tmp/old/src [--other ...] [--rounds 15]

Each round runs every command once per variant, in turn (each ``--other NAME=SRC`` puts
that ``src`` folder first on ``PYTHONPATH``, with the same interpreter and libraries;
``new`` is this checkout, each with its own settings and load-cache folders, warmed by a
first untimed run) plus the references ``python -c pass`` and ``python -c "import
rich.console"``; medians over the rounds are printed, so drift of the host hits every
column alike. The
``dump_json`` micro-benchmark serialises ten copies of ``towntui show yunqi --json``'s
payload (about 0.9 MB of JSON), once as it is and once with one ESC in it, in a fresh
interpreter per variant and round. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"

#: what the ``towntui`` console script runs
CLI = ["-c", "import sys; from towntui.cli import main; sys.exit(main())"]
COMMANDS = {
    "search yq --json": [*CLI, "search", "yq", "--json"],
    "show yunqi --json": [*CLI, "show", "yunqi", "--json"],
    "timeline --json": [*CLI, "timeline", "--json"],
    "compare yunqi binjiang --json": [*CLI, "compare", "yunqi", "binjiang", "--json"],
}
BARE = ["-c", "pass"]
REFERENCE = ["-c", "import rich.console"]

MICRO = r"""
import json, sys, time
try:
    from towntui.cli.render import dump_json
except ImportError:  # before issue 11 (cli_render.py)
    from towntui.cli_render import dump_json
payload = json.loads(sys.stdin.read())
data = [payload] * 10
dirty = [payload] * 9 + [dict(payload, note="\x1b[31m")]
out = []
for d in (data, dirty):
    dump_json(d)  # warm-up (and the one-time regex compile of the new code)
    best = []
    for _ in range(5):
        t = time.perf_counter()
        dump_json(d)
        best.append(time.perf_counter() - t)
    out.append(min(best))
print(json.dumps({"size": len(dump_json(data)), "clean": out[0], "dirty": out[1]}))
"""


#: a settings and load-cache folder per checkout (set in main), so that no checkout reads
#: or rewrites another's cache
FOLDERS: dict[Path, Path] = {}


def run(argv: list[str], src: Path | None, stdin: str | None = None) -> tuple[float, str]:
    env = dict(os.environ)
    env.pop("TOWNTUI_DATA", None)
    env.pop("TOWNTUI_NO_CACHE", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
        env["TOWNTUI_CACHE_DIR"] = str(FOLDERS[src] / "cache")
        env["TOWNTUI_CONFIG_DIR"] = str(FOLDERS[src] / "config")
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *argv], env=env, input=stdin, capture_output=True, text=True
    )
    took = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr}")
    return took, done.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", action="append", default=[], help="NAME=SRC: another checkout's src")
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    variants = {name: Path(src) for name, _, src in (o.partition("=") for o in args.other)}
    variants["new"] = NEW_SRC
    tmp = tempfile.TemporaryDirectory(prefix="towntui-cli-speed-")
    for i, src in enumerate(variants.values()):
        FOLDERS[src] = Path(tmp.name) / str(i)
    _, payload = run([*CLI, "show", "yunqi", "--json"], NEW_SRC)
    times: dict[tuple[str, str], list[float]] = {}
    micro: dict[str, list[dict[str, float]]] = {v: [] for v in variants}
    want = None  # (these runs also fill each checkout's load cache)
    for src in variants.values():  # outputs must agree
        outs = {name: run(argv, src)[1] for name, argv in COMMANDS.items()}
        if want is not None and outs != want:
            raise SystemExit(f"{src} prints other output")
        want = outs
    for _ in range(args.rounds):
        times.setdefault(("reference", "python -c pass"), []).append(run(BARE, None)[0])
        times.setdefault(("reference", "python -c 'import rich.console'"), []).append(
            run(REFERENCE, None)[0]
        )
        for name, argv in COMMANDS.items():
            for v, src in variants.items():
                times.setdefault((v, name), []).append(run(argv, src)[0])
        for v, src in variants.items():
            micro[v].append(json.loads(run(["-c", MICRO], src, payload)[1]))
    print(f"rounds: {args.rounds}, load average: {os.getloadavg()[0]:.2f}")
    for (v, name), ts in times.items():
        print(f"{v:>9}  {name:<34} median {statistics.median(ts) * 1000:7.1f} ms")
    names = list(variants)
    if len(names) > 1:  # per-round ratios cancel most of the host's drift
        base = names[0]
        for name in COMMANDS:
            for v in names[1:]:
                pairs = zip(times[(v, name)], times[(base, name)], strict=True)
                ratio = statistics.median(a / b for a, b in pairs)
                print(f"{v + '/' + base:>9}  {name:<34} median of per-round ratios {ratio:.2f}")
    for v, rows in micro.items():
        clean = statistics.median(r["clean"] for r in rows) * 1000
        dirty = statistics.median(r["dirty"] for r in rows) * 1000
        size = rows[0]["size"]
        print(
            f"{v:>9}  dump_json {size / 1e6:.2f} MB: clean {clean:6.2f} ms, one ESC {dirty:6.2f} ms"
        )


if __name__ == "__main__":
    main()
