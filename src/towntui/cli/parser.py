"""The argument parser of ``towntui``: the options common to every subcommand, and
each subcommand with its own."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from towntui import __version__
from towntui.cli.demo import add_parsers as add_demo_parsers
from towntui.cli.entity import add_parsers
from towntui.cli.export import HELP as EXPORT_HELP
from towntui.cli.export import add_arguments as add_export_arguments
from towntui.core.model import EVENT_CATEGORIES
from towntui.core.textsafe import clean
from towntui.core.timeline import DEFAULT_FROM, DEFAULT_TO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

PROG = "towntui"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2015, got {text!r}") from None
    if not 1800 <= value <= 2200:
        raise argparse.ArgumentTypeError(f"year {value} is out of range 1800-2200")
    return value


def _compare_year(text: str) -> int | None:
    """``--year`` of compare: a year, or ``latest`` (each town's newest figures)."""
    if text.strip().casefold() in ("latest", "最新"):
        return None
    try:
        return _year(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"expected a year such as 2024 or latest, got {text!r}"
        ) from None


#: the on/off options of every command, with their help
_FLAGS = (
    ("--no-bundled", "load only the folders given with --data and TOWNTUI_DATA"),
    ("--json", "machine-readable JSON on stdout"),
    ("--ascii", "ASCII-only borders, bars and symbols (data text stays as written)"),
)


def _common(parser: argparse.ArgumentParser, *, sub: bool, csv: bool = False) -> None:
    """Options accepted before and after the subcommand (``towntui --json towns`` too)."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--data",
        metavar="DIR",
        action="append",
        dest="data_sub" if sub else "data",
        default=argparse.SUPPRESS if sub else [],
        help="an extra data folder, loaded after the bundled data (repeatable)",
    )
    for flag, help_text in _FLAGS:
        parser.add_argument(flag, action="store_true", default=default or False, help=help_text)
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=default,
        help="language of the app and of the text output (default: the settings file's "
        "lang, else the locale: zh_* is Chinese, anything else English)",
    )
    if csv:
        parser.add_argument("--csv", action="store_true", default=False, help="CSV on stdout")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose messages (usage errors quote argv: ``unrecognized
    arguments: …``, ``invalid choice: …``) reach stderr with every control character
    made visible, like every other remark. Subcommand parsers are of this class too."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(clean(message, keep_newlines=True), file)


Add = Callable[..., argparse.ArgumentParser]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``towntui`` command."""
    parser = _Parser(
        prog=PROG,
        description="Explore the characteristic towns and industrial parks of Hangzhou. "
        "With no command, opens the terminal app.",
        epilog="TOWN is an id, a Chinese or English name, an alias, pinyin or initials "
        "(yunqi, yq) or a unique close match; an ambiguous one exits 2 listing the towns. "
        "More data folders can also be given in TOWNTUI_DATA.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser, sub=False)
    app = parser.add_argument_group("app options (no command)")
    app.add_argument("--theme", metavar="NAME", help="colour theme of the app")
    app.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, *, csv: bool = False) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help_text, description=help_text)
        _common(p, sub=True, csv=csv)
        return p

    add("towns", "list every town", csv=True)
    p = add("show", "everything about one town (or the entity or event NAME names)")
    p.add_argument("town", metavar="TOWN")
    add_parsers(add)
    p = add("search", "search towns, entities and events (pinyin too)", csv=True)
    p.add_argument("query", metavar="QUERY", help="text; filters: kind:company town:云栖")
    p.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N hits")
    _add_timeline(add)
    _add_compare(add)
    p = add("validate", "check data folders and print every problem")
    p.add_argument("dirs", nargs="*", metavar="DIR", help="folders to check (default: all)")
    add_export_arguments(add("export", EXPORT_HELP))
    add_demo_parsers(add)
    return parser


def _add_timeline(add: Add) -> None:
    """The ``timeline`` subcommand and its options."""
    p = add("timeline", "events of all towns in date order", csv=True)
    p.add_argument(
        "--from",
        dest="year_from",
        type=_year,
        metavar="Y",
        help=f"first year (default: {DEFAULT_FROM}, or earlier to show every event of "
        "the towns shown)",
    )
    p.add_argument(
        "--to",
        dest="year_to",
        type=_year,
        metavar="Y",
        help=f"last year (default: {DEFAULT_TO}, or later to show every event)",
    )
    p.add_argument("--town", action="append", metavar="TOWN", help="only this town (repeatable)")
    p.add_argument(
        "--category",
        action="append",
        choices=list(EVENT_CATEGORIES),
        metavar="C",
        help=f"only this category (repeatable): {', '.join(EVENT_CATEGORIES)}",
    )


def _add_compare(add: Add) -> None:
    """The ``compare`` and ``metrics`` subcommands and their options."""
    p = add("compare", "towns side by side on every comparable metric", csv=True)
    p.add_argument("towns", nargs="*", metavar="TOWN")
    p.add_argument("--all", action="store_true", help="every town")
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--year",
        type=_compare_year,
        metavar="YEAR",
        help="figures for this year, or latest: each town's newest (the default)",
    )
    when.add_argument(
        "--as-of",
        type=_year,
        metavar="YEAR",
        dest="as_of",
        help="each town's newest figure not after YEAR",
    )
    when.add_argument("--series", action="store_true", help="every year: a row per year")
    p.add_argument(
        "--metric",
        action="append",
        metavar="KEY",
        help="only this registry metric (repeatable; see `towntui metrics`)",
    )
    p.add_argument(
        "--hide-empty", action="store_true", help="leave out towns with no figure to show"
    )
    p.add_argument("--common", action="store_true", help="only metrics every town has a figure of")
    p.add_argument(
        "--chart",
        action="store_true",
        help="a line chart across years of each metric, as text (ASCII with --ascii)",
    )
    add("metrics", "the registry of comparable metrics, with how many towns have each", csv=True)
