"""The load cache: one :class:`~towntui.core.cache.store.CacheFile` per data folder.

A town file's entry lives in the file of its folder (named by a digest of the folder's
resolved path, see :func:`folder_cache_path`), opened on the first entry asked for, so
a start reads only the files of the folders it loads: a large folder opened once never
slows a small one. The single file of earlier versions (:data:`~.store.CACHE_NAME`) is
removed on the first save.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from towntui.core.cache.codec import Entry
from towntui.core.cache.store import CACHE_NAME, CacheFile, FileKey, check_folder
from towntui.core.digest import blake2b
from towntui.core.i18n import Msg

#: The cache files of data folders: ``load-<digest>.json`` in the cache folder.
FILE_PREFIX = "load-"
FILE_SUFFIX = ".json"


def folder_digest(folder: str) -> str:
    """A short digest of a folder's resolved path (a cache file's name)."""
    data = folder.encode("utf-8", "surrogateescape")
    return blake2b(data, digest_size=10).hexdigest()


def folder_cache_path(base: Path, folder: str) -> Path:
    """The cache file in ``base`` of the town files in ``folder`` (a resolved path)."""
    return base / f"{FILE_PREFIX}{folder_digest(folder)}{FILE_SUFFIX}"


def user_cache_folder() -> Path | None:
    """The user's cache folder (``TOWNTUI_CACHE_DIR`` overrides it), or None when
    ``TOWNTUI_NO_CACHE`` turns caching off."""
    if os.environ.get("TOWNTUI_NO_CACHE", "") not in ("", "0"):
        return None
    folder = os.environ.get("TOWNTUI_CACHE_DIR")
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_cache_dir("towntui", appauthor=False))


class LoadCache:
    """:class:`Entry` records by :data:`FileKey`, in one cache file per data folder in
    the cache folder ``folder`` (None: no cache). See the package's docstring."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._files: dict[Path, CacheFile] = {}
        #: When false, :func:`~towntui.core.loader.load` leaves :meth:`save` to the caller
        #: (the app saves after it has shown the data).
        self.autosave = True
        self.hits = 0
        self.misses = 0
        #: Why the cache folder, or a cache file, was not used (None when neither was
        #: refused).
        self.refused: Msg | None = None
        if folder is not None:
            self.refused = check_folder(folder)
            if self.refused is not None:  # neither read nor written
                self.folder = None

    @classmethod
    def default(cls) -> LoadCache:
        """The user's cache (or a disabled one when ``TOWNTUI_NO_CACHE`` is set)."""
        return cls(user_cache_folder())

    def _file(self, key: FileKey | None) -> CacheFile | None:
        """The cache file of the folder of ``key``'s file, opened on first use."""
        if key is None or self.folder is None:
            return None
        return self._open(folder_cache_path(self.folder, os.path.dirname(str(key[0]))))

    def _open(self, path: Path) -> CacheFile:
        found = self._files.get(path)
        if found is None:
            found = self._files[path] = CacheFile(path)
            if self.refused is None:
                self.refused = found.refused
        return found

    def holds_folders(self, dirs: Sequence[Path]) -> bool:
        """Whether there is a cache file for the town files of each data folder of
        ``dirs`` (its entries may still be stale: a cheap guess, by file names, of
        whether a load will parse town files; the other files are read every time)."""
        if self.folder is None:
            return False
        for d in dirs:
            towns = d / "towns"
            path = folder_cache_path(self.folder, os.path.realpath(towns))
            if towns.is_dir() and not path.is_file():
                return False
        return True

    def __len__(self) -> int:
        """The number of entries in every cache file of the folder."""
        if self.folder is not None:
            with contextlib.suppress(OSError):
                for name in sorted(os.listdir(self.folder)):
                    if name.startswith(FILE_PREFIX) and name.endswith(FILE_SUFFIX):
                        self._open(self.folder / name)
        return sum(len(f) for f in self._files.values())

    def get(self, key: FileKey | None) -> Entry | None:
        """The entry for ``key``, if cached (a damaged entry is a miss)."""
        store = self._file(key)
        entry = store.get(key) if store is not None else None
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, key: FileKey | None, entry: Entry) -> None:
        """Remember ``entry``; files without a key are not cached."""
        store = self._file(key)
        if store is not None:
            store.put(key, entry)

    def save(self) -> None:
        """Write the cache files that changed (failures are ignored), and remove the
        single cache file of earlier versions."""
        if self.folder is None:
            return
        for store in self._files.values():
            store.save()
        _remove_legacy(self.folder)

    def close(self) -> None:
        """Forget every entry once saved: afterwards every :meth:`get` misses and
        :meth:`save` does nothing."""
        for store in self._files.values():
            store.close()
        self._files = {}
        self.folder = None


def _remove_legacy(folder: Path) -> None:
    """Remove the one cache file of earlier versions from ``folder`` (a link or a file:
    never what a link points at)."""
    old = folder / CACHE_NAME
    with contextlib.suppress(OSError):
        st = os.lstat(old)
        kind = stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)
        if kind and check_folder(folder) is None:
            os.unlink(old)
