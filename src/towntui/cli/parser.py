"""The argument parser of ``towntui``: the options common to every subcommand, and
each subcommand with its own, in the language of the output (``build_parser(lang)``;
argparse's own words follow it inside :func:`towntui.cli.argwords.argparse_words`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from towntui import __version__
from towntui.cli.argwords import CellFormatter
from towntui.cli.options import PROG
from towntui.core.i18n import tr
from towntui.core.model import EVENT_CATEGORIES
from towntui.core.textsafe import clean

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def _positive(lang: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                tr(lang, f"需要一个整数，而不是 {text!r}", f"expected a whole number, got {text!r}")
            ) from None
        if value < 1:
            raise argparse.ArgumentTypeError(
                tr(
                    lang,
                    f"需要至少为 1 的数，而不是 {value}",
                    f"expected a number of at least 1, got {value}",
                )
            )
        return value

    return parse


def _year(lang: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                tr(
                    lang,
                    f"需要一个年份（如 2015），而不是 {text!r}",
                    f"expected a year such as 2015, got {text!r}",
                )
            ) from None
        if not 1800 <= value <= 2200:
            raise argparse.ArgumentTypeError(
                tr(
                    lang,
                    f"年份 {value} 不在 1800-2200 之间",
                    f"year {value} is out of range 1800-2200",
                )
            )
        return value

    return parse


def _compare_year(lang: str) -> Callable[[str], int | None]:
    """``--year`` of compare: a year, or ``latest`` (each town's newest figures)."""
    year = _year(lang)

    def parse(text: str) -> int | None:
        if text.strip().casefold() in ("latest", "最新"):
            return None
        try:
            return year(text)
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                tr(
                    lang,
                    f"需要一个年份（如 2024）或 最新，而不是 {text!r}",
                    f"expected a year such as 2024 or latest, got {text!r}",
                )
            ) from None

    return parse


def _flags(lang: str) -> tuple[tuple[str, str], ...]:
    """The on/off options of every command, with their help."""
    return (
        (
            "--no-bundled",
            tr(
                lang,
                "只加载 --data 和 TOWNTUI_DATA 给出的文件夹",
                "load only the folders given with --data and TOWNTUI_DATA",
            ),
        ),
        ("--json", tr(lang, "在标准输出上给出机器可读的 JSON", "machine-readable JSON on stdout")),
        (
            "--ascii",
            tr(
                lang,
                "边框、条形和符号只用 ASCII 字符（数据文字照原样）",
                "ASCII-only borders, bars and symbols (data text stays as written)",
            ),
        ),
    )


def _common(parser: argparse.ArgumentParser, lang: str, *, sub: bool, csv: bool = False) -> None:
    """Options accepted before and after the subcommand (``towntui --json towns`` too)."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--data",
        metavar="DIR",
        action="append",
        dest="data_sub" if sub else "data",
        default=argparse.SUPPRESS if sub else [],
        help=tr(
            lang,
            "另一个数据文件夹，在自带数据之后加载（可重复）",
            "an extra data folder, loaded after the bundled data (repeatable)",
        ),
    )
    for flag, help_text in _flags(lang):
        parser.add_argument(flag, action="store_true", default=default or False, help=help_text)
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=default,
        help=tr(
            lang,
            "应用和文字输出的语言（默认：设置文件中的 lang，否则看区域设置：zh_* 为中文，"
            "其他为英文）",
            "language of the app and of the text output (default: the settings file's "
            "lang, else the locale: zh_* is Chinese, anything else English)",
        ),
    )
    if csv:
        parser.add_argument(
            "--csv",
            action="store_true",
            default=False,
            help=tr(lang, "在标准输出上给出 CSV", "CSV on stdout"),
        )


class _Parser(argparse.ArgumentParser):
    """An argument parser whose messages (usage errors quote argv: ``unrecognized
    arguments: …``, ``invalid choice: …``) reach stderr with every control character
    made visible, like every other remark, and whose help is wrapped by terminal cells.
    Subcommand parsers are of this class too."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", CellFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(clean(message, keep_newlines=True), file)


#: ``add(name, help, csv=False)``: a subcommand with the common options
Add = Callable[..., argparse.ArgumentParser]


def _app_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """The options of ``towntui`` with no command: the common ones and the app's."""
    _common(parser, lang, sub=False)
    app = parser.add_argument_group(tr(lang, "应用选项（不带命令时）", "app options (no command)"))
    app.add_argument(
        "--theme", metavar="NAME", help=tr(lang, "应用的配色主题", "colour theme of the app")
    )
    app.add_argument(
        "--no-mouse", action="store_true", help=tr(lang, "不捕获鼠标", "do not capture the mouse")
    )


class _NotTheApp(Exception):
    """The argv is not the app's options alone (see :func:`app_args`)."""


class _AppParser(argparse.ArgumentParser):
    """The app's options only; whatever it cannot take is left to the full parser."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheApp(message)


def app_args(argv: Sequence[str], lang: str = "en") -> argparse.Namespace | None:
    """``argv`` read as the app's options (no command), as :func:`build_parser` reads
    them; None if it is anything else (a command, ``--help``, ``--version``, an error),
    which the full parser then answers. Building every subcommand's parser, and importing
    the modules their help names, cost the app's first paint ~10-20 ms."""
    parser = _AppParser(prog=PROG, add_help=False)
    _app_options(parser, lang)
    parser.set_defaults(command=None)
    try:
        return parser.parse_args(argv)
    except _NotTheApp:
        return None


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The argument parser of the ``towntui`` command, its help in ``lang``."""
    parser = _Parser(
        prog=PROG,
        description=tr(
            lang,
            "浏览杭州的特色小镇和产业园区。不带命令时打开终端应用。",
            "Explore the characteristic towns and industrial parks of Hangzhou. "
            "With no command, opens the terminal app.",
        ),
        epilog=tr(
            lang,
            "TOWN 可以是编号、中文或英文名、别名、拼音或拼音首字母（yunqi、yq），或唯一的"
            "近似名称；有歧义时退出码为 2 并列出这些小镇。更多数据文件夹也可以写在 "
            "TOWNTUI_DATA 中。",
            "TOWN is an id, a Chinese or English name, an alias, pinyin or initials "
            "(yunqi, yq) or a unique close match; an ambiguous one exits 2 listing the towns. "
            "More data folders can also be given in TOWNTUI_DATA.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=tr(lang, "显示程序版本并退出", "show program's version number and exit"),
    )
    _app_options(parser, lang)
    # the subcommands' modules are imported here: the app (no command) does without them
    from towntui.cli.demo import add_parsers as add_demo_parsers
    from towntui.cli.entity import add_parsers
    from towntui.cli.export import add_arguments as add_export_arguments
    from towntui.cli.export import export_help

    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, *, csv: bool = False) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help_text, description=help_text)
        _common(p, lang, sub=True, csv=csv)
        return p

    _add_queries(add, lang)
    add_parsers(add, lang)
    _add_timeline(add, lang)
    _add_compare(add, lang)
    p = add(
        "validate",
        tr(lang, "检查数据文件夹并列出每个问题", "check data folders and print every problem"),
    )
    p.add_argument(
        "dirs",
        nargs="*",
        metavar="DIR",
        help=tr(lang, "要检查的文件夹（默认：全部）", "folders to check (default: all)"),
    )
    add_export_arguments(add("export", export_help(lang)), lang)
    add_demo_parsers(add, lang)
    return parser


def _town_help(lang: str, *, several: bool = False) -> str:
    """The help of a ``TOWN`` argument (what it can be is in the main help's epilog)."""
    if several:
        return tr(
            lang,
            "要比较的小镇（至少两个，或用 --all）",
            "the towns to compare (two or more, or --all)",
        )
    return tr(lang, "编号、名称、别名或拼音", "an id, a name, an alias or pinyin")


def _add_queries(add: Add, lang: str) -> None:
    """``towns``, ``show`` and ``search``."""
    add("towns", tr(lang, "列出所有小镇", "list every town"), csv=True)
    p = add(
        "show",
        tr(
            lang,
            "一个小镇的全部信息（或 NAME 所指的主体或事件）",
            "everything about one town (or the entity or event NAME names)",
        ),
    )
    p.add_argument("town", metavar="TOWN", help=_town_help(lang))
    p = add(
        "search",
        tr(
            lang,
            "搜索小镇、主体和事件（也可用拼音）",
            "search towns, entities and events (pinyin too)",
        ),
        csv=True,
    )
    p.add_argument(
        "query",
        metavar="QUERY",
        help=tr(
            lang, "文字；筛选条件：kind:company town:云栖", "text; filters: kind:company town:云栖"
        ),
    )
    p.add_argument(
        "--limit",
        type=_positive(lang),
        default=20,
        metavar="N",
        help=tr(lang, "最多 N 条结果", "at most N hits"),
    )


def _add_timeline(add: Add, lang: str) -> None:
    """The ``timeline`` subcommand and its options."""
    p = add(
        "timeline",
        tr(lang, "所有小镇的事件，按日期排列", "events of all towns in date order"),
        csv=True,
    )
    from towntui.core.timeline import DEFAULT_FROM, DEFAULT_TO

    p.add_argument(
        "--from",
        dest="year_from",
        type=_year(lang),
        metavar="Y",
        help=tr(
            lang,
            f"起始年份（默认：{DEFAULT_FROM}，或更早，以显示所列小镇的每个事件）",
            f"first year (default: {DEFAULT_FROM}, or earlier to show every event of "
            "the towns shown)",
        ),
    )
    p.add_argument(
        "--to",
        dest="year_to",
        type=_year(lang),
        metavar="Y",
        help=tr(
            lang,
            f"结束年份（默认：{DEFAULT_TO}，或更晚，以显示每个事件）",
            f"last year (default: {DEFAULT_TO}, or later to show every event)",
        ),
    )
    p.add_argument(
        "--town",
        action="append",
        metavar="TOWN",
        help=tr(lang, "只看这个小镇（可重复）", "only this town (repeatable)"),
    )
    p.add_argument(
        "--category",
        action="append",
        choices=list(EVENT_CATEGORIES),
        metavar="C",
        help=tr(lang, "只看这一类别（可重复）：", "only this category (repeatable): ")
        + ", ".join(EVENT_CATEGORIES),
    )


def _add_compare(add: Add, lang: str) -> None:
    """The ``compare`` and ``metrics`` subcommands and their options."""
    p = add(
        "compare",
        tr(lang, "小镇并排比较每个可比指标", "towns side by side on every comparable metric"),
        csv=True,
    )
    p.add_argument("towns", nargs="*", metavar="TOWN", help=_town_help(lang, several=True))
    p.add_argument("--all", action="store_true", help=tr(lang, "所有小镇", "every town"))
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--year",
        type=_compare_year(lang),
        metavar="YEAR",
        help=tr(
            lang,
            "这一年的数字，或 最新：每个小镇最新的数字（默认）",
            "figures for this year, or latest: each town's newest (the default)",
        ),
    )
    when.add_argument(
        "--as-of",
        type=_year(lang),
        metavar="YEAR",
        dest="as_of",
        help=tr(lang, "每个小镇不晚于 YEAR 的最新数字", "each town's newest figure not after YEAR"),
    )
    when.add_argument(
        "--series",
        action="store_true",
        help=tr(lang, "每一年：每年一行", "every year: a row per year"),
    )
    _compare_options(p, lang)
    add(
        "metrics",
        tr(
            lang,
            "可比指标的登记表，以及各指标有数字的小镇数",
            "the registry of comparable metrics, with how many towns have each",
        ),
        csv=True,
    )


def _compare_options(p: argparse.ArgumentParser, lang: str) -> None:
    """``compare``'s options other than the year."""
    p.add_argument(
        "--metric",
        action="append",
        metavar="KEY",
        help=tr(
            lang,
            "只看登记表中的这个指标（可重复；见 `towntui metrics`）",
            "only this registry metric (repeatable; see `towntui metrics`)",
        ),
    )
    p.add_argument(
        "--hide-empty",
        action="store_true",
        help=tr(lang, "不列出没有数字的小镇", "leave out towns with no figure to show"),
    )
    p.add_argument(
        "--common",
        action="store_true",
        help=tr(lang, "只看每个小镇都有数字的指标", "only metrics every town has a figure of"),
    )
    p.add_argument(
        "--chart",
        action="store_true",
        help=tr(
            lang,
            "每个指标跨年份的文字折线图（加 --ascii 时为 ASCII）",
            "a line chart across years of each metric, as text (ASCII with --ascii)",
        ),
    )
