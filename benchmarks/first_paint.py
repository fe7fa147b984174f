"""First paint in a real terminal: process start until "云栖" is on a tmux pane (80x24).

    python benchmarks/first_paint.py [--other old=/tmp/old/src] [--rounds 10]

Each round starts, in turn, a bare Textual app that shows "云栖" (the reference), this
checkout's ``python -m towntui`` and every ``--other NAME=SRC`` (that ``src`` first on
``PYTHONPATH``, same interpreter), each in a new detached tmux session on a private tmux
socket, and polls ``tmux capture-pane`` every 5 ms until "云栖" shows. Every variant has
its own settings and load-cache folders, filled by one untimed run first (warm cache).
Medians are printed, never asserted. ``.pyc`` files are allowed (``PYTHONDONTWRITEBYTECODE``
is dropped), as for an installed app.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"
SOCKET = f"towntui-paint-{os.getpid()}"
HELLO = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Hello(App):\n"
    "    def compose(self):\n"
    "        yield Static('云栖')\n"
    "Hello().run()\n"
)


def tmux(*args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args],
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.DEVNULL,
    )


def paint(cmd: str, timeout: float = 30) -> float | None:
    tmux("kill-session", "-t", "p")
    t = time.perf_counter()
    tmux("new-session", "-d", "-s", "p", "-x", "80", "-y", "24", cmd)
    try:
        while True:
            out = tmux("capture-pane", "-p", "-t", "p", capture=True).stdout
            if "云栖" in out:
                return time.perf_counter() - t
            if time.perf_counter() - t > timeout:
                return None
            time.sleep(0.005)
    finally:
        tmux("kill-session", "-t", "p")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--other", action="append", default=[], help="NAME=SRC: another checkout's src")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    srcs = {name: Path(src) for name, _, src in (o.partition("=") for o in args.other)}
    srcs["new"] = NEW_SRC
    py = shlex.quote(sys.executable)
    with tempfile.TemporaryDirectory(prefix="towntui-paint-") as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        cmds = {"textual hello": f"env -u PYTHONDONTWRITEBYTECODE {py} {hello}"}
        for name, src in srcs.items():
            folders = {k: Path(tmp) / f"{name}-{k}" for k in ("cache", "config")}
            for f in folders.values():
                f.mkdir()
            cmds[name] = (
                f"env -u PYTHONDONTWRITEBYTECODE -u TOWNTUI_DATA -u TOWNTUI_NO_CACHE "
                f"PYTHONPATH={shlex.quote(str(src))} "
                f"TOWNTUI_CACHE_DIR={folders['cache']} TOWNTUI_CONFIG_DIR={folders['config']} "
                f"{py} -m towntui"
            )
        try:
            for cmd in cmds.values():  # untimed: fills the load cache and the .pyc files
                paint(cmd)
            times: dict[str, list[float]] = {k: [] for k in cmds}
            rounds: list[dict[str, float]] = []
            for _ in range(args.rounds):
                row: dict[str, float] = {}
                for name, cmd in cmds.items():
                    took = paint(cmd)
                    if took is not None:
                        times[name].append(took)
                        row[name] = took
                rounds.append(row)
        finally:
            tmux("kill-server")
    print(f"rounds: {args.rounds}, load average: {os.getloadavg()[0]:.2f}")
    for name, ts in times.items():
        if ts:
            print(
                f"{name:>14}  median {statistics.median(ts) * 1000:6.0f} ms  "
                f"(min {min(ts) * 1000:.0f}, max {max(ts) * 1000:.0f}, n {len(ts)})"
            )
    # per-round ratios cancel most of the host's drift; the goal is new / textual hello
    for top, base in [(n, "textual hello") for n in srcs] + [("new", n) for n in srcs]:
        if top != base:
            ratios = [r[top] / r[base] for r in rounds if top in r and base in r]
            if ratios:
                print(f"{top}/{base}: median of per-round ratios {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
