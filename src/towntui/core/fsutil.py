"""File-system helpers: reading regular files only, with a size cap; atomic writes of a
file or of a new folder of files."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path


class NotRegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder: it is not read.

    Made with the ``path`` and ``what`` it is, in words (:func:`file_kind`); both are
    kept as attributes.
    """

    def __init__(self, path: str | Path, what: str) -> None:
        super().__init__(f"not a regular file ({what})")
        self.path = path
        self.what = what


class TooLarge(OSError):
    """A file over the size limit: made with its ``size`` and the ``limit`` in bytes
    (kept as attributes), and ``grew`` when it grew past the limit while being read."""

    def __init__(self, size: int, limit: int, *, grew: bool = False) -> None:
        super().__init__(f"{size:,} bytes, over the {limit:,}-byte limit")
        self.size = size
        self.limit = limit
        self.grew = grew


def file_kind(mode: int) -> str:
    """What a non-regular file is, from its ``st_mode``, in words: ``a folder``,
    ``a FIFO (named pipe)``, ``a device``, ``a socket`` or ``not a file``."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


#: :func:`file_kind`'s words in Chinese.
FILE_KINDS_ZH = {
    "a folder": "文件夹",
    "a FIFO (named pipe)": "命名管道",
    "a device": "设备",
    "a socket": "套接字",
    "not a file": "不是文件",
}

#: The reasons of common OS errors in Chinese, by ``errno``.
_REASONS_ZH = {
    errno.EACCES: "权限不足",
    errno.EPERM: "不允许的操作",
    errno.ENOENT: "不存在",
    errno.ENOTDIR: "不是文件夹",
    errno.EISDIR: "是文件夹",
    errno.ELOOP: "符号链接层数过多",
    errno.EEXIST: "已存在",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读文件系统",
    errno.EIO: "输入/输出错误",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.EBUSY: "设备或资源忙",
    errno.EXDEV: "跨设备链接",
    errno.EINVAL: "无效参数",
}


def os_reason(exc: OSError, lang: str = "en", *, lower: bool = True) -> str:
    """Why an OS call failed, in ``lang``: ``permission denied`` / ``权限不足``
    (English as the system says it, in lower case unless not ``lower``; Chinese by
    ``errno``, or the ``errno`` name where there is no Chinese word for it)."""
    if isinstance(exc, NotRegularFile):
        what = FILE_KINDS_ZH.get(exc.what, exc.what) if lang == "zh" else exc.what
        return f"不是普通文件（{what}）" if lang == "zh" else f"not a regular file ({what})"
    if isinstance(exc, TooLarge):
        if lang == "zh":
            return f"{exc.size:,} 字节，超过 {exc.limit:,} 字节的上限"
        return str(exc)
    if lang == "zh":
        if exc.errno in _REASONS_ZH:
            return _REASONS_ZH[exc.errno]
        name = errno.errorcode.get(exc.errno or 0)
        return f"系统错误 {name}" if name else "系统错误"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:] if lower else reason


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file (a symlink to one is fine) of at most
    ``limit`` bytes.

    Never blocks on a FIFO or a device and never reads one: the path is checked before
    it is opened, opened with ``O_NONBLOCK`` and checked again once open (it may have
    been replaced meanwhile). Raises :class:`NotRegularFile`, :class:`TooLarge` (also
    when the file grows past ``limit`` while it is read) or the ``OSError`` of the stat,
    open or read.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        raise NotRegularFile(path, file_kind(st.st_mode))
    if st.st_size > limit:
        raise TooLarge(st.st_size, limit)
    fd = os.open(path, _READ_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, file_kind(st.st_mode))
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def read_fd(fd: int, limit: int) -> bytes:
    """Everything an open file holds, reading at most ``limit + 1`` bytes: raises
    :class:`TooLarge` when it holds more (it may have grown since it was checked)."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise TooLarge(len(data), limit, grew=True)
    return data


class MissingFolder(FileNotFoundError):
    """The folder a file was to be written in does not exist (and was not to be made):
    made with that ``folder``, kept as an attribute."""

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
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically: a temporary file
    beside it, then a rename. Returns nothing.

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
    clean_stale_temps(target.parent, target.name)
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


#: A temporary file or folder of ours older than this is left from a write that was
#: killed (SIGKILL, power loss): the next write beside it removes it. Younger ones may
#: belong to a write in progress in another process and are left alone.
STALE_TEMP_SECONDS = 600

#: The random part ``tempfile`` puts between our prefix and suffix.
_TEMP_RANDOM = r"[a-z0-9_]{8}"


def clean_stale_temps(folder: Path, name: str) -> None:
    """Remove ``.{name}.XXXXXXXX.tmp`` files and folders in ``folder`` (what
    :func:`write_atomic`, :func:`write_folder` and the load cache make) that are owned by
    this user and older than :data:`STALE_TEMP_SECONDS`. Symlinks and anything else are
    left alone; failures are ignored. Returns nothing."""
    pattern = re.compile(re.escape(f".{name}.") + _TEMP_RANDOM + re.escape(".tmp"))
    euid = getattr(os, "geteuid", None)
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if (euid is not None and st.st_uid != euid()) or now - st.st_mtime < STALE_TEMP_SECONDS:
                continue
            if stat.S_ISREG(st.st_mode):
                os.unlink(entry.path)
            elif stat.S_ISDIR(st.st_mode):
                shutil.rmtree(entry.path)
        except OSError:
            continue


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
    """Write ``files`` (name → text, as UTF-8) into ``folder``. Returns nothing.

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
    clean_stale_temps(target.parent, target.name)
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


def same_path(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same place (resolved; as written if they cannot be)."""
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return a == b
