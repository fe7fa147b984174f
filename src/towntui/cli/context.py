"""What every subcommand shares: the :class:`Context` (data folders, output, the loaded
data), :class:`CliError` for failures with an exit code, and :func:`note` for remarks."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from towntui.core.config import load_config, resolve_lang
from towntui.core.frozen import mutable
from towntui.core.fsutil import same_path
from towntui.core.i18n import tr
from towntui.core.loader.reading import data_dirs
from towntui.core.textsafe import clean

if TYPE_CHECKING:
    import argparse

# The app (no command) needs the folders alone (:func:`data_folders`); the loader, the
# output and the town matcher are imported for a command, so the app starts sooner.
if TYPE_CHECKING:
    from towntui.cli.render import Output
    from towntui.core.model import Dataset, Town
    from towntui.core.resolve import NotFound
    from towntui.core.search import SearchIndex

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


#: what a record is, for "unknown town 'x'" in Chinese
_WHAT_ZH = {"town": "小镇", "entity": "主体", "event": "事件"}


def not_found(lang: str, exc: NotFound) -> str:
    """``unknown town 'x'; did you mean: a, b`` in ``lang`` (the names as written)."""
    if lang != "zh":
        return str(exc)
    what = _WHAT_ZH.get(exc.what, exc.what)
    text = f"{'有歧义的' if exc.ambiguous else '未知'}{what}“{exc.text}”"
    return text + (f"；你是不是要找：{'、'.join(exc.suggestions)}" if exc.suggestions else "")


def output_lang(flag: str | None) -> str:
    """The language of the text output: :func:`towntui.core.config.resolve_lang` with
    the user's settings file and the environment."""
    cfg, _ = load_config()
    return resolve_lang(flag, cfg, os.environ)


def data_folders(args: argparse.Namespace, lang: str) -> list[Path]:
    """The folders to load: the bundled one (unless ``--no-bundled``), each ``--data``
    (which must be a folder: :class:`CliError` otherwise) and ``TOWNTUI_DATA``'s."""
    for d in args.data:
        try:
            found = Path(d).expanduser().is_dir()
        except OSError:  # there but unreadable: the load reports it as a problem
            found = True
        if not found:
            raise CliError(f"--data {clean(d)}: " + tr(lang, "没有这个文件夹", "no such folder"))
    dirs = data_dirs(args.data)
    if args.no_bundled and not any(same_path(Path(d), dirs[0]) for d in args.data):
        dirs = dirs[1:]
    return dirs


@mutable
class Context:
    """What every command needs: the data folders, the output, the loaded data."""

    dirs: list[Path]
    out: Output
    no_bundled: bool = False
    lang: str = "en"
    _dataset: Dataset | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace, lang: str = "en") -> Context:
        """Check ``--data`` folders and work out the folders to load; ``lang`` is the
        output's language (:func:`output_lang`)."""
        from towntui.cli.render import Output

        dirs = data_folders(args, lang)
        out = Output(ascii=bool(getattr(args, "ascii", False)), lang=lang)
        return cls(dirs, out, args.no_bundled, lang)

    def dataset(self) -> Dataset:
        """Load the data once; loader problems become one summary line on stderr."""
        if self._dataset is None:
            from towntui.core.cache import LoadCache
            from towntui.core.loader import load

            self._dataset = load(self.dirs, cache=LoadCache.default())
            self._problems_note(len(self._dataset.problems))
        return self._dataset

    def _problems_note(self, n: int) -> None:
        if n:
            note(
                tr(
                    self.lang,
                    f"数据中有 {n} 个问题；请运行 `towntui validate`",
                    f"{n} problem{'s' if n != 1 else ''} in data; run `towntui validate`",
                )
            )

    def search_index(self) -> SearchIndex:
        """The search index of the data: the one saved beside the load cache when it is
        of these very files (no load, no build), else built (without the per-letter
        views a single query does not need) and saved for the next time."""
        from towntui.core.search import SearchIndex
        from towntui.core.search.saved import SavedIndex

        saved = SavedIndex.default(self.dirs)  # the files' stamps, taken before the load
        index = saved.load() if saved is not None else None
        if index is not None and saved is not None:
            self._problems_note(saved.problems)
            return index
        ds = self.dataset()
        index = SearchIndex(ds, letter_views=False)
        if saved is not None:
            saved.save(index, len(ds.problems))
        return index

    def town(self, text: str) -> Town:
        """The town ``text`` names; exit 2 with the closest names if there is none."""
        from towntui.core.resolve import TownNotFound, resolve_town

        try:
            return resolve_town(self.dataset(), text)
        except TownNotFound as exc:
            raise CliError(clean(not_found(self.lang, exc))) from None


Command: TypeAlias = "Callable[[Context, argparse.Namespace], int]"

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
