"""Loading: :func:`load` reads every data folder (registries and shared sources first,
then the town files, from the cache when unchanged), sends previews while it goes, and
links the result into a :class:`Dataset`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from towntui.core.cache import Entry, LoadCache, file_key
from towntui.core.gcpause import gc_paused
from towntui.core.loader.linking import link, town_sources
from towntui.core.loader.problems import Collector
from towntui.core.loader.reading import data_dirs, display_path, folder_files, read_toml
from towntui.core.loader.records import load_registry, load_sources
from towntui.core.loader.town import build_town
from towntui.core.model import Dataset, Entity, MetricDef, Problem, Source, Town

Progress = Callable[[int, int], None]
Preview = Callable[[Dataset], None]


def load(
    dirs: Sequence[Path] | None = None,
    *,
    progress: Progress | None = None,
    cache: LoadCache | None = None,
    preview: Preview | None = None,
    preview_every: float = 0.1,
    preview_after: float = 0.0,
) -> Dataset:
    """Load every data folder in ``dirs`` (default: :func:`data_dirs`) into a Dataset.

    ``progress(done, total)`` is called after each file, possibly from a worker thread.
    With a ``cache``, town files unchanged since they were last loaded are not parsed or
    validated again (cross-file checks always run); the cache is saved at the end unless
    its ``autosave`` is off.

    ``preview(dataset)`` is called with the towns loaded so far, after the first town
    file read ``preview_after`` seconds or more into the load, and then at most every
    ``preview_every`` seconds, so a screen can fill while a large folder loads (a load
    done sooner sends none). A preview is not linked: entities list the towns their own
    records name, and cross-file problems (unknown sources, towns or entities, duplicate
    entity ids) are only in the final dataset.

    The cyclic garbage collector is paused meanwhile (see :func:`gc_paused`).
    """
    with gc_paused():
        return _Load(dirs, progress, cache).run(preview, preview_every, preview_after)


class _Load:
    """One load: the folders' files, what is read so far, and the progress made."""

    def __init__(
        self, dirs: Sequence[Path] | None, progress: Progress | None, cache: LoadCache | None
    ) -> None:
        folders = list(dirs) if dirs is not None else data_dirs()
        self.problems: list[Problem] = []
        self.plan = [(i, *folder_files(Path(d), self.problems)) for i, d in enumerate(folders)]
        self.total = sum(len(top) + len(towns) for _, top, towns in self.plan)
        self.done = 0
        self.progress = progress
        self.cache = cache
        self.registry: dict[str, MetricDef] = {}
        self.sources: dict[str, tuple[Source, str]] = {}

    def step(self) -> None:
        """One more file done."""
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def add_source(self, src: Source, shown: str, where: str, col: Collector) -> None:
        """Define ``src`` (from the file shown as ``shown``); another with its id is
        reported at ``where``."""
        prior = self.sources.get(src.id)
        if prior is not None and prior[0] != src:
            col.add(
                where,
                f'duplicate source id "{src.id}" (first defined in {prior[1]})',
                f'来源 id "{src.id}" 重复（最先定义于 {prior[1]}）',
            )
            return
        self.sources.setdefault(src.id, (src, shown))

    def run(self, preview: Preview | None, preview_every: float, preview_after: float) -> Dataset:
        """Read the registries and shared sources, then the towns, and link them."""
        for _, top, _ in self.plan:
            for path in top:
                self.read_top(path)
        towns, unkept = self.read_towns(preview, preview_every, preview_after)
        if self.cache is not None and self.cache.autosave:
            self.cache.save()
        return link(
            [t for t, _, _, _ in towns.values()],
            self.registry,
            {k: v[0] for k, v in self.sources.items()},
            {t.id: c for t, _, _, c in towns.values()},
            unkept,
            self.problems,
        )

    def read_towns(
        self, preview: Preview | None, preview_every: float, preview_after: float
    ) -> tuple[dict[str, tuple[Town, int, str, Collector]], list[Collector]]:
        """Read the town files, later folders replacing earlier ones by id; returns the
        towns by id (with their folder's index, file and collector) and the collectors
        of the files with records that were not kept."""
        fingerprint = repr(sorted((k, m.unit) for k, m in self.registry.items()))
        sketch = _Sketch()
        sketch.sent = time.monotonic() + preview_after - preview_every  # the first one due
        towns: dict[str, tuple[Town, int, str, Collector]] = {}
        unkept: list[Collector] = []  # files with records that were not kept
        for index, _, town_files in self.plan:
            for path in town_files:
                town, local, col = self.town_file(path, fingerprint)
                self.step()
                if col.refs:
                    unkept.append(col)
                for i, src in enumerate(local):
                    self.add_source(src, col.display, f"sources[{i}].id", col)
                if town is None or not _replaces(towns, town, index, col):
                    continue
                towns[town.id] = (town, index, col.display, col)
                if preview is not None:
                    sketch.add(town)
                    if time.monotonic() - sketch.sent >= preview_every:
                        preview(sketch.dataset(self.registry, self.sources, self.problems))
        return towns, unkept

    def read_top(self, path: Path) -> None:
        """Read a folder's ``metrics.toml`` or ``sources.toml`` into the registry or the
        shared sources."""
        fd = read_toml(path)
        self.problems.extend(fd.problems)
        self.step()
        if fd.doc is None:
            return
        col = Collector(fd.display, fd.text, self.problems)
        if path.name == "metrics.toml":
            for i, mdef in enumerate(load_registry(fd, col)):
                if mdef.key in self.registry and self.registry[mdef.key] != mdef:
                    col.add(
                        f"metric[{i}].key",
                        f'duplicate metric key "{mdef.key}"',
                        f'指标键 "{mdef.key}" 重复',
                    )
                else:
                    self.registry[mdef.key] = mdef
        else:
            for i, src in enumerate(load_sources(fd, col, in_town=False)):
                self.add_source(src, fd.display, f"sources[{i}].id", col)
        col.summarise()

    def town_file(
        self, path: Path, fingerprint: str
    ) -> tuple[Town | None, list[Source], Collector]:
        """Load one town file, from the cache when its path, size and mtime are unchanged."""
        cache, problems = self.cache, self.problems
        key = file_key(path, fingerprint) if cache is not None else None
        entry = cache.get(key) if cache is not None else None
        shown = display_path(path)
        if entry is not None:
            problems.extend(replace(p, path=shown) for p in entry.problems)
            col = Collector.thaw(shown, (entry.kept, entry.lines), problems, entry.refs)
            col.listed = len(entry.problems)
            return entry.town, list(entry.sources), col
        fd = read_toml(path)
        mine: list[Problem] = list(fd.problems)
        col = Collector(fd.display, fd.text, mine)
        town: Town | None = None
        local: list[Source] = []
        if fd.doc is not None:
            town, local = build_town(fd, col, self.registry)
        col.summarise()
        kept, lines = col.freeze()  # the header lines link-time reports need, not the text
        if cache is not None:
            cache.put(key, Entry(town, tuple(local), tuple(mine), kept, lines, tuple(col.refs)))
        problems.extend(mine)
        col.out = problems
        return town, local, col


def _replaces(
    towns: dict[str, tuple[Town, int, str, Collector]], town: Town, index: int, col: Collector
) -> bool:
    """Whether ``town`` (of folder ``index``) is kept: a town of a later folder replaces
    one with its id (a warning), one of the same folder is skipped (an error)."""
    prior = towns.get(town.id)
    if prior is None:
        return True
    if prior[1] == index:
        col.add(
            "town.id",
            f'duplicate town id "{town.id}" (also in {prior[2]}); this file is skipped',
            f'小镇 id "{town.id}" 重复（{prior[2]} 中也有）；已跳过此文件',
        )
        return False
    col.add(
        "town.id",
        f'replaces town "{town.id}" from {prior[2]}',
        f'取代了 {prior[2]} 中的小镇 "{town.id}"',
        severity="warning",
    )
    return True


class _Sketch:
    """The towns loaded so far, for previews: each with its sources, entities by id."""

    def __init__(self) -> None:
        self.towns: dict[str, Town] = {}
        self.entities: dict[str, Entity] = {}
        self.sent = float("-inf")

    def add(self, town: Town) -> None:
        """Add (or replace) ``town``."""
        self.towns[town.id] = replace(town, sources=town_sources(town))
        for ent in town.entities:
            self.entities.setdefault(ent.id, ent)

    def dataset(
        self,
        registry: dict[str, MetricDef],
        sources: dict[str, tuple[Source, str]],
        problems: list[Problem],
    ) -> Dataset:
        """A preview of what is loaded so far (not linked)."""
        self.sent = time.monotonic()
        return Dataset(
            towns=tuple(self.towns.values()),
            registry=MappingProxyType(dict(registry)),
            sources=MappingProxyType({k: v[0] for k, v in sources.items()}),
            problems=tuple(problems),
            entities=MappingProxyType(dict(self.entities)),
        )
