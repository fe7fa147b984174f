"""A cache of parsed and validated town files, so a second start is fast.

Entries are keyed by the file's resolved path, size, modification and change times (ns),
inode and device, and by a fingerprint of the metric registry the file was validated
against. The cache lives in the user cache folder (``TOWNTUI_CACHE_DIR`` overrides it;
``TOWNTUI_NO_CACHE=1`` turns it off). A cache that is corrupt, unreadable, from another
version of towntui or written for another shape of the model is ignored and rewritten;
a cache that cannot be written is skipped silently: it never costs data.

Safety: the file holds plain values only (JSON: strings, numbers, lists, null), rebuilt
into the model by this module, so reading it can never run code. It is read only when
it is a regular file (not a symlink, FIFO or device: opened with ``O_NOFOLLOW`` and
``O_NONBLOCK``, checked with ``fstat``) owned by the user and writable by nobody else,
in a folder owned by the user and writable by nobody else, and at most
:data:`MAX_CACHE_BYTES` long; otherwise it is neither read nor written (``refused`` says
why). Every entry, and the header, carry a BLAKE2 checksum: a damaged entry is a miss and
its file is parsed again, never shown wrong.

Speed: a warm start reads every record from here. Opening the cache checks the header
but decodes no entry; :meth:`LoadCache.get` checks and decodes the one entry asked for,
so entries of folders not being loaded cost neither time nor memory, and :meth:`save`
writes unchanged entries back as the bytes they were read as.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from towntui import __version__
from towntui.core import model
from towntui.core.fsutil import TooLarge, clean_stale_temps, read_fd
from towntui.core.model import (
    Entity,
    Event,
    Metric,
    PartialDate,
    Problem,
    Quantity,
    Source,
    Town,
)

#: Bump when the shape of cached entries or of the file changes.
FORMAT = 6
MAX_ENTRIES = 20_000
#: A cache file larger than this is not read, and :meth:`LoadCache.save` drops the oldest
#: entries to stay below it (1,000 generated towns take about 30 MB).
MAX_CACHE_BYTES = 256 * 1024 * 1024
#: The cache file's name in the cache folder.
CACHE_NAME = "load-cache.json"
#: The first bytes of a cache file; the header's checksum follows on the same line.
MAGIC = b"towntui-load-cache "

#: (resolved path, then numbers and strings that change when the file or the registry does)
FileKey = tuple[str | int, ...]


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
        # ctime changes with any write and with utime (restoring the mtime cannot hide
        # an edit); inode and device change when the file is replaced by another
        return (
            str(path.resolve()),
            st.st_size,
            st.st_mtime_ns,
            st.st_ctime_ns,
            st.st_ino,
            st.st_dev,
            fingerprint,
        )
    except (OSError, RuntimeError):
        return None


def _digest(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _unsafe(st: os.stat_result, what: str) -> str | None:
    """Why a file or folder with this status must not be trusted, or None."""
    euid = getattr(os, "geteuid", None)
    if euid is not None and st.st_uid != euid():
        return f"{what} is owned by another user (uid {st.st_uid})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{what} is writable by others (mode {stat.S_IMODE(st.st_mode):o})"
    return None


def _check_folder(folder: Path) -> str | None:
    """Why the cache folder must not be used, or None (a missing folder is fine)."""
    try:
        link = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cache folder: {exc.strerror or exc}"
    if stat.S_ISLNK(link.st_mode):  # a symlink of the user's own, to a safe folder
        euid = getattr(os, "geteuid", None)
        if euid is not None and link.st_uid != euid():
            return f"the cache folder's symlink is owned by another user (uid {link.st_uid})"
        try:
            target = os.stat(folder)
        except OSError as exc:
            return f"cache folder: {exc.strerror or exc}"
    else:
        target = link
    if not stat.S_ISDIR(target.st_mode):
        return "the cache folder is not a folder"
    return _unsafe(target, "the cache folder")


class LoadCache:
    """:class:`Entry` records by :data:`FileKey`, stored in one file, decoded on demand.

    The file is a line with :data:`MAGIC` and the header's checksum, the header (JSON:
    format, version, model shape and every entry's key, length and checksum) on one
    line, then the entries' JSON one after the other.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._blobs: dict[FileKey, bytes | memoryview] = {}
        self._sums: dict[FileKey, str] = {}
        self._dirty = False
        #: When false, :func:`~towntui.core.loader.load` leaves :meth:`save` to the caller
        #: (the app saves after it has shown the data).
        self.autosave = True
        self.hits = 0
        self.misses = 0
        #: Why the cache file was not read, or the folder neither read nor written
        #: (None when neither was refused).
        self.refused: str | None = None
        if path is not None:
            self.refused = _check_folder(path.parent)
            if self.refused is not None:  # neither read nor written
                self.path = None
            else:  # a refused file in our own folder is not read, and is replaced on save
                self._blobs, self._sums, self.refused = _read(path)
        self._paths: dict[str | int, FileKey] = {k[0]: k for k in self._blobs}

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
        return cls(base / CACHE_NAME)

    def __len__(self) -> int:
        return len(self._blobs)

    def get(self, key: FileKey | None) -> Entry | None:
        """The entry for ``key``, if cached (an entry that fails its checksum or cannot
        be decoded is a miss, and is forgotten)."""
        blob = self._blobs.get(key) if key is not None else None
        entry: Entry | None = None
        if blob is not None:
            try:
                if _digest(blob) != self._sums.get(key):  # type: ignore[arg-type]
                    raise ValueError("checksum")
                entry = _entry(json.loads(bytes(blob)))
            except Exception:  # a damaged entry: forget it, the file is read again
                entry = None
                self._forget(key)
        if entry is None:
            self.misses += 1
        else:
            self.hits += 1
        return entry

    def _forget(self, key: FileKey | None) -> None:
        if key is not None and self._blobs.pop(key, None) is not None:
            self._sums.pop(key, None)
            self._paths.pop(key[0], None)
            self._dirty = True

    def put(self, key: FileKey | None, entry: Entry) -> None:
        """Remember ``entry``; files without a key are not cached."""
        if key is None or self.path is None:
            return
        self._forget(self._paths.get(key[0]))  # the entry of an older version of the file
        self._paths[key[0]] = key
        try:
            try:
                plain = _plain_entry(entry)
                blob = _ENCODER.encode(plain).encode("utf-8")
            except UnicodeEncodeError:  # a name that is not UTF-8: escaped
                blob = _ASCII_ENCODER.encode(plain).encode("ascii")
        except (TypeError, ValueError):  # not plain values: not cached
            return
        self._blobs[key] = blob
        self._sums[key] = _digest(blob)
        self._dirty = True

    def close(self) -> None:
        """Forget every entry (about 30 MB at 1,000 towns), once saved and no longer
        needed: afterwards every :meth:`get` misses and :meth:`save` does nothing."""
        self.path = None
        self._blobs = {}
        self._sums = {}
        self._paths = {}
        self._dirty = False

    def save(self) -> None:
        """Write the cache if anything changed; failures are ignored.

        The newest entries are kept, at most :data:`MAX_ENTRIES` of them and no more
        than fit in :data:`MAX_CACHE_BYTES`.
        """
        if self.path is None or not self._dirty:
            return
        header: dict[str, Any] = {
            "format": FORMAT,
            "version": __version__,
            "shape": SHAPE,
            "entries": [],
        }
        room = MAX_CACHE_BYTES - len(MAGIC) - 34 - len(_dumps(header))
        rows: list[list[Any]] = []
        blobs: list[bytes | memoryview] = []
        for key, blob in reversed(list(self._blobs.items())[-MAX_ENTRIES:]):
            row = [list(key), len(blob), self._sums[key]]
            room -= len(blob) + len(_dumps(row)) + 1
            if room < 0:
                break
            rows.append(row)
            blobs.append(blob)
        rows.reverse()
        blobs.reverse()
        header["entries"] = rows
        head = _dumps(header)
        first = MAGIC + _digest(head).encode("ascii") + b"\n"
        try:
            if _check_folder(self.path.parent) is not None:
                return
            _write_atomic(self.path, [first, head, b"\n", *blobs])
            self._dirty = False
        except (OSError, ValueError):
            pass


def _dumps(value: Any) -> bytes:
    """JSON in ASCII: a file name that is not UTF-8 survives as its escapes."""
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def _write_atomic(path: Path, parts: list[bytes | memoryview]) -> None:
    """Write ``parts`` one after the other to a private temporary file, then rename it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    clean_stale_temps(path.parent, path.name)
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


def _read_file(path: Path) -> tuple[bytes | None, str | None]:
    """The bytes of the cache file, or why it is not read (None, None: there is none)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None, None
    except OSError as exc:  # ELOOP: a symlink
        return None, f"cache file: {exc.strerror or exc}"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, "the cache file is not a regular file"
        problem = _unsafe(st, "the cache file")
        if problem is not None:
            return None, problem
        if st.st_size > MAX_CACHE_BYTES:
            return None, f"the cache file is over {MAX_CACHE_BYTES:,} bytes"
        return read_fd(fd, MAX_CACHE_BYTES), None
    except TooLarge:
        return None, f"the cache file is over {MAX_CACHE_BYTES:,} bytes"
    except OSError as exc:
        return None, f"cache file: {exc.strerror or exc}"
    finally:
        os.close(fd)


def _read(
    path: Path,
) -> tuple[dict[FileKey, bytes | memoryview], dict[FileKey, str], str | None]:
    """The entries' bytes and checksums by key, and why the file was refused (if so).

    A file that is damaged, truncated or from another version gives no entries (and is
    replaced on save); a file that must not be trusted is refused.
    """
    raw, refused = _read_file(path)
    if raw is None:
        return {}, {}, refused
    data = memoryview(raw)
    try:
        first_end = raw.index(b"\n")
        head_end = raw.index(b"\n", first_end + 1)
        first = raw[:first_end]
        head = data[first_end + 1 : head_end]
        if not first.startswith(MAGIC) or first[len(MAGIC) :].decode("ascii") != _digest(head):
            return {}, {}, None
        header: Any = json.loads(bytes(head))
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("version") != __version__
            or header.get("shape") != SHAPE
        ):
            return {}, {}, None
        blobs: dict[FileKey, bytes | memoryview] = {}
        sums: dict[FileKey, str] = {}
        offset = head_end + 1
        for raw_key, length, digest in header["entries"]:
            if (
                not isinstance(raw_key, list)
                or not raw_key
                or not isinstance(raw_key[0], str)
                or not all(type(k) in (str, int) for k in raw_key)
                or type(length) is not int
                or not 0 <= length <= len(data) - offset
                or not isinstance(digest, str)
            ):
                return {}, {}, None
            key = tuple(raw_key)
            blobs[key] = data[offset : offset + length]
            sums[key] = digest
            offset += length
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return {}, {}, None
    return blobs, sums, None


# --- plain values ---------------------------------------------------------------------
#
# An entry is written as a list of plain values: a table of the strings its records
# share (units, kinds, sources, town ids ...: one copy each, as the loader made them), a
# table of the tuples they share (an entity's towns, tags, sources), then every record
# as the list of its fields' values in the order of the dataclass fields (SHAPE makes a
# cache of another order void), shared strings and tuples as their index in the tables.
# Reading calls each record's class with the values: a list of the wrong length fails
# (the entry is a miss) rather than building a half-filled record.


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

#: The field names of every cached record class: a cache written for other shapes is void.
SHAPE = repr(sorted((cls.__name__, names) for cls, names in _FIELDS.items()))

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_ASCII_ENCODER = json.JSONEncoder(separators=(",", ":"))


def _plain_entry(entry: Entry) -> list[Any]:
    """``entry`` as plain values (see above)."""
    strings: dict[str | None, int] = {None: 0}
    tuples: dict[tuple[str, ...], int] = {(): 0}

    def s(value: str | None) -> int:
        index = strings.get(value)
        if index is None:
            index = strings[value] = len(strings)
        return index

    def t(value: tuple[str, ...]) -> int:
        index = tuples.get(value)
        if index is None:
            index = tuples[value] = len(tuples)
        return index

    town = entry.town
    plain_town: list[Any] | None = None
    if town is not None:
        area = town.area
        plain_town = [
            town.id,
            town.name,
            town.name_en,
            town.path,
            town.aliases,
            town.district,
            town.district_en,
            town.city,
            s(town.kind),
            s(town.kind_en),
            None
            if area is None
            else [area.value, area.unit, area.year, area.qualifier, area.source, area.note],
            town.founded,
            town.industries,
            town.industries_en,
            town.summary,
            town.summary_en,
            town.note,
            [
                [
                    s(m.label),
                    m.value,
                    s(m.unit),
                    s(m.source),
                    s(m.key),
                    s(m.label_en),
                    m.year,
                    s(m.qualifier),
                    m.note,
                    s(m.town),
                ]
                for m in town.metrics
            ],
            [
                [
                    e.id,
                    [e.date.year, e.date.month, e.date.day],
                    s(e.title),
                    s(e.category),
                    s(e.source),
                    s(e.town),
                    t(e.towns),
                    s(e.title_en),
                    e.summary,
                    e.entities,
                    e.note,
                ]
                for e in town.events
            ],
            [
                [
                    e.id,
                    e.name,
                    s(e.kind),
                    s(e.town),
                    t(e.towns),
                    e.name_en,
                    e.aliases,
                    s(e.role),
                    s(e.role_en),
                    t(e.tags),
                    t(e.sources),
                    e.note,
                ]
                for e in town.entities
            ],
            town.sources,
        ]
    return [
        list(strings),
        list(tuples),
        plain_town,
        [
            [x.id, x.title, x.year, x.byline, x.publication, x.file, x.title_en, x.note]
            for x in entry.sources
        ],
        [[p.path, p.message, p.field, p.line, p.column, p.severity] for p in entry.problems],
        entry.kept,
        entry.lines,
        entry.refs,
    ]


_intern = sys.intern


def _town(v: Any, st: list[Any], tt: list[tuple[str, ...]]) -> Town | None:
    if v is None:
        return None
    (
        id_,
        name,
        name_en,
        path,
        aliases,
        district,
        district_en,
        city,
        kind,
        kind_en,
        area,
        founded,
        industries,
        industries_en,
        summary,
        summary_en,
        note,
        metrics,
        events,
        entities,
        sources,
    ) = v
    quantity: Quantity | None = None
    if area is not None:
        value, unit, year, qualifier, source, qnote = area
        quantity = Quantity(value, unit, year, qualifier, source, qnote)
    return Town(
        id_,
        name,
        name_en,
        path,
        tuple(aliases),
        district,
        district_en,
        city,
        st[kind],
        st[kind_en],
        quantity,
        founded,
        tuple(industries),
        tuple(industries_en),
        summary,
        summary_en,
        note,
        tuple(
            [
                Metric(st[lb], val, st[u], st[src], st[k], st[lbe], yr, st[q], nt, st[tw])
                for lb, val, u, src, k, lbe, yr, q, nt, tw in metrics
            ]
        ),
        tuple(
            [
                Event(
                    eid,
                    PartialDate(*date),
                    st[title],
                    st[cat],
                    st[src],
                    st[tw],
                    tt[tws],
                    st[title_en],
                    summ,
                    tuple(ents),
                    nt,
                )
                for eid, date, title, cat, src, tw, tws, title_en, summ, ents, nt in events
            ]
        ),
        tuple(
            [
                Entity(
                    eid,
                    ename,
                    st[kd],
                    st[tw],
                    tt[tws],
                    ename_en,
                    tuple(al),
                    st[role],
                    st[role_en],
                    tt[tags],
                    tt[srcs],
                    nt,
                )
                for eid, ename, kd, tw, tws, ename_en, al, role, role_en, tags, srcs, nt in entities
            ]
        ),
        tuple(sources),
    )


def _int_lists(v: Any) -> dict[str, list[int]]:
    """The kept indexes or header lines of an entry: a table of lists (their numbers
    are not checked one by one: the checksum vouches for them, and at 1,000 towns they
    are 350,000)."""
    if type(v) is not dict or not all(type(x) is list for x in v.values()):
        raise TypeError("expected lists of integers")
    return v


def _entry(v: Any) -> Entry:
    strings, tuples, town, sources, problems, kept, lines, refs = v
    st: list[Any] = [x if x is None else _intern(x) for x in strings]
    tt: list[tuple[str, ...]] = [tuple([_intern(x) for x in items]) for items in tuples]
    return Entry(
        _town(town, st, tt),
        tuple(
            [
                Source(id_, title, year, tuple(byline), pub, file, title_en, note)
                for id_, title, year, byline, pub, file, title_en, note in sources
            ]
        ),
        tuple([Problem(*p) for p in problems]),
        _int_lists(kept),
        _int_lists(lines),
        tuple([(a, b, c) for a, b, c in refs]),
    )
