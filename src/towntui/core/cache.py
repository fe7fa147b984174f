"""A cache of parsed and validated town files, so a second start is fast.

Entries are keyed by the file's resolved path, size and modification time (ns) and by a
fingerprint of the metric registry the file was validated against. The cache lives in
the user cache folder (``TOWNTUI_CACHE_DIR`` overrides it; ``TOWNTUI_NO_CACHE=1`` turns
it off). A cache that is corrupt, unreadable, from another version of towntui or written
for another shape of the model is ignored and rewritten; a cache that cannot be written
is skipped silently: it never costs data.

Speed: a warm start reads every record from here, so records are pickled as their class
and field values (rebuilt by calling the class) rather than through the dataclass
``__getstate__``/``__setstate__`` hooks, which are several times slower; a cache written
for a model whose fields differ then fails to load (and is ignored) instead of building
half-filled records.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import tempfile
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from towntui import __version__
from towntui.core import model
from towntui.core.model import Problem, Source, Town

#: Bump when the shape of cached entries or of the file changes.
FORMAT = 4
MAX_ENTRIES = 20_000

FileKey = tuple[str, int, int, str]


@dataclass(frozen=True, slots=True)
class Entry:
    """What loading one town file produced."""

    town: Town | None
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    kept: dict[str, list[int]]
    lines: dict[str, list[int]]
    #: references of the records that were not kept: (field path, what, id)
    refs: tuple[tuple[str, str, str], ...] = ()


def file_key(path: Path, fingerprint: str) -> FileKey | None:
    """The cache key of ``path`` as it is now, or None if it cannot be stat'ed."""
    try:
        st = path.stat()
        return (str(path.resolve()), st.st_size, st.st_mtime_ns, fingerprint)
    except (OSError, RuntimeError):
        return None


class LoadCache:
    """:class:`Entry` records by :data:`FileKey`, stored in one file, decoded on demand.

    The file is a header (format, version, model shape and an index of every entry's
    offset and length) followed by one pickle per entry. Opening the cache reads the
    bytes but decodes nothing; :meth:`get` decodes the one entry asked for, so a load
    fills its screens file by file from the cache too, and entries of folders not being
    loaded cost neither time nor memory. :meth:`save` writes unchanged entries back as
    the bytes they were read as.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._blobs: dict[FileKey, bytes | memoryview] = {}
        self._dirty = False
        #: When false, :func:`~towntui.core.loader.load` leaves :meth:`save` to the caller
        #: (the app saves after it has shown the data).
        self.autosave = True
        self.hits = 0
        self.misses = 0
        if path is not None:
            self._blobs = _read(path)
        self._paths: dict[str, FileKey] = {k[0]: k for k in self._blobs}

    @classmethod
    def default(cls) -> LoadCache:
        """The user's cache (or a disabled one when ``TOWNTUI_NO_CACHE`` is set)."""
        if os.environ.get("TOWNTUI_NO_CACHE", "") not in ("", "0"):
            return cls(None)
        folder = os.environ.get("TOWNTUI_CACHE_DIR")
        if folder:
            base = Path(folder)
        else:
            import platformdirs

            base = Path(platformdirs.user_cache_dir("towntui", appauthor=False))
        return cls(base / "load-cache.pickle")

    def __len__(self) -> int:
        return len(self._blobs)

    def get(self, key: FileKey | None) -> Entry | None:
        """The entry for ``key``, if cached (an entry that cannot be decoded is a miss)."""
        blob = self._blobs.get(key) if key is not None else None
        entry: Entry | None = None
        if blob is not None:
            try:
                decoded: Any = pickle.loads(blob)
            except Exception:  # a damaged entry: forget it, the file is read again
                decoded = None
            if isinstance(decoded, Entry):
                entry = decoded
            else:
                self._forget(key)
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def _forget(self, key: FileKey | None) -> None:
        if key is not None and self._blobs.pop(key, None) is not None:
            self._paths.pop(key[0], None)
            self._dirty = True

    def put(self, key: FileKey | None, entry: Entry) -> None:
        """Remember ``entry``; files without a key are not cached."""
        if key is None or self.path is None:
            return
        self._forget(self._paths.get(key[0]))  # the entry of an older version of the file
        self._paths[key[0]] = key
        buffer = io.BytesIO()
        _Pickler(buffer).dump(entry)
        self._blobs[key] = buffer.getvalue()
        self._dirty = True

    def close(self) -> None:
        """Forget every entry (about 20 MB at 1,000 towns), once saved and no longer
        needed: afterwards every :meth:`get` misses and :meth:`save` does nothing."""
        self.path = None
        self._blobs = {}
        self._paths = {}
        self._dirty = False

    def save(self) -> None:
        """Write the cache if anything changed; failures are ignored."""
        if self.path is None or not self._dirty:
            return
        blobs = list(self._blobs.items())[-MAX_ENTRIES:]
        index: dict[FileKey, tuple[int, int]] = {}
        offset = 0
        for key, blob in blobs:
            index[key] = (offset, len(blob))
            offset += len(blob)
        header = {"format": FORMAT, "version": __version__, "shape": SHAPE, "index": index}
        try:
            _write_atomic(self.path, [pickle.dumps(header), *(b for _, b in blobs)])
            self._dirty = False
        except OSError:
            pass


def _write_atomic(path: Path, parts: list[bytes | memoryview]) -> None:
    """Write ``parts`` one after the other to a temporary file, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in parts:
                fh.write(part)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read(path: Path) -> dict[FileKey, bytes | memoryview]:
    try:
        data = memoryview(path.read_bytes())
        stream = io.BytesIO(data)
        header: Any = pickle.load(stream)
        start = stream.tell()
    except Exception:  # corrupt, truncated, unreadable, from another Python: start afresh
        return {}
    index = header.get("index") if isinstance(header, dict) else None
    if (
        not isinstance(index, dict)
        or header.get("format") != FORMAT
        or header.get("version") != __version__
        or header.get("shape") != SHAPE
    ):
        return {}
    blobs: dict[FileKey, bytes | memoryview] = {}
    for key, where in index.items():
        try:
            offset, length = where
            if start + offset + length <= len(data):
                blobs[key] = data[start + offset : start + offset + length]
        except (TypeError, ValueError):
            continue
    return blobs


def _record_types() -> dict[type, tuple[str, ...]]:
    found: dict[type, tuple[str, ...]] = {Entry: tuple(f.name for f in fields(Entry))}
    for value in vars(model).values():
        if (
            isinstance(value, type)
            and value.__module__ == model.__name__
            and hasattr(value, "__dataclass_fields__")
        ):
            found[value] = tuple(f.name for f in fields(value) if f.init)
    return found


_FIELDS = _record_types()
_GETTERS = {cls: attrgetter(*names) for cls, names in _FIELDS.items() if names}

#: The field names of every cached record class: a cache written for other shapes is void.
SHAPE = repr(sorted((cls.__name__, names) for cls, names in _FIELDS.items()))


class _Pickler(pickle.Pickler):
    """Pickles records as ``(class, field values)``: rebuilt by calling the class."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)

    def reducer_override(self, obj: Any) -> Any:
        getter = _GETTERS.get(type(obj))
        if getter is None:
            return NotImplemented
        values = getter(obj)
        return type(obj), values if len(_FIELDS[type(obj)]) > 1 else (values,)
