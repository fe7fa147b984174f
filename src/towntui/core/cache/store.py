"""One cache file: :class:`CacheFile` keeps the entries of one data folder by
:data:`FileKey`, and reads, checks and writes the file they live in (see the package's
docstring for the safety rules). Entries are encoded by :mod:`towntui.core.cache.codec`;
:class:`~towntui.core.cache.folders.LoadCache` keeps one :class:`CacheFile` per folder.

Speed: opening the file checks the header but decodes no entry; :meth:`CacheFile.get`
checks and decodes the one entry asked for, and :meth:`CacheFile.save` writes unchanged
entries back as the bytes they were read as.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from towntui import __version__
from towntui.core.cache.codec import SHAPE, Entry, encode
from towntui.core.cache.codec import entry_from_plain as _entry  # looked up at each get
from towntui.core.digest import blake2b
from towntui.core.fsutil import TooLarge, clean_stale_temps, os_reason, read_fd
from towntui.core.i18n import Msg

#: Bump when the shape of cached entries or of the file changes (the one place: the
#: search index's file carries it too).
FORMAT = 8
MAX_ENTRIES = 20_000
#: A cache file larger than this is not read, and :meth:`CacheFile.save` drops the oldest
#: entries to stay below it (1,000 generated towns take about 30 MB).
MAX_CACHE_BYTES = 256 * 1024 * 1024
#: The name of the single cache file of towntui before 0.x: removed on the first save.
CACHE_NAME = "load-cache.json"
#: The first bytes of a cache file; the header's checksum follows on the same line.
MAGIC = b"towntui-load-cache "

#: (resolved path, then numbers and strings that change when the file or the registry does)
FileKey = tuple[str | int, ...]


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


def blob_digest(data: bytes | memoryview) -> str:
    return blake2b(data, digest_size=16).hexdigest()


_WHAT_ZH = {
    "the cache file": "缓存文件",
    "the cache folder": "缓存文件夹",
    "cache file": "缓存文件",
    "cache folder": "缓存文件夹",
}


def _os_error(what: str, exc: OSError) -> Msg:
    """``cache file: permission denied`` in both languages (``what``: file or folder)."""
    return Msg(f"{what}: {exc.strerror or exc}", f"{_WHAT_ZH[what]}：{os_reason(exc, 'zh')}")


def _unsafe(st: os.stat_result, what: str) -> Msg | None:
    """Why a file or folder with this status must not be trusted, or None."""
    euid = getattr(os, "geteuid", None)
    zh = _WHAT_ZH[what]
    if euid is not None and st.st_uid != euid():
        return Msg(
            f"{what} is owned by another user (uid {st.st_uid})",
            f"{zh}属于另一个用户（uid {st.st_uid}）",
        )
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        mode = f"{stat.S_IMODE(st.st_mode):o}"
        return Msg(
            f"{what} is writable by others (mode {mode})", f"{zh}可被他人写入（权限 {mode}）"
        )
    return None


def check_folder(folder: Path) -> Msg | None:
    """Why the cache folder must not be used, or None (a missing folder is fine)."""
    try:
        link = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _os_error("cache folder", exc)
    if stat.S_ISLNK(link.st_mode):  # a symlink of the user's own, to a safe folder
        euid = getattr(os, "geteuid", None)
        if euid is not None and link.st_uid != euid():
            return Msg(
                f"the cache folder's symlink is owned by another user (uid {link.st_uid})",
                f"缓存文件夹的符号链接属于另一个用户（uid {link.st_uid}）",
            )
        try:
            target = os.stat(folder)
        except OSError as exc:
            return _os_error("cache folder", exc)
    else:
        target = link
    if not stat.S_ISDIR(target.st_mode):
        return Msg("the cache folder is not a folder", "缓存文件夹不是文件夹")
    return _unsafe(target, "the cache folder")


class CacheFile:
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
        self.refused: Msg | None = None
        if path is not None:
            self.refused = check_folder(path.parent)
            if self.refused is not None:  # neither read nor written
                self.path = None
            else:  # a refused file in our own folder is not read, and is replaced on save
                self._blobs, self._sums, self.refused = _read(path)
        self._paths: dict[str | int, FileKey] = {k[0]: k for k in self._blobs}

    def __len__(self) -> int:
        return len(self._blobs)

    def get(self, key: FileKey | None) -> Entry | None:
        """The entry for ``key``, if cached (an entry that fails its checksum or cannot
        be decoded is a miss, and is forgotten)."""
        blob = self._blobs.get(key) if key is not None else None
        entry: Entry | None = None
        if blob is not None:
            try:
                if blob_digest(blob) != self._sums.get(key):  # type: ignore[arg-type]
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
            blob = encode(entry)
        except (TypeError, ValueError):  # not plain values: not cached
            return
        self._blobs[key] = blob
        self._sums[key] = blob_digest(blob)
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
        first = MAGIC + blob_digest(head).encode("ascii") + b"\n"
        try:
            if check_folder(self.path.parent) is not None:
                return
            write_atomic(self.path, [first, head, b"\n", *blobs])
            self._dirty = False
        except (OSError, ValueError):
            pass


def _dumps(value: Any) -> bytes:
    """JSON in ASCII: a file name that is not UTF-8 survives as its escapes."""
    return json.dumps(value, separators=(",", ":")).encode("ascii")


def write_atomic(path: Path, parts: Iterable[bytes | memoryview]) -> None:
    """Write ``parts`` one after the other to a private temporary file, then rename it
    (``parts`` may be made as they are written)."""
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


def read_file(path: Path, limit: int | None = None) -> tuple[bytes | None, Msg | None]:
    """The bytes of a cache file, or why it is not read (None, None: there is none);
    a file over ``limit`` bytes (default :data:`MAX_CACHE_BYTES`) is not read."""
    most = MAX_CACHE_BYTES if limit is None else limit
    fd, refused = open_checked(path, most)
    if fd is None:
        return None, refused
    try:
        return read_fd(fd, most), None
    except TooLarge:
        return None, _too_large(most)
    except OSError as exc:
        return None, _os_error("cache file", exc)
    finally:
        os.close(fd)


def open_checked(path: Path, limit: int) -> tuple[int | None, Msg | None]:
    """An open descriptor of the cache file at ``path`` when it may be read (a regular
    file of the user's, writable by nobody else, of at most ``limit`` bytes), or None
    and why not (None, None: there is none). The caller closes it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None, None
    except OSError as exc:  # ELOOP: a symlink
        return None, _os_error("cache file", exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            problem: Msg | None = Msg(
                "the cache file is not a regular file", "缓存文件不是普通文件"
            )
        elif st.st_size > limit:
            problem = _too_large(limit)
        else:
            problem = _unsafe(st, "the cache file")
    except OSError as exc:
        problem = _os_error("cache file", exc)
    if problem is not None:
        os.close(fd)
        return None, problem
    return fd, None


def _too_large(limit: int) -> Msg:
    """``the cache file is over N bytes`` in both languages."""
    return Msg(f"the cache file is over {limit:,} bytes", f"缓存文件超过 {limit:,} 字节")


def _read(
    path: Path,
) -> tuple[dict[FileKey, bytes | memoryview], dict[FileKey, str], Msg | None]:
    """The entries' bytes and checksums by key, and why the file was refused (if so).

    A file that is damaged, truncated or from another version gives no entries (and is
    replaced on save); a file that must not be trusted is refused.
    """
    raw, refused = read_file(path)
    if raw is None:
        return {}, {}, refused
    try:
        found = _entries(raw)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        found = None
    if found is None:
        return {}, {}, None
    return found[0], found[1], None


def _entries(
    raw: bytes,
) -> tuple[dict[FileKey, bytes | memoryview], dict[FileKey, str]] | None:
    """The entries' bytes (views into ``raw``) and checksums by key, or None when the
    header is wrong or from another version. Raises ``ValueError``, ``TypeError``,
    ``KeyError`` or ``UnicodeDecodeError`` when the file is damaged."""
    data = memoryview(raw)
    first_end = raw.index(b"\n")
    head_end = raw.index(b"\n", first_end + 1)
    first = raw[:first_end]
    head = data[first_end + 1 : head_end]
    if not first.startswith(MAGIC) or first[len(MAGIC) :].decode("ascii") != blob_digest(head):
        return None
    header: Any = json.loads(bytes(head))
    if not _current(header):
        return None
    blobs: dict[FileKey, bytes | memoryview] = {}
    sums: dict[FileKey, str] = {}
    offset = head_end + 1
    for raw_key, length, digest in header["entries"]:
        if not _valid_row(raw_key, length, digest, len(data) - offset):
            return None
        key = tuple(raw_key)
        blobs[key] = data[offset : offset + length]
        sums[key] = digest
        offset += length
    return blobs, sums


def _current(header: Any) -> bool:
    """Whether a cache file's header is of this format, version and model shape."""
    return (
        isinstance(header, dict)
        and header.get("format") == FORMAT
        and header.get("version") == __version__
        and header.get("shape") == SHAPE
    )


def _valid_row(raw_key: Any, length: Any, digest: Any, room: int) -> bool:
    """Whether a header's row names an entry: a key (a path, then strings and numbers),
    a length that fits in the ``room`` left in the file, and a checksum."""
    return (
        isinstance(raw_key, list)
        and bool(raw_key)
        and isinstance(raw_key[0], str)
        and all(type(k) in (str, int) for k in raw_key)
        and type(length) is int
        and 0 <= length <= room
        and isinstance(digest, str)
    )
