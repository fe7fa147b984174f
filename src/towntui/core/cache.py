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

import io
import os
import pickle
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from towntui import __version__
from towntui.core import model
from towntui.core.fsutil import write_atomic
from towntui.core.model import Problem, Source, Town

#: Bump when the shape of cached entries changes.
FORMAT = 2
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


def file_key(path: Path, fingerprint: str) -> FileKey | None:
    """The cache key of ``path`` as it is now, or None if it cannot be stat'ed."""
    try:
        st = path.stat()
        return (str(path.resolve()), st.st_size, st.st_mtime_ns, fingerprint)
    except (OSError, RuntimeError):
        return None


class LoadCache:
    """A dictionary of :class:`Entry` by :data:`FileKey`, stored in one pickle file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[FileKey, Entry] = {}
        self._dirty = False
        #: When false, :func:`~towntui.core.loader.load` leaves :meth:`save` to the caller
        #: (the app saves after it has shown the data).
        self.autosave = True
        self.hits = 0
        self.misses = 0
        if path is not None:
            self._entries = _read(path)

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

    def get(self, key: FileKey | None) -> Entry | None:
        """The entry for ``key``, if cached."""
        entry = self._entries.get(key) if key is not None else None
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def put(self, key: FileKey | None, entry: Entry) -> None:
        """Remember ``entry``; files without a key are not cached."""
        if key is None or self.path is None:
            return
        stale = [k for k in self._entries if k[0] == key[0] and k != key]
        for k in stale:
            del self._entries[k]
        self._entries[key] = entry
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything changed; failures are ignored."""
        if self.path is None or not self._dirty:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = dict(list(entries.items())[-MAX_ENTRIES:])
        buffer = io.BytesIO()
        _Pickler(buffer).dump(
            {"format": FORMAT, "version": __version__, "shape": SHAPE, "entries": entries}
        )
        payload = buffer.getvalue()
        try:
            write_atomic(self.path, payload, force=True)
            self._dirty = False
        except OSError:
            pass


def _read(path: Path) -> dict[FileKey, Entry]:
    try:
        with path.open("rb") as fh:
            data: Any = pickle.load(fh)
    except Exception:  # corrupt, truncated, unreadable, from another Python: start afresh
        return {}
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or data.get("version") != __version__
        or data.get("shape") != SHAPE
        or not isinstance(data.get("entries"), dict)
    ):
        return {}
    entries: dict[FileKey, Entry] = data["entries"]
    return {k: v for k, v in entries.items() if isinstance(v, Entry)}


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
