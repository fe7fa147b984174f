"""The stamps of the files the loader reads: what tells a saved search index (and
anything else kept beside the load cache) whether the data changed since.

Kept apart from :mod:`towntui.core.search.saved` so the app can take them before it
loads the data without importing the search engine, which waits for the towns' paint.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from towntui.core.loader.reading import folder_files

#: One file's stamp: its name, size, modification and change times, inode and device
#: (its name alone if it cannot be read); each folder's first is its path and counts.
Stamp = list[str | int]


def data_stamps(dirs: Sequence[Path]) -> list[Stamp]:
    """The stamps of every file the loader reads in ``dirs``: any edit, new, removed or
    replaced file changes them."""
    problems: list[Any] = []
    out: list[Stamp] = []
    for d in dirs:
        top, towns = folder_files(Path(d), problems)
        out.append([os.path.realpath(d), len(top), len(towns)])
        for p in (*top, *towns):
            try:
                st = os.stat(p)
            except OSError:
                out.append([p.name])
                continue
            out.append([p.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev])
    return out


def stamp_bytes(stamps: Sequence[Stamp]) -> int:
    """The bytes of the files ``stamps`` stand for (a file that could not be read
    counts nothing)."""
    return sum(int(st[1]) for st in stamps if len(st) == 6)
