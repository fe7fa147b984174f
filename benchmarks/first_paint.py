"""First paint in a real terminal: process start until "云栖" is on a tmux pane (80x24).

    python benchmarks/first_paint.py [--other old=/tmp/old/src] [--rounds 10]

Each round starts, in turn, a bare Textual app that shows "云栖" (the reference), this
checkout's ``python -m towntui`` and every ``--other NAME=SRC`` (that ``src`` first on
``PYTHONPATH``, same interpreter), each in a new detached tmux session on a private tmux
socket, and polls ``tmux capture-pane`` every 5 ms until "云栖" shows. Every variant has
its own settings and load-cache folders, filled by one untimed run first (warm cache).
Medians are printed, never asserted. ``.pyc`` files are allowed (``PYTHONDONTWRITEBYTECODE``
is dropped), as for an installed app.

Beside that wall time (the user's clock, tmux's capture included), each process notes
its own CPU time (user + system, 10 ms ticks) when it writes "云栖" to the terminal: a
small probe (:data:`PROBE`) wraps every variant alike. On a busy host the CPU times and
their ratios move far less than the wall times.
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


#: Run as ``python probe.py OUT SCRIPT|-m MODULE ...``: note the CPU time at the first
#: write of "云栖" to the terminal in OUT, then go on as usual.
PROBE = (
    "import os, runpy, sys\n"
    "out, target = sys.argv[1], sys.argv[2:]\n"
    "import textual.drivers.linux_driver as ld\n"
    "write = ld.LinuxDriver.write\n"
    "def probe(self, data):\n"
    "    write(self, data)\n"
    "    if '云栖' in data and not os.path.exists(out):\n"
    "        t = os.times()\n"
    "        with open(out, 'w') as f:\n"
    "            f.write(str(t.user + t.system))\n"
    "ld.LinuxDriver.write = probe\n"
    "if target[0] == '-m':\n"
    "    sys.argv = target[1:]\n"
    "    runpy.run_module(target[1], run_name='__main__', alter_sys=True)\n"
    "else:\n"
    "    sys.argv = target\n"
    "    runpy.run_path(target[0], run_name='__main__')\n"
)


def tmux(*args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args],
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.DEVNULL,
    )


def paint(cmd: str, cpu_file: Path, timeout: float = 30) -> tuple[float, float] | None:
    """Seconds from starting ``cmd`` to "云栖" on the pane, and the CPU seconds the
    process had used when it wrote it (NaN if it did not say)."""
    tmux("kill-session", "-t", "p")
    cpu_file.unlink(missing_ok=True)
    t = time.perf_counter()
    tmux("new-session", "-d", "-s", "p", "-x", "80", "-y", "24", cmd)
    try:
        while True:
            out = tmux("capture-pane", "-p", "-t", "p", capture=True).stdout
            if "云栖" in out:
                took = time.perf_counter() - t
                break
            if time.perf_counter() - t > timeout:
                return None
            time.sleep(0.005)
        for _ in range(100):  # written just before the pane showed it
            if cpu_file.exists() and cpu_file.read_text():
                return took, float(cpu_file.read_text())
            time.sleep(0.01)
        return took, float("nan")
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
        hello, probe, cpu_file = (Path(tmp) / n for n in ("hello.py", "probe.py", "cpu"))
        hello.write_text(HELLO, encoding="utf-8")
        probe.write_text(PROBE, encoding="utf-8")
        run = f"{py} {probe} {cpu_file}"
        cmds = {"textual hello": f"env -u PYTHONDONTWRITEBYTECODE {run} {hello}"}
        for name, src in srcs.items():
            folders = {k: Path(tmp) / f"{name}-{k}" for k in ("cache", "config")}
            for f in folders.values():
                f.mkdir()
            cmds[name] = (
                f"env -u PYTHONDONTWRITEBYTECODE -u TOWNTUI_DATA -u TOWNTUI_NO_CACHE "
                f"PYTHONPATH={shlex.quote(str(src))} "
                f"TOWNTUI_CACHE_DIR={folders['cache']} TOWNTUI_CONFIG_DIR={folders['config']} "
                f"{run} -m towntui"
            )
        try:
            for cmd in cmds.values():  # untimed: fills the load cache and the .pyc files
                paint(cmd, cpu_file)
            rounds: list[dict[str, tuple[float, float]]] = []
            for _ in range(args.rounds):
                row: dict[str, tuple[float, float]] = {}
                for name, cmd in cmds.items():
                    took = paint(cmd, cpu_file)
                    if took is not None:
                        row[name] = took
                rounds.append(row)
        finally:
            tmux("kill-server")
    report(rounds, list(cmds), list(srcs), args.rounds)


def report(
    rounds: list[dict[str, tuple[float, float]]], names: list[str], srcs: list[str], n: int
) -> None:
    """Medians of wall and CPU times, and the median of per-round ratios (which cancel
    most of the host's drift; the goal is new / textual hello)."""
    print(f"rounds: {n}, load average: {os.getloadavg()[0]:.2f}")
    for name in names:
        walls = [r[name][0] for r in rounds if name in r]
        cpus = [r[name][1] for r in rounds if name in r and r[name][1] == r[name][1]]
        if walls:
            cpu = f"cpu median {statistics.median(cpus) * 1000:4.0f} ms" if cpus else "cpu ?"
            print(
                f"{name:>14}  median {statistics.median(walls) * 1000:6.0f} ms  "
                f"(min {min(walls) * 1000:.0f}, max {max(walls) * 1000:.0f}, n {len(walls)}); "
                + cpu
            )
    for top, base in [(s, "textual hello") for s in srcs] + [("new", s) for s in srcs]:
        if top == base:
            continue
        pairs = [(r[top], r[base]) for r in rounds if top in r and base in r]
        if pairs:
            wall = statistics.median(a[0] / b[0] for a, b in pairs)
            cpus = [a[1] / b[1] for a, b in pairs if a[1] == a[1] and b[1] == b[1] and b[1]]
            cpu = f", cpu {statistics.median(cpus):.2f}" if cpus else ""
            print(f"{top}/{base}: median of per-round ratios: wall {wall:.2f}{cpu}")


if __name__ == "__main__":
    main()
