"""``towntui tour`` and ``towntui serve``: the guided tour in the terminal app, and the
app (or the tour) served to web browsers.

The tour file is read and checked here with the core (:mod:`towntui.core.tour`); a broken
stop is reported on stderr and left out, and the app runs the rest. Textual is imported
only once the app starts. ``serve`` runs textual-serve: each browser tab that opens the
page starts its own ``python -m towntui`` process, which ends when the tab closes. It
binds to the loopback address unless told otherwise with ``--public``.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys
from collections.abc import Callable
from typing import Any

import towntui.cli.terminal as terminal
from towntui.cli.context import CliError, Context, note
from towntui.core.i18n import tr
from towntui.core.textsafe import clean
from towntui.core.tour import DEFAULT_TOUR, Tour, load_tours

Add = Callable[..., argparse.ArgumentParser]


def _within(
    convert: Callable[[str], float], low: int, high: int, what: tuple[str, str], lang: str
) -> Any:
    """An argparse type: ``convert(text)`` from ``low`` to ``high``, else a usage error
    naming ``what`` (Chinese, English: ``seconds``, ``a port``) in ``lang``."""
    zh, en = what

    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                tr(lang, f"需要{zh}，而不是 {text!r}", f"expected {en}, got {text!r}")
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                tr(
                    lang,
                    f"需要 {low} 到 {high} 之间的{zh}，而不是 {text}",
                    f"expected {en} from {low} to {high}, got {text}",
                )
            )
        return value

    return parse


def app_options(p: argparse.ArgumentParser, lang: str) -> None:
    """``--theme`` and ``--no-mouse`` after a command that runs the app (they are accepted
    before the command too; ``--lang`` is every command's)."""
    p.add_argument(
        "--theme",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=tr(lang, "配色主题", "colour theme"),
    )
    p.add_argument(
        "--no-mouse",
        action="store_true",
        default=argparse.SUPPRESS,
        help=tr(lang, "不捕获鼠标", "no mouse capture"),
    )


def _advance_options(p: argparse.ArgumentParser, lang: str, note: str = "") -> None:
    """``--auto [SECONDS]`` and ``--loop`` (``note`` begins their help)."""
    p.add_argument(
        "--auto",
        nargs="?",
        const=0.0,
        type=_within(float, 1, 600, ("秒数", "seconds"), lang),
        metavar="SECONDS",
        help=note
        + tr(
            lang,
            "自动前进：每 SECONDS 秒一站，不给数字时按每站自己的停留时间",
            "advance by itself: every SECONDS, or each stop's own dwell without a number",
        ),
    )
    p.add_argument(
        "--loop",
        action="store_true",
        help=note + tr(lang, "最后一站之后从头再来", "start over after the last stop"),
    )


def add_parsers(add: Add, lang: str) -> None:
    """Register ``tour`` and ``serve`` with the parser's ``add``, their help in ``lang``."""
    p = add(
        "tour",
        tr(
            lang,
            "在应用中从 2007 到 2025 年的导览（空格：下一站）",
            "a guided tour from 2007 to 2025 in the app (space: next stop)",
        ),
    )
    p.add_argument(
        "name",
        nargs="?",
        default=DEFAULT_TOUR,
        metavar="NAME",
        help=tr(
            lang,
            f"数据文件夹 tours/ 中的一个导览（默认：{DEFAULT_TOUR}，自带的那个）",
            f"a tour in a data folder's tours/ (default: {DEFAULT_TOUR}, the bundled one)",
        ),
    )
    _advance_options(p, lang)
    app_options(p, lang)
    _add_serve(add, lang)


def _add_serve(add: Add, lang: str) -> None:
    p = add(
        "serve",
        tr(
            lang,
            "把应用提供给网页浏览器（每个标签页一个应用），只限本机",
            "serve the app to web browsers (one app per tab), on this machine only",
        ),
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help=tr(lang, "监听的地址（默认：127.0.0.1）", "address to listen on (default: 127.0.0.1)"),
    )
    p.add_argument(
        "--port",
        type=_within(int, 1, 65535, ("端口号", "a port"), lang),
        default=8000,
        help=tr(lang, "监听的端口（默认：8000）", "port to listen on (default: 8000)"),
    )
    p.add_argument(
        "--public",
        action="store_true",
        help=tr(
            lang,
            "允许非回环地址的 --host：能访问到它的任何人都能使用应用",
            "allow a --host that is not a loopback address: anyone who reaches it gets the app",
        ),
    )
    p.add_argument(
        "--tour",
        nargs="?",
        const=DEFAULT_TOUR,
        metavar="NAME",
        help=tr(
            lang,
            f"每个标签页运行导览（默认：{DEFAULT_TOUR}）",
            f"each tab runs the tour (default: {DEFAULT_TOUR})",
        ),
    )
    _advance_options(p, lang, tr(lang, "与 --tour 一起：", "with --tour: "))
    app_options(p, lang)


def loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only (``localhost``, 127.0.0.1, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def find_tour(ctx: Context, name: str) -> Tour:
    """The tour ``name`` of the data folders, checked against the data; its problems
    (and those of the other tour files) are said on stderr. Exit 2 if there is none."""
    tours = load_tours(ctx.dirs, ctx.dataset())
    lang = ctx.lang
    for problem in tours.problems:
        warning = tr(lang, "警告：", "warning: ") if problem.severity == "warning" else ""
        note(warning + problem.format(lang))
    tour = tours.tours.get(name)
    if tour is None:
        known = tr(lang, "、", ", ").join(tours.tours) or tr(lang, "无", "none")
        raise CliError(
            tr(
                lang,
                f"没有名为“{clean(name)}”的导览（导览：{known}）",
                f'no tour called "{clean(name)}" (tours: {known})',
            )
        )
    return tour


def cmd_tour(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui tour [NAME]``: the app, running the tour."""
    if not (terminal.is_terminal(sys.stdout) or terminal.served()):
        raise CliError(
            tr(
                ctx.lang,
                "导览需要终端（或试试 `towntui serve --tour`）",
                "the tour needs a terminal (or try `towntui serve --tour`)",
            )
        )
    tour = find_tour(ctx, args.name)
    from towntui.tui.app import run_app  # Textual is imported here
    from towntui.tui.tour import TourPlan

    return run_app(**app_kwargs(args, ctx), tour=TourPlan(tour, args.auto, args.loop))


def app_kwargs(args: argparse.Namespace, ctx: Context) -> dict[str, Any]:
    """The app's options from the command line."""
    return {
        "dirs": ctx.dirs,
        "theme": args.theme,
        "mouse": not args.no_mouse,
        "ascii": args.ascii,
        "lang": args.lang,
    }


def app_command(args: argparse.Namespace, ctx: Context) -> str:
    """The shell command each browser tab runs: this Python's towntui, with the data
    folders, language, theme, ASCII mode and tour of this command line."""
    argv = [sys.executable, "-m", "towntui"]
    if ctx.no_bundled:
        argv.append("--no-bundled")
    for folder in args.data:
        argv += ["--data", str(os.path.abspath(os.path.expanduser(folder)))]
    if args.ascii:
        argv.append("--ascii")
    for option in ("lang", "theme"):
        value = getattr(args, option, None)
        if value:
            argv += [f"--{option}", value]
    if args.tour is not None:
        argv += ["tour", args.tour]
        if args.auto is not None:
            argv += ["--auto"] + ([f"{args.auto:g}"] if args.auto else [])
        if args.loop:
            argv.append("--loop")
    return shlex.join(argv)


def cmd_serve(ctx: Context, args: argparse.Namespace) -> int:
    """``towntui serve``: the app in web browsers, through textual-serve."""
    lang, host = ctx.lang, clean(args.host)
    if not loopback(args.host) and not args.public:
        raise CliError(
            tr(
                lang,
                f"--host {host} 不是回环地址：能访问到它的任何人都能使用应用。"
                "仍要在那里提供，请加 --public",
                f"--host {host} is not a loopback address: anyone who can reach it "
                "could use the app. Add --public to serve it there anyway",
            )
        )
    if (args.auto is not None or args.loop) and args.tour is None:
        raise CliError(
            tr(lang, "--auto 和 --loop 要与 --tour 一起用", "--auto and --loop go with --tour")
        )
    if args.tour is not None:
        find_tour(ctx, args.tour)  # a tour that does not exist fails here, not in each tab
    from textual_serve.server import Server

    if not loopback(args.host):
        note(
            tr(
                lang,
                f"警告：正在 {host}:{args.port} 上提供，不只限本机：能访问到这个地址的"
                "任何人都能使用应用，没有密码",
                f"warning: serving on {host}:{args.port}, not only this machine: "
                "anyone who can reach that address gets the app, with no password",
            )
        )
    server = Server(app_command(args, ctx), host=args.host, port=args.port, title="towntui")
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or exc
        raise CliError(
            tr(
                lang,
                f"无法在 {host}:{args.port} 上监听：{reason}",
                f"cannot listen on {host}:{args.port}: {reason}",
            )
        ) from None
    return 0


COMMANDS: dict[str, Callable[[Context, argparse.Namespace], int]] = {
    "tour": cmd_tour,
    "serve": cmd_serve,
}
