"""What every subcommand shares: the :class:`Context` (data folders, output, the loaded
data), :class:`CliError` for failures with an exit code, and :func:`note` for remarks."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from towntui.cli.render import Output
from towntui.core.cache import LoadCache
from towntui.core.loader import data_dirs, load
from towntui.core.model import Dataset, Town
from towntui.core.resolve import TownNotFound, resolve_town
from towntui.core.textsafe import clean
from towntui.core.validate import same_path

#: Exit codes: success, nothing to show (no hits, no figures, validation errors), usage.
OK, NOTHING, USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report on stderr with an exit code (2: usage, 1: other)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def note(message: str) -> None:
    """A remark for the user on stderr, so stdout stays clean for scripts (and the
    terminal too: a control character in it is shown as a placeholder, never sent)."""
    print(f"towntui: {clean(message, keep_newlines=True)}", file=sys.stderr)


@dataclass
class Context:
    """What every command needs: the data folders, the output, the loaded data."""

    dirs: list[Path]
    out: Output
    no_bundled: bool = False
    _dataset: Dataset | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Check ``--data`` folders and work out the folders to load."""
        for d in args.data:
            try:
                found = Path(d).expanduser().is_dir()
            except OSError:  # there but unreadable: the load reports it as a problem
                found = True
            if not found:
                raise CliError(f"--data {clean(d)}: no such folder")
        dirs = data_dirs(args.data)
        if args.no_bundled and not any(same_path(Path(d), dirs[0]) for d in args.data):
            dirs = dirs[1:]
        return cls(dirs, Output(ascii=bool(getattr(args, "ascii", False))), args.no_bundled)

    def dataset(self) -> Dataset:
        """Load the data once; loader problems become one summary line on stderr."""
        if self._dataset is None:
            self._dataset = load(self.dirs, cache=LoadCache.default())
            n = len(self._dataset.problems)
            if n:
                note(f"{n} problem{'s' if n != 1 else ''} in data; run `towntui validate`")
        return self._dataset

    def town(self, text: str) -> Town:
        """The town ``text`` names; exit 2 with the closest names if there is none."""
        try:
            return resolve_town(self.dataset(), text)
        except TownNotFound as exc:
            raise CliError(clean(str(exc))) from None


Command = Callable[[Context, argparse.Namespace], int]

T = TypeVar("T")


def print_record(
    ctx: Context,
    args: argparse.Namespace,
    key: str,
    item: T,
    detail: Callable[[Dataset, T], dict[str, Any]],
    show: Callable[[Output, Dataset, T], None],
) -> int:
    """Print one town, entity or event: ``{key: detail(...)}`` with ``--json``, else as
    text with ``show``; exit code 0."""
    ds = ctx.dataset()
    if args.json:
        ctx.out.json({key: detail(ds, item)})
    else:
        show(ctx.out, ds, item)
    return 0
