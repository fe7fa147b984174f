"""Benchmarks: per-keystroke search latency, index build, cold/warm load and peak memory.

    python benchmarks/bench.py            # the full run: 1k/10k/100k entities, 1,000 towns
    python benchmarks/bench.py --quick    # a quick subset: 1k/10k entities, 100 towns

Data folders come from ``benchmarks/generate.py`` (100 entities, 30 metrics and 40 events
per town unless told otherwise), written to a temporary folder. Search goes through the
core :class:`~towntui.core.search.SearchIndex` as the app uses it: one index per dataset,
each query typed one character at a time (``y``, ``yu``, ``yun`` ...), ``limit=50``.
Queries are drawn from the generated names: full pinyin (``yunqix``), initials, Chinese
substrings, English prefixes and pinyin with a typo (which ends in the fuzzy tier).
Load is timed without a cache (cold), on a first start that writes the cache, and on a
second start that reads it (warm), with :class:`~towntui.core.cache.LoadCache` in a
temporary path. Peak memory is measured in a fresh interpreter that loads and indexes the
folder (``VmHWM``) and, separately, with ``tracemalloc``.

Figures are printed, never asserted: a slow machine is not a failure.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=OTHER/src measures another checkout
    sys.path.insert(0, str(HERE.parent / "src"))

from generate import generate  # noqa: E402

from towntui.core.cache import LoadCache  # noqa: E402
from towntui.core.loader import load  # noqa: E402
from towntui.core.model import Dataset  # noqa: E402
from towntui.core.search import SearchIndex  # noqa: E402

LIMIT = 50
KINDS = ("pinyin", "initials", "chinese", "english", "typo")


def machine() -> str:
    """CPU model, cores, memory, OS and Python version, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    py = f"{platform.python_implementation()} {platform.python_version()}"
    return f"{cpu}, {cores} cores available{mem}; {platform.system()} {platform.release()}; {py}"


def folder(root: Path, towns: int, args: argparse.Namespace) -> Path:
    """A generated data folder with ``towns`` towns (made once per size)."""
    out = root / f"towns-{towns}"
    if not out.exists():
        generate(out, towns, args.entities, args.metrics, args.events, args.seed)
    return out


# ------------------------------------------------------------------ queries


def queries(ds: Dataset, per_kind: int, seed: int) -> dict[str, list[str]]:
    """``per_kind`` distinct 6-character queries of each kind, drawn from entity names."""
    rng = random.Random(seed)
    entities = [e for t in ds.towns for e in t.entities]
    rng.shuffle(entities)
    # imported here: the memory child must not carry pypinyin's phrase dictionary
    from pypinyin import lazy_pinyin

    out: dict[str, list[str]] = {k: [] for k in KINDS}
    seen: set[str] = set()

    def add(kind: str, text: str) -> None:
        if len(text) == 6 and text not in seen and len(out[kind]) < per_kind:
            seen.add(text)
            out[kind].append(text)

    for e in entities:
        if all(len(v) >= per_kind for v in out.values()):
            break
        syllables = lazy_pinyin(e.name)
        spelled = "".join(s for s in syllables if s.isascii() and s.isalpha())
        add("pinyin", spelled[:6])
        add("initials", "".join(s[0] for s in syllables if s.isascii() and s.isalpha())[:6])
        if len(e.name) >= 6:
            start = rng.randrange(len(e.name) - 5)
            add("chinese", e.name[start : start + 6])
        if e.name_en:
            add("english", e.name_en.lower().replace(" ", "")[:6])
        if len(spelled) >= 6:
            at = rng.randrange(2, 6)
            wrong = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != spelled[at]])
            add("typo", spelled[:at] + wrong + spelled[at + 1 : 6])
    return out


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def type_queries(ix: SearchIndex, qs: list[str]) -> tuple[list[float], list[float], int]:
    """Per-keystroke times (ms) typing each query into ``ix``, first keystrokes apart."""
    times: list[float] = []
    firsts: list[float] = []
    found = 0
    for q in qs:
        for k in range(1, len(q) + 1):
            t0 = time.perf_counter_ns()
            hits = ix.search(q[:k], limit=LIMIT)
            ms = (time.perf_counter_ns() - t0) / 1e6
            times.append(ms)
            if k == 1:
                firsts.append(ms)
        found += bool(hits)
    return times, firsts, found


def bench_search(ds: Dataset, entities: int, args: argparse.Namespace) -> None:
    """Build one index over ``ds`` and type every query kind into it."""
    t0 = time.perf_counter()
    ix = SearchIndex(ds)
    build = time.perf_counter() - t0
    qs = queries(ds, args.queries, args.seed)
    # As the app does once loaded: out of the collector's way, the data and index cost
    # no full collection while typing (one was a ~180 ms keystroke at 100k entities).
    gc.collect()
    gc.freeze()
    print(f"\n{entities:,} entities ({len(ix):,} records with towns and events): ", end="")
    print(f"index built in {build * 1000:.0f} ms")
    print(f"  {'query':<9} {'n':>4} {'keys':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}", end="")
    print(f" {'found':>6}  example")
    every: list[float] = []
    for kind in KINDS:
        if not qs[kind]:
            continue
        times, _, found = type_queries(ix, qs[kind])
        every += times
        print(
            f"  {kind:<9} {len(qs[kind]):>4} {len(times):>5} {pct(times, 50):>8.2f}"
            f" {pct(times, 95):>8.2f} {max(times):>8.2f} {found:>6}  {qs[kind][0]}"
        )
    print(
        f"  {'all':<9} {'':>4} {len(every):>5} {pct(every, 50):>8.2f} {pct(every, 95):>8.2f}"
        f" {max(every):>8.2f}"
    )
    # The worst case: the first keystrokes on a cold cache (as on the first search).
    firsts: list[float] = []
    for q in [q for kind in KINDS for q in qs[kind][:10]]:
        ix.clear_cache()
        _, first, _ = type_queries(ix, [q[:1]])
        firsts += first
    if firsts:
        print(
            f"  first keystroke, empty cache: p50 {pct(firsts, 50):.2f} ms,"
            f" p95 {pct(firsts, 95):.2f} ms, max {max(firsts):.2f} ms"
        )
    gc.unfreeze()


# ------------------------------------------------------------------ side by side


def search_child(data: Path, per_kind: int, seed: int) -> None:
    """In a fresh interpreter (whichever ``towntui`` ``PYTHONPATH`` gives): load ``data``,
    build the index, type the queries; print the build time and keystroke times as JSON."""
    t0 = time.perf_counter()
    ds = load([data], cache=LoadCache(None))
    t1 = time.perf_counter()
    ix = SearchIndex(ds)
    build = time.perf_counter() - t1
    qs = queries(ds, per_kind, seed)
    gc.collect()
    gc.freeze()
    times = {kind: type_queries(ix, qs[kind])[0] for kind in KINDS}
    out = {"load": t1 - t0, "build": build, "times": times, "peak_kb": _peak_kb()}
    print(json.dumps(out))


def checkout(rev: str, root: Path) -> Path:
    """The ``src`` folder of ``rev`` of this repository, unpacked under ``root``."""
    out = root / f"src-{rev}"
    if not out.exists():
        out.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(HERE.parent), "archive", rev, "src"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out / "src"


def child(src: Path, *argv: str) -> dict[str, object] | None:
    """Run this script in a fresh interpreter on the ``towntui`` in ``src``; its JSON."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, __file__, *argv]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if res.returncode:
        print(f"  failed ({src}): {res.stderr.strip()[-300:]}")
        return None
    out: dict[str, object] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def side_by_side(data: Path, entities: int, ref: Path, args: argparse.Namespace) -> None:
    """Keystroke p50/p95 of the reference code and of this tree, each in a fresh process
    (reference first, then this tree, ``--rounds`` times), on the same data and queries."""
    mine = Path(__file__).resolve().parent.parent / "src"
    argv = ("--search-child", str(data), "--queries", str(args.queries), "--seed", str(args.seed))
    runs: dict[str, list[dict[str, object]]] = {"reference": [], "this tree": []}
    for _ in range(args.rounds):
        for name, src in (("reference", ref), ("this tree", mine)):
            got = child(src, *argv)
            if got is not None:
                runs[name].append(got)
    if not all(runs.values()):
        return
    print(f"\n{entities:,} entities, side by side ({args.rounds} round(s), fresh processes):")
    print(
        f"  {'query':<9} {'p50 ref':>8} {'p50 now':>8} {'p95 ref':>8} {'p95 now':>8} {'ratio':>6}"
    )
    for kind in (*KINDS, "all"):
        row = []
        for name in runs:
            times = [
                t
                for run in runs[name]
                for k, ts in run["times"].items()  # type: ignore[attr-defined]
                if kind in (k, "all")
                for t in ts
            ]
            row.append((pct(times, 50), pct(times, 95)))
        (a50, a95), (b50, b95) = row
        print(f"  {kind:<9} {a50:>8.2f} {b50:>8.2f} {a95:>8.2f} {b95:>8.2f} {b95 / a95:>6.2f}")
    for name, rs in runs.items():
        cold = statistics.median(float(r["load"]) for r in rs)  # type: ignore[arg-type]
        build = statistics.median(float(r["build"]) for r in rs)  # type: ignore[arg-type]
        peak = max(int(r["peak_kb"]) for r in rs) / 1024  # type: ignore[call-overload]
        print(
            f"  {name:<10} cold load {cold:6.2f} s, index build {build:6.2f} s,"
            f" peak RSS {peak:5.0f} MB"
        )
    print("  target: p95 <= 16 ms per keystroke at 100,000 entities")


def bench_parse(data: Path, rounds: int) -> None:
    """TOML parsing of every file of ``data``: ``tomllib`` (the reference) against the
    loader's parser, interleaved, best of ``rounds``; and the header-line scan."""
    import tomllib

    try:
        from towntui.core.loader.parsing import loads
    except ImportError:  # a tree before issue 17 goal 5
        print("\nparse: this tree has no core.loader.parsing")
        return
    from towntui.core.loader.reading import header_lines

    texts = [p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.toml"))]
    size = sum(len(t.encode()) for t in texts) / 1e6
    best = {"tomllib": 1e9, "towntui": 1e9, "headers": 1e9}
    for _ in range(rounds):
        for name, fn in (("tomllib", tomllib.loads), ("towntui", loads)):
            t0 = time.perf_counter()
            for t in texts:
                fn(t)
            best[name] = min(best[name], time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            header_lines(t, ("metrics", "events", "entities"))
        best["headers"] = min(best["headers"], time.perf_counter() - t0)
    print(f"\nparse {len(texts):,} files, {size:.1f} MB of TOML (best of {rounds}):")
    for name, secs in best.items():
        print(f"  {name:<8} {secs:7.2f} s  {size / secs:6.1f} MB/s")
    print(f"  towntui / tomllib  {best['towntui'] / best['tomllib']:6.3f}")


# ------------------------------------------------------------------ load and memory


def _per_folder_cache() -> bool:
    """Whether the tree measured keeps a load-cache file per data folder (issue 17)."""
    import towntui.core.cache as cache_package

    return hasattr(cache_package, "folder_cache_path")


def bench_load(data: Path, repeat: int) -> Dataset:
    """Cold, first-start and warm load times of ``data``; returns the dataset."""
    print(
        f"\nload {data.name} ({sum(1 for _ in (data / 'towns').glob('*.toml')):,} files, ", end=""
    )
    size = sum(p.stat().st_size for p in (data / "towns").glob("*.toml"))
    print(f"{size / 1e6:.1f} MB of TOML):")
    cold: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        ds = load([data], cache=LoadCache(None))
        cold.append(time.perf_counter() - t0)
    with tempfile.TemporaryDirectory(prefix="towntui-cache-") as tmp:
        # one file per data folder since issue 17 (the folder is given); before, the file
        path = Path(tmp) / "cache" if _per_folder_cache() else Path(tmp) / "load-cache.json"
        t0 = time.perf_counter()
        load([data], cache=LoadCache(path))
        first = time.perf_counter() - t0
        warm: list[float] = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            cache = LoadCache(path)
            ds = load([data], cache=cache)
            warm.append(time.perf_counter() - t0)
        files = list(path.iterdir()) if path.is_dir() else [path] if path.exists() else []
        cache_mb = sum(f.stat().st_size for f in files) / 1e6
        hits = cache.hits
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"  cold (no cache)           {c:8.2f} s   (median of {repeat})")
    print(f"  first start (cache write) {first:8.2f} s")
    print(f"  warm (cache read)         {w:8.2f} s   (median of {repeat}; {hits} cache hits)")
    print(f"  warm / cold               {w / c * 100:8.1f} %   (target <= 20 %)")
    print(f"  cache file                {cache_mb:8.1f} MB")
    print(f"  problems                  {len(ds.problems):8d}")
    return ds


def _peak_kb() -> int:
    """This process's peak resident set in KiB (``VmHWM``; ``ru_maxrss`` as fallback).

    ``ru_maxrss`` survives ``exec`` on Linux, so a child started by a big parent would
    report the parent's peak; ``VmHWM`` belongs to the new address space.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def memory_child(data: Path, mode: str) -> None:
    """In a fresh interpreter: load and index ``data``, print peak memory as JSON."""
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
    base = _peak_kb()
    ds = load([data], cache=LoadCache(None))
    ix = SearchIndex(ds)
    for q in ("y", "yq", "yun", "yunq", "云", "云栖"):
        ix.search(q, limit=LIMIT)
    out = {"base_kb": base, "peak_kb": _peak_kb()}
    if mode == "tracemalloc":
        import tracemalloc

        current, peak = tracemalloc.get_traced_memory()
        out |= {"traced_current": current, "traced_peak": peak}
    print(json.dumps(out))


def bench_memory(data: Path) -> None:
    """Peak RSS and tracemalloc peak for ``data`` loaded and indexed."""
    print(f"\npeak memory, {data.name} loaded (no cache) and indexed, in a fresh interpreter:")
    for mode in ("rss", "tracemalloc"):
        cmd = [sys.executable, __file__, "--memory-child", str(data), "--memory-mode", mode]
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if res.returncode:
            print(f"  {mode}: failed: {res.stderr.strip()[-300:]}")
            continue
        got = json.loads(res.stdout.strip().splitlines()[-1])
        if mode == "rss":
            print(f"  peak RSS (VmHWM)    {got['peak_kb'] / 1024:8.0f} MB   (target < 300 MB)")
            print(f"  after imports       {got['base_kb'] / 1024:8.0f} MB")
        else:
            print(f"  tracemalloc peak    {got['traced_peak'] / 2**20:8.0f} MB")
            print(f"  tracemalloc at end  {got['traced_current'] / 2**20:8.0f} MB")


# ------------------------------------------------------------------ CLI, whole process


def bench_cli(data: Path, entities: int) -> None:
    """``towntui search`` at this size with a warm cache, beside ``fzf --filter`` and
    ``python -c pass`` (``cli_index.py``, 3 interleaved rounds)."""
    import cli_index  # type: ignore[import-not-found]

    import towntui

    src = Path(towntui.__file__).resolve().parents[1]  # the checkout measured (PYTHONPATH)

    print(f"\n== CLI search, whole process, {entities:,} entities, warm cache (issue 17 goal 3)")
    cli_index.run(data, ["yq", "科技"], 3, {}, new=src)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks the options select and print the figures."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1k/10k entities, 100 towns")
    ap.add_argument("--sizes", help="entity counts for search, e.g. 1000,10000,100000")
    ap.add_argument("--towns", type=int, help="towns for load and memory (default 1000)")
    ap.add_argument("--entities", type=int, default=100, help="entities per town")
    ap.add_argument("--metrics", type=int, default=30, help="metrics per town")
    ap.add_argument("--events", type=int, default=40, help="events per town")
    ap.add_argument("--queries", type=int, help="queries per kind (default 100; quick 20)")
    ap.add_argument("--repeat", type=int, default=3, help="load repetitions (median)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-search", action="store_true")
    ap.add_argument("--no-load", action="store_true")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--no-cli", action="store_true", help="skip the whole-process CLI search")
    ap.add_argument("--workdir", type=Path, help="keep generated folders here (reused)")
    ap.add_argument(
        "--against",
        metavar="REV",
        help="also run search in fresh processes on this git revision and on this tree, "
        "side by side (make bench: aadae96, the code before issue 17)",
    )
    ap.add_argument("--rounds", type=int, default=1, help="side-by-side rounds (--against)")
    ap.add_argument("--no-parse", action="store_true")
    ap.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--search-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--memory-mode", default="rss", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args.memory_mode)
        return 0
    if args.search_child:
        search_child(args.search_child, args.queries or 100, args.seed)
        return 0
    default_sizes = "1000,10000" if args.quick else "1000,10000,100000"
    sizes = [int(s) for s in (args.sizes or default_sizes).split(",") if s.strip()]
    args.queries = args.queries or (20 if args.quick else 100)
    towns = args.towns or (100 if args.quick else 1000)
    print(f"towntui benchmarks, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"machine: {machine()}")
    per = f"{args.entities} entities, {args.metrics} metrics, {args.events} events per town"
    print(f"data: generated, {per}, seed {args.seed}")
    with tempfile.TemporaryDirectory(prefix="towntui-bench-") as tmp:
        root = args.workdir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        ref = checkout(args.against, root) if args.against else None
        if not args.no_search:
            for n in sizes:
                data = folder(root, max(1, n // max(1, args.entities)), args)
                bench_search(load([data], cache=LoadCache(None)), n, args)
                if ref is not None:
                    side_by_side(data, n, ref, args)
        if not args.no_parse:
            bench_parse(folder(root, towns, args), args.repeat)
        if not args.no_load:
            bench_load(folder(root, towns, args), args.repeat)
        if not args.no_memory:
            bench_memory(folder(root, towns, args))
        if not args.no_cli:
            bench_cli(folder(root, towns, args), towns * args.entities)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
