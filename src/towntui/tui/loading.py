"""Loading the data in a worker thread that reports by messages, as Toolong does.

:class:`Loading` reads the data folders (through the load cache), then reads the search
index saved beside the cache (or builds it, and saves it last), in a thread. It reports
to the app with messages: :class:`IndexReady` first, when a saved index of these very
files is there (search works while the towns load), :class:`DataPreview` for each
partial dataset while a large folder loads, :class:`DataLoaded` when the whole dataset
and its search index are in, and :class:`IndexComplete` when the index's per-letter
views are in too. The app decides what to show and when; the loader never waits for the
screen.

The views saved with the index are read once the data is in, before it is sent (so
typing is fast from the first key after :class:`DataLoaded`; read with the index, they
delayed Search's first results). When there are none (a first start, or an index the
CLI saved) they are built after the data is shown, in the pauses of the user's typing
(:attr:`Loading.busy`: building them holds the interpreter, which the keystrokes then
wait for), and the index is saved with them.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message
from textual.message_pump import MessagePump

from towntui.core.gcpause import gc_let_go
from towntui.core.i18n import tr
from towntui.core.model import Dataset

if TYPE_CHECKING:
    from towntui.core.cache import LoadCache
    from towntui.core.loader.stamps import Stamp
    from towntui.core.search import SearchIndex
    from towntui.core.search.saved import SavedIndex

#: Seconds between partial datasets sent by the loader (after the first town file). Each
#: copies the entities loaded so far and each one shown rebuilds the screens: every 0.1 s,
#: a cold load of 1,000 towns peaked 10-15 MB higher than at every 0.5 s.
LOADER_PREVIEW_EVERY = 0.5
#: Seconds into the load before the first partial dataset: a small or cached folder is
#: read in a few milliseconds, and a preview of it only made the screen draw twice.
LOADER_PREVIEW_AFTER = 0.1

#: Seconds the index build waits for the whole dataset to be painted: building it holds
#: the interpreter most of the time, so started at once it slowed the paint of the
#: towns (the first thing a user reads) about twofold.
SHOWN_WAIT = 1.0
#: Seconds the app waits, before its first frame, for the towns :meth:`Loading.begin`
#: started reading (the bundled data is in within ~20 ms of that start).
EARLY_WAIT = 0.05
#: Data folders of at least this many bytes have their saved search index read before
#: the towns (bundled data is about 0.4 MB; 1,000 generated towns about 80 MB).
EARLY_INDEX_BYTES = 4 * 1024 * 1024
#: Seconds between two looks, while the user types, at whether the views may be built on.
PAUSE_TICK = 0.02


def progress_text(lang: str, done: int, total: int, indexing: bool) -> str:
    """What the app's sub-title says while loading: files read of all, then indexing."""
    if indexing:
        return tr(lang, "正在建立搜索索引", "indexing for search")
    if not total:
        return tr(lang, "载入中", "loading")
    return tr(lang, f"载入中 {done}/{total} 个文件", f"loading {done}/{total} files")


class DataPreview(Message):
    """A dataset read so far (``final``: all of it, while the index is being built)."""

    def __init__(self, dataset: Dataset, *, final: bool = False) -> None:
        super().__init__()
        self.dataset = dataset
        self.final = final


class IndexReady(Message):
    """The saved search index, read before the data: search works, opening a hit waits
    for :class:`DataLoaded` (which brings the same index, or a new one if a file changed
    while the data loaded)."""

    def __init__(self, index: SearchIndex) -> None:
        super().__init__()
        self.index = index


class DataLoaded(Message):
    """The whole dataset, and its search index (ready to use)."""

    def __init__(self, dataset: Dataset, index: SearchIndex) -> None:
        super().__init__()
        self.dataset = dataset
        self.index = index


class IndexComplete(Message):
    """The search index's per-letter pinyin views are in (and the index saved, if it
    was built): the loader is done."""


class _LoadStopped(Exception):
    """Raised in the loader thread when the app quits before the data is in."""


class Loading:
    """One load of ``dirs`` for ``target`` (the app), run by :meth:`run` in a worker thread.

    :attr:`progress` (files done, files in all) and :attr:`stopped` are read by the app;
    :meth:`stop` ends the load at its next file (the app is quitting), keeping in the
    cache what was parsed.
    """

    def __init__(
        self, target: MessagePump, dirs: Sequence[Path] | None, cache: LoadCache | None
    ) -> None:
        self.target = target
        self.dirs = dirs
        self.cache = cache
        self.progress: tuple[int, int] = (0, 0)
        self.started = time.monotonic()
        #: Seconds from the start to the per-letter views being built.
        self.times: dict[str, float] = {}
        #: Whether the search index was read from the saved one (not built).
        self.index_restored = False
        #: Whether its views were read with it (not built).
        self.views_restored = False
        #: Whether the user is typing (set by the app): the views' builder waits then.
        self.busy: Callable[[], bool] | None = None
        self._stop = threading.Event()
        #: Set by the app once the whole dataset is on screen (the index waits for it).
        self.shown = threading.Event()
        self._planned: _Plan | None = None
        self._running = threading.Event()  # run() has started: the app runs
        self._reader: _Reader | None = None

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    def stop(self) -> None:
        """Stop loading (the app quits): the reader stops at its next file."""
        self._stop.set()

    def progress_from_thread(self, done: int, total: int) -> None:
        """The loader's progress callback: note it, or stop the load if asked to."""
        if self._stop.is_set():
            raise _LoadStopped  # out of the loader, at the next file
        self.progress = (done, total)

    def preview_from_thread(self, dataset: Dataset) -> None:
        """The loader's preview callback: send the partial dataset to the app (once it
        runs: a reader started with the app may be ahead of it)."""
        if self._running.is_set():
            self.target.post_message(DataPreview(dataset))

    def pause_while_busy(self) -> None:
        """Called by the views' builder between batches: wait while the user types
        (:attr:`busy`), so that the keystrokes have the interpreter; at once when the
        app quits. The builder holds the garbage collector off; while it waits, the
        collector is let go (the app makes garbage meanwhile)."""
        busy = self.busy
        if busy is None or not busy():
            return
        with gc_let_go():
            while not self._stop.wait(PAUSE_TICK) and busy():
                pass

    def _pause_or_quit(self) -> None:
        """:meth:`pause_while_busy`, then give the work up if the app quits (raises
        ``IndexCancelled``: the save of the index leaves no file)."""
        self.pause_while_busy()
        if self._stop.is_set():
            from towntui.core.search import IndexCancelled

            raise IndexCancelled

    def begin(self) -> None:
        """Start reading a small folder's towns at once, as the app is made: they are
        then in before its first screen is laid out (:meth:`early_dataset`), and the
        first frame drawn is the towns, not an empty list drawn and then drawn again. A
        large folder, whose saved search index is read first, starts in :meth:`run`."""
        plan = self._plan()
        if plan.parses:  # (toml_rs must be imported by the main thread: core.loader.parsing)
            from towntui.core.loader.parsing import fast_parser

            fast_parser()
        if not plan.early_index:
            self._reader = _Reader(self, plan.cache)

    def early_dataset(self, wait: float | None = None) -> Dataset | None:
        """The towns :meth:`begin` started reading, if they are in within ``wait``
        seconds (default :data:`EARLY_WAIT`; the app waits before its first frame)."""
        reader = self._reader
        wait = EARLY_WAIT if wait is None else wait
        if reader is None or not reader.finished.wait(wait) or reader.failed:
            return None
        return reader.loaded[0] if reader.loaded else None

    def _plan(self) -> _Plan:
        """The cache, the folders and their stamps (once)."""
        if self._planned is None:
            from towntui.core.cache import LoadCache
            from towntui.core.loader.reading import data_dirs
            from towntui.core.loader.stamps import data_stamps, stamp_bytes

            cache = self.cache if self.cache is not None else LoadCache.default()
            cache.autosave = False  # saved in run, once the data is on screen
            # the files' stamps before the load: an index saved later is never newer
            dirs = list(self.dirs) if self.dirs is not None else data_dirs()
            folder = cache.folder  # (closing the cache forgets it)
            stamps = data_stamps(dirs) if folder is not None else None
            # a large folder: Search works from its saved index while the towns load; a
            # small one: the towns first, as importing the search engine takes longer
            # than reading them
            early = stamps is not None and stamp_bytes(stamps) >= EARLY_INDEX_BYTES
            parses = folder is None or not cache.holds_folders(dirs)
            self._planned = _Plan(cache, dirs, folder, stamps, early, parses)
        return self._planned

    def run(self) -> None:
        """Load (through the cache), send partial datasets, save the cache, index (search
        is ready then), and last build the index's per-letter pinyin views.

        The search index is built once, on the final dataset: building it costs more
        than loading the towns, so an index per partial dataset would delay the complete
        one several times over.
        """
        self._running.set()
        plan = self._plan()
        cache, dirs, folder, stamps = plan.cache, plan.dirs, plan.folder, plan.stamps
        saved = self._saved(folder, dirs, stamps) if plan.early_index else None
        early = self._read_saved(saved)
        dataset = self._read(cache)
        if dataset is None:
            return
        try:
            self.target.post_message(DataPreview(dataset, final=True))
            cache.save()  # the data is on its way to the screen; its blobs go first
            cache.close()
            if not plan.early_index:
                self.shown.wait(SHOWN_WAIT)  # the search engine once the towns are painted
                saved = self._saved(folder, dirs, stamps)
                early = saved.load() if saved is not None else None
            self._index(dataset, saved, early)
        finally:
            cache.save()  # (nothing to do if saved above)
            cache.close()

    @staticmethod
    def _saved(
        folder: Path | None, dirs: list[Path], stamps: list[Stamp] | None
    ) -> SavedIndex | None:
        """The saved index of ``dirs`` in the cache folder, checked against ``stamps``
        (taken before the load); None without a cache."""
        from towntui.core.search.saved import SavedIndex

        return SavedIndex.beside(folder, dirs, stamps)

    def _read_saved(self, saved: SavedIndex | None) -> SearchIndex | None:
        """The saved index, if it is of the files as they are now, sent to the app at
        once (:class:`IndexReady`): it needs no data, and reading it takes a fraction
        of the load. None if there is none (the index is built after the load)."""
        if saved is None or self._stop.is_set():
            return None
        index = saved.load()  # checked against the stamps taken just before
        if index is not None:
            self.index_restored = True
            self.times["index_ready"] = time.monotonic() - self.started
            self.target.post_message(IndexReady(index))
        return index

    def _read(self, cache: LoadCache) -> Dataset | None:
        """Read the files in a daemon thread (the one :meth:`begin` started, if it did),
        which this worker waits for.

        When the app quits the worker returns at once and the process ends, even if a
        read never returns (a hung network path, a device): Textual's worker threads
        are joined at exit, a daemon thread is not. None if the app quit first.
        """
        reader = self._reader if self._reader is not None else _Reader(self, cache)
        while not reader.finished.wait(0.05):
            if self._stop.is_set():
                return None  # the reader stops at its next file, or ends with the process
        if reader.failed:
            raise reader.failed[0]
        return reader.loaded[0] if reader.loaded else None

    def _index(self, dataset: Dataset, saved: SavedIndex | None, early: SearchIndex | None) -> None:
        """Keep the saved search index read before the load (or build one), send it with
        the data, build its views unless they were read with it, then save it if
        anything was built."""
        from towntui.core.search import IndexCancelled, SearchIndex

        try:
            # the saved index, if it is of the very files just loaded (none changed
            # while they were read); else the app's early one is replaced
            index = early if saved is not None and saved.unchanged() else None
            built = index is None
            self.index_restored = not built
            if index is not None and saved is not None:
                # its views, saved with it: read now, not with the index (Search's first
                # results came ~0.1 s later at 100k), nor after the data is shown
                self.views_restored = saved.load_views(index)
            if index is None:
                self.shown.wait(SHOWN_WAIT)
                # Search is ready without the per-letter pinyin views (a third of the
                # build); they are built next, while the index is in use, and only make
                # it faster.
                index = SearchIndex(dataset, stop=self._stop.is_set, letter_views=False)
            # The data and index live as long as the app: a full collection would walk
            # them on every run (~150 ms at 1,000 towns, a stall while typing), so they
            # go to the collector's permanent generation once the garbage is gone.
            gc.collect()
            gc.freeze()
            if self._stop.is_set():
                return
            self.target.post_message(DataLoaded(dataset, index))
            views_built = not index.has_views
            if views_built:
                if not built:  # the views hold the interpreter: the towns are painted first
                    self.shown.wait(SHOWN_WAIT)
                index.add_letter_views(stop=self._stop.is_set, pause=self.pause_while_busy)
            self.times["letter_views"] = time.monotonic() - self.started
            changed = built or views_built
            if changed and saved is not None and not self._stop.is_set() and saved.unchanged():
                saved.save(index, len(dataset.problems), self._pause_or_quit)  # views and all
            # the loader is done: keys need no head start any more (the app's switch
            # interval), and full collections wait for pauses in the input
            self.target.post_message(IndexComplete())
        except IndexCancelled:
            pass  # the app is quitting: keep what was parsed for the next start


class _Plan(NamedTuple):
    """What a load reads: the cache, the folders, their stamps (None without a cache
    folder), whether the saved search index is read before the towns, and whether town
    files are likely to be parsed (the cache has no file for a folder)."""

    cache: LoadCache
    dirs: list[Path]
    folder: Path | None
    stamps: list[Stamp] | None
    early_index: bool
    parses: bool


class _Reader:
    """The data files read in a daemon thread for ``loading``, started at once."""

    def __init__(self, loading: Loading, cache: LoadCache) -> None:
        self.loaded: list[Dataset] = []
        self.failed: list[BaseException] = []
        self.finished = threading.Event()
        self._loading = loading
        self._cache = cache
        threading.Thread(target=self._read, name="towntui-loader", daemon=True).start()

    def _read(self) -> None:
        from towntui.core import loader

        loading, cache = self._loading, self._cache
        try:
            self.loaded.append(
                loader.load(  # with the garbage collector paused (core.gcpause)
                    loading.dirs,
                    progress=loading.progress_from_thread,
                    cache=cache,
                    preview=loading.preview_from_thread,
                    preview_every=LOADER_PREVIEW_EVERY,
                    preview_after=LOADER_PREVIEW_AFTER,
                )
            )
            if loading.stopped:  # done as the app quit: the worker is gone
                cache.save()
                cache.close()
        except _LoadStopped:  # the app quit: keep what was parsed for the next start
            cache.save()
            cache.close()
        except BaseException as exc:  # handed to the worker, which reports it
            self.failed.append(exc)
        finally:
            self.finished.set()
