"""File-system helpers: atomic writes."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    Refuses to replace an existing file unless ``force`` (raises ``FileExistsError``),
    so an export never clobbers a file by accident. A reader never sees a half-written
    file, and a failed write leaves the old file untouched.
    """
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
