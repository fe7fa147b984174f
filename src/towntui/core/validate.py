"""Checking data folders (``towntui validate``): which folders are loaded, which
problems are theirs, and whether the check passes. The command line only renders the
:class:`Validation` that :func:`validate` returns."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from towntui.core.frozen import frozen
from towntui.core.fsutil import same_path
from towntui.core.loader import bundled_data_dir, load
from towntui.core.model import Problem
from towntui.core.tour import load_tours


def _resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where a symlink loop stops it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return path.absolute()


def _inside(path: str, folders: list[Path]) -> bool:
    """Whether ``path`` (a file the loader read, as it named it) is in one of ``folders``.

    Compared as written (absolute, not resolved), since the loader names a file by the
    folder it was found in: a symlink in the folder to a file or a ``towns/`` elsewhere
    (``/dev/zero``, ``/etc/passwd``, a dangling target) is the folder's problem too.
    Resolved paths are compared as well, for folders given through a symlink.
    """
    plain = Path(os.path.abspath(path))
    if any(plain == f or plain.is_relative_to(f) for f in folders):
        return True
    p = Path(path)
    try:
        p = p.resolve()
    except (OSError, RuntimeError):  # the file itself is a symlink loop
        p = _resolve(p.parent) / p.name
    return any(p == f or p.is_relative_to(f) for f in folders)


@frozen
class Validation:
    """The result of checking folders: the ``folders`` checked, how many ``towns`` they
    hold, their ``problems`` (in the loader's order) and the count of each severity."""

    folders: tuple[Path, ...]
    towns: int
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors

    @property
    def ok(self) -> bool:
        """Whether no problem is an error (warnings pass)."""
        return self.errors == 0

    @property
    def exit_code(self) -> int:
        """``0`` when the check passes, ``1`` when a problem is an error."""
        return 0 if self.ok else 1


def validate(
    targets: Sequence[str | Path], default_dirs: Sequence[Path], *, bundled: bool = True
) -> Validation:
    """Check the folders ``targets`` (``~`` expanded), or all of ``default_dirs`` (the
    folders a normal load reads) when ``targets`` is empty.

    Named folders are loaded after the bundled data (unless ``bundled`` is false), so
    that their towns are checked against it, but only the problems and towns of files
    inside them count. The data is always parsed afresh: never from the load cache.
    The tours of the folders (``tours/*.toml``) are checked too, against the data.
    Returns a :class:`Validation`.
    """
    if not targets:
        ds = load(list(default_dirs))
        tours = load_tours(list(default_dirs), ds).problems
        return Validation(tuple(default_dirs), len(ds.towns), (*ds.problems, *tours))
    folders = [Path(d).expanduser() for d in targets]
    context = [bundled_data_dir()] if bundled else []
    dirs = [*context, *(t for t in folders if not any(same_path(t, c) for c in context))]
    ds = load(dirs)
    resolved = [*(Path(os.path.abspath(t)) for t in folders), *(_resolve(t) for t in folders)]
    tours = load_tours(folders, ds).problems
    problems = tuple(p for p in (*ds.problems, *tours) if _inside(p.path, resolved))
    towns = sum(_inside(t.path, resolved) for t in ds.towns)
    return Validation(tuple(folders), towns, problems)
