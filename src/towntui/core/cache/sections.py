"""A file of named sections of plain data, for caches that are read whole at start.

The file is a line with :data:`MAGIC` and the header's checksum, the header (JSON) on
one line, then the sections' bytes one after the other. The header names each section
with its type, length and CRC-32 (a cache is rebuilt from its sources: the checksums
catch damage, at a few times the speed of a cryptographic digest); a section is one of

* ``"i"`` / ``"q"``: an ``array`` of 32- / 64-bit integers (this machine's byte order,
  which the header records: a file from another machine is not read);
* ``"b"``: bytes; ``"s"``: text (UTF-16, which decodes at twice the speed of UTF-8
  for Chinese text); ``"j"``: JSON (strings, numbers, lists, dicts), in UTF-8.

Nothing in it can run code. The file is read under the rules of the load cache
(:func:`~towntui.core.cache.store.open_checked`: a regular file of the user's, writable
by nobody else, in such a folder, and not too large), mapped rather than copied, and
written atomically. Any damage
(a checksum, a length, a type, the magic line) makes :func:`read_sections` return
None: the caller rebuilds what the file held and writes it again.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import mmap
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from towntui.core.cache.store import blob_digest, check_folder, open_checked, write_atomic

MAGIC = b"towntui-sections "
_ARRAY_CODES = {"i": 4, "q": 8}


def _encode(value: Any) -> tuple[str, bytes]:
    """A section's type code and bytes."""
    if isinstance(value, array):
        if value.typecode not in ("i", "q") or value.itemsize != _ARRAY_CODES[value.typecode]:
            raise TypeError(f"unsupported array type {value.typecode!r}")
        return value.typecode, value.tobytes()
    if isinstance(value, bytes | bytearray):
        return "b", bytes(value)
    if isinstance(value, str):  # (a lone surrogate fails: such a text is not saved)
        return "s", value.encode("utf-16-le")
    return "j", json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )


def write_sections(
    path: Path,
    header: dict[str, Any],
    sections: dict[str, Any],
    pause: Callable[[], None] | None = None,
) -> bool:
    """Write ``sections`` (name → array, bytes, text or JSON value) with ``header``'s
    fields to ``path``, atomically; False (and nothing written) when the folder is not
    safe or the write fails. ``pause``, if given, is called before each section is
    encoded (and may block: a thread that writes while the user types)."""
    step = pause if pause is not None else _nothing
    rows: list[list[Any]] = []
    for name, value in sections.items():  # (encoded twice: one section in memory at once)
        step()
        code, blob = _encode(value)
        rows.append([name, code, len(blob), zlib.crc32(blob)])
        del blob
    head = json.dumps(
        {**header, "byteorder": sys.byteorder, "sections": rows}, separators=(",", ":")
    ).encode("ascii")
    first = MAGIC + blob_digest(head).encode("ascii") + b"\n"
    try:
        if check_folder(path.parent) is not None:
            return False
        blobs = _blobs(sections, step)
        write_atomic(path, itertools.chain([first, head, b"\n"], blobs))
    except (OSError, ValueError):
        return False
    return True


def _nothing() -> None:
    pass


def _blobs(sections: dict[str, Any], step: Callable[[], None]) -> Iterator[bytes]:
    for value in sections.values():
        step()
        yield _encode(value)[1]


def read_sections(
    path: Path, limit: int, pick: Callable[[str], bool] | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The header and the sections (name → value) of the file at ``path``, or None when
    there is none, it may not be read (see the module's docstring), is over ``limit``
    bytes or is damaged in any way.

    With ``pick``, only the sections it is true for are read (and checked); the others
    are neither decoded nor checked, nor in the result. The header (with each section's
    checksum) tells two reads of the same file from reads of different ones."""
    if check_folder(path.parent) is not None:
        return None
    fd, _ = open_checked(path, limit)
    if fd is None:
        return None
    try:
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as raw:
            return _decode(raw, pick)
    except (OSError, ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    finally:
        os.close(fd)


def _decode(
    raw: mmap.mmap, pick: Callable[[str], bool] | None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    first_end = raw.find(b"\n", 0, 4096)
    head_end = raw.find(b"\n", first_end + 1)
    if first_end < 0 or head_end < 0:
        return None
    head = raw[first_end + 1 : head_end]
    first = raw[:first_end]
    if not first.startswith(MAGIC) or first[len(MAGIC) :].decode("ascii") != blob_digest(head):
        return None
    header = json.loads(bytes(head))
    if not isinstance(header, dict) or header.get("byteorder") != sys.byteorder:
        return None
    rows = header.get("sections")
    if not isinstance(rows, list):
        return None
    found = _sections(raw, rows, head_end + 1, pick)
    return None if found is None else (header, found)


def _sections(
    raw: mmap.mmap, rows: list[Any], at: int, pick: Callable[[str], bool] | None
) -> dict[str, Any] | None:
    """The sections the header's ``rows`` name (those ``pick`` is true for, if given),
    from offset ``at`` to the file's end; None if any of them is damaged."""
    out: dict[str, Any] = {}
    with memoryview(raw) as data:
        for row in rows:
            if not (isinstance(row, list) and len(row) == 4):
                return None
            name, code, length, crc = row
            if not isinstance(name, str) or type(length) is not int:
                return None
            if not 0 <= length <= len(raw) - at:
                return None
            if pick is not None and not pick(name):
                at += length
                continue
            with data[at : at + length] as blob:
                if zlib.crc32(blob) != crc:
                    return None
                out[name] = _value(code, blob)
            _release(raw, at, length)
            at += length
    return out if at == len(raw) else None


def _release(raw: mmap.mmap, at: int, length: int) -> None:
    """Let the pages of a decoded section go (they would count in the process's memory
    until the file is closed: 80 MB at 100k entities); they are read again if needed."""
    start = at - at % mmap.PAGESIZE
    if length and hasattr(mmap, "MADV_DONTNEED"):
        with contextlib.suppress(OSError, ValueError):
            raw.madvise(mmap.MADV_DONTNEED, start, at + length - start)


def _value(code: Any, blob: memoryview) -> Any:
    """A section's value from its bytes (raises ``ValueError`` for an unknown type)."""
    if code in _ARRAY_CODES:
        if len(blob) % _ARRAY_CODES[code]:
            raise ValueError("a partial array")
        values = array(code)
        if values.itemsize != _ARRAY_CODES[code]:
            raise ValueError("no such array type here")
        values.frombytes(blob)
        return values
    if code == "b":
        return bytes(blob)
    if code == "s":
        return str(blob, "utf-16-le")
    if code == "j":
        return json.loads(str(blob, "utf-8", "surrogatepass"))
    raise ValueError(f"unknown section type {code!r}")
