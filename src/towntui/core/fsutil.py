"""File-system helpers: atomic writes of a file or of a new folder of files."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path


class MissingFolder(FileNotFoundError):
    """The folder a file was to be written in does not exist (and was not to be made)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(errno.ENOENT, "folder does not exist", str(folder))
        self.folder = folder


def missing_folder(path: str | Path) -> Path | None:
    """The folder ``path`` would be written in, if it does not exist; else ``None``."""
    parent = Path(path).parent
    return None if parent.exists() else parent


def write_atomic(
    path: str | Path,
    data: str | bytes,
    *,
    force: bool = False,
    parents: bool = False,
    through_links: bool = False,
) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    Refuses to replace an existing file unless ``force`` (raises ``FileExistsError``),
    so an export never clobbers a file by accident, even one created by another program
    while we write (the temporary file is hard-linked into place, which fails if the
    name exists). A reader never sees a half-written file, and a failed write leaves
    the old file untouched and no temporary file behind. A missing folder is created
    only with ``parents``; otherwise :class:`MissingFolder` is raised and nothing is made.

    With ``through_links`` a symbolic link at ``path`` (or in its folders) is followed
    and its target replaced, so the link stays a link (a settings file kept in a dotfiles
    repository); otherwise a link at ``path`` is itself replaced, with ``force``.
    """
    target = Path(os.path.realpath(path)) if through_links else Path(path)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif (folder := missing_folder(target)) is not None:
        raise MissingFolder(folder)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600): give it the mode a new file would have
        # (or the replaced file's), so an export is as readable as any file the user makes
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if force or not _link_into_place(tmp, target):
            os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _mode_for(target: Path) -> int:
    """The permission bits for ``target``: those of the file it replaces, else the umask's."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        return 0o666 & ~_UMASK


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: the process's umask, read once at import (reading it means setting it)
_UMASK = _current_umask()


def _link_into_place(tmp: str, target: Path) -> bool:
    """Hard-link ``tmp`` to ``target`` unless it exists: True when done.

    Raises ``FileExistsError`` if ``target`` appeared meanwhile; returns False where
    the file system has no hard links (the caller then renames, after its check).
    """
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsError(f"{target} exists (use --force to overwrite)") from None
    except OSError as exc:
        if exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            return False
        raise
    return True


def write_folder(
    folder: str | Path, files: dict[str, str], *, force: bool = False, parents: bool = False
) -> None:
    """Write ``files`` (name → text) into ``folder``.

    A new folder is filled under a temporary name beside it and renamed into place, so
    it appears whole or not at all. An existing folder is refused unless ``force``
    (``FileExistsError``); then each file is replaced atomically and other files in it
    are left alone. A missing parent folder is made only with ``parents`` (else
    :class:`MissingFolder`).
    """
    target = Path(folder)
    if target.is_dir():
        if not force:
            raise FileExistsError(f"{target} exists")
        for name, text in files.items():
            write_atomic(target / name, text, force=True)
        return
    if target.exists() or target.is_symlink():
        raise FileExistsError(f"{target} exists and is not a folder")
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif (missing := missing_folder(target)) is not None:
        raise MissingFolder(missing)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        os.chmod(tmp, 0o777 & ~_UMASK)
        for name, text in files.items():
            write_atomic(tmp / name, text)
        try:
            # refuses a folder that appeared meanwhile unless it is empty
            os.rename(tmp, target)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR):
                raise FileExistsError(f"{target} exists") from None
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
