"""``towntui search QUERY --json`` at scale, whole process, beside ``fzf --filter``.

    python benchmarks/cli_index.py DATA [--rounds 5] [--query yq --query 科技]
                                        [--other old=/tmp/old/src]

Searches the bundled data plus the folder ``DATA`` (e.g. 1,000 generated towns, 100k
entities) with a warm cache: each checkout (this one, and each ``--other NAME=SRC``,
which puts that ``src`` first on ``PYTHONPATH``) has its own cache folder, filled by one
untimed run per query first (the load cache, and the saved search index where the
checkout has one). Each round then runs, per query, every checkout's command, ``fzf
--filter QUERY`` over the same records' names (one per line: towns, entities, event
titles; where fzf is installed) and ``python -c pass``, in turn, so drift of the host
hits every column alike; medians over the rounds are printed, with the ratio to fzf.
``.pyc`` files are allowed (``PYTHONDONTWRITEBYTECODE`` is dropped for the children), as
for an installed towntui. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEW_SRC = HERE.parent / "src"
CLI = ["-c", "import sys; from towntui.cli import main; sys.exit(main())"]


def _env(src: Path, cache: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(src), TOWNTUI_CACHE_DIR=str(cache))
    for name in ("PYTHONDONTWRITEBYTECODE", "TOWNTUI_NO_CACHE", "TOWNTUI_DATA"):
        env.pop(name, None)
    return env


def _timed(cmd: list[str], env: dict[str, str] | None = None, stdin: Path | None = None) -> float:
    with open(stdin or os.devnull, "rb") as feed:
        t = time.perf_counter()
        subprocess.run(
            cmd,
            env=env,
            stdin=feed,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        return time.perf_counter() - t


def write_names(data: Path, out: Path) -> int:
    """The names of every record (towns, entities, event titles) of the bundled data
    and ``data``, one per line; returns how many."""
    sys.path.insert(0, str(NEW_SRC))
    from towntui.core.loader import data_dirs, load

    ds = load([*data_dirs(), data])
    names = [t.name for t in ds.towns]
    names += [e.title for t in ds.towns for e in t.events]
    names += [e.name for e in ds.entities.values()]
    out.write_text("\n".join(names) + "\n", "utf-8")
    return len(names)


def run(
    data: Path, queries: list[str], rounds: int, others: dict[str, Path], new: Path = NEW_SRC
) -> None:
    """Warm every checkout's cache (``new``: the ``src`` of the one called "new"), then
    time the rounds and print the medians."""
    trees = {"new": new, **others}
    fzf = shutil.which("fzf")
    with tempfile.TemporaryDirectory(prefix="towntui-cli-index-") as tmp:
        root = Path(tmp)
        names = root / "names.txt"
        count = write_names(data, names)
        envs = {name: _env(src, root / f"cache-{name}") for name, src in trees.items()}
        argv = {
            q: [sys.executable, *CLI, "--data", str(data), "search", q, "--json"] for q in queries
        }
        for name, env in envs.items():
            for q in queries:
                t = _timed(argv[q], env)
                print(f"  warm-up {name} {q!r}: {t:.2f} s (fills the caches)", flush=True)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(rounds):
            for q in queries:
                for name, env in envs.items():
                    times.setdefault((name, q), []).append(_timed(argv[q], env))
                if fzf:
                    times.setdefault(("fzf", q), []).append(
                        _timed([fzf, "--filter", q], None, names)
                    )
                bare = _timed([sys.executable, "-c", "pass"])
                times.setdefault(("python -c pass", ""), []).append(bare)
        _report(times, queries, list(trees), count, rounds, fzf is not None)


def _report(
    times: dict[tuple[str, str], list[float]],
    queries: list[str],
    trees: list[str],
    count: int,
    rounds: int,
    fzf: bool,
) -> None:
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"\nwhole process, warm cache, medians of {rounds} interleaved rounds ({count:,} names):")
    for q in queries:
        ref = med.get(("fzf", q))
        for name in trees:
            t = med[(name, q)]
            ratio = f"  {t / ref:5.1f}x fzf" if ref else ""
            print(f"  towntui search {q} --json [{name}] {t * 1000:8.0f} ms{ratio}")
        if fzf and ref:
            print(f"  fzf --filter {q} (reference)       {ref * 1000:8.0f} ms")
    if not fzf:
        print("  (fzf is not installed: no reference)")
    print(f"  python -c pass (reference)          {med[('python -c pass', '')] * 1000:8.0f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a data folder (searched with the bundled data)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--query", action="append", help="a query (default: yq and 科技)")
    ap.add_argument("--other", action="append", default=[], help="NAME=SRC, another checkout")
    args = ap.parse_args(argv)
    others = {}
    for item in args.other:
        name, _, src = item.partition("=")
        others[name] = Path(src).resolve()
    run(args.data.resolve(), args.query or ["yq", "科技"], args.rounds, others)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
