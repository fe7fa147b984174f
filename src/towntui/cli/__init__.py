"""The ``towntui`` command: the app with no subcommand, quick checks and exports with one.

The package holds the argument parser (:mod:`~towntui.cli.parser`), what every command
shares (:mod:`~towntui.cli.context`), the subcommands (:mod:`~towntui.cli.commands`,
:mod:`~towntui.cli.entity`, :mod:`~towntui.cli.export`), the text of ``show``
(:mod:`~towntui.cli.show`) and the output (:mod:`~towntui.cli.render`); the records of
``--json`` and ``--csv`` are core's (:mod:`towntui.core.records`). Only the
no-subcommand branch imports the Textual app; every other subcommand uses the core
alone, so it starts fast and works where Textual is not wanted. Exit codes: 0 on
success, 1 when there is nothing to show (no search hits, no figures, validation errors),
2 for usage errors (bad arguments, unknown towns, unknown filter values, the app without a
terminal). A closed pipe (``towntui show yunqi | head -1``) ends quietly with 0.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import towntui.cli.terminal as terminal
from towntui.cli.context import CliError, Context, data_folders, output_lang
from towntui.cli.options import PROG, lang_flag, no_options
from towntui.core.i18n import tr
from towntui.core.textsafe import clean

if TYPE_CHECKING:
    import argparse

__all__ = ["main"]


def _utf8(stream: object) -> None:
    """Make a text stream write UTF-8, whatever the locale says."""
    encoding = getattr(stream, "encoding", None) or ""
    if encoding.replace("-", "").lower() != "utf8" and hasattr(stream, "reconfigure"):
        with contextlib.suppress(ValueError, OSError):
            stream.reconfigure(encoding="utf-8")


def _run_app(args: argparse.Namespace, dirs: list[Path]) -> int:
    from towntui.core.gcpause import hold_startup, release_startup

    hold_startup()  # until the towns are painted (the app releases it), or the app ends
    try:
        from towntui.tui.app import run_app  # Textual is imported here and nowhere else

        return run_app(
            dirs=dirs,
            theme=args.theme,
            mouse=not args.no_mouse,
            ascii=args.ascii,
            lang=args.lang,
        )
    finally:
        release_startup()


def _parsed(argv: Sequence[str], lang: str) -> argparse.Namespace | int:
    """``argv`` parsed, or the exit code of ``--help``, ``--version`` or a usage error.
    The app's own options need no subcommand parsers (nor the modules their help
    names): the app's parser reads them, the full one anything else."""
    from towntui.cli.argwords import argparse_words
    from towntui.cli.parser import app_args, build_parser

    args = app_args(argv, lang)
    if args is None:
        try:
            with argparse_words(lang):
                args = build_parser(lang).parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors
            return exc.code if isinstance(exc.code, int) else 2
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``towntui`` command with ``argv`` (default: ``sys.argv[1:]``); the exit code."""
    _utf8(sys.stdout)
    _utf8(sys.stderr)
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = output_lang(lang_flag(argv))  # the parser's help and errors are in it too
    args = no_options() if not argv else _parsed(argv, lang)
    if isinstance(args, int):
        return args
    args.data = [*args.data, *getattr(args, "data_sub", [])]
    if getattr(args, "csv", False) and args.json:
        both = tr(
            lang,
            "错误：--json 和 --csv 不能同时使用",
            "error: --json and --csv cannot be used together",
        )
        print(f"{PROG}: {both}", file=sys.stderr)
        return 2
    try:
        if args.command is None:
            dirs = data_folders(args, lang)  # (the app needs no output or loader here)
            if not (terminal.is_terminal(sys.stdout) or terminal.served()):
                need = tr(
                    lang,
                    f"应用需要终端；可用 `{PROG} --help` 查看输出到管道或文件的命令",
                    f"the app needs a terminal; try `{PROG} --help` for the commands "
                    "that print to a pipe or a file",
                )
                print(f"{PROG}: {need}", file=sys.stderr)
                return 2
            return _run_app(args, dirs)
        ctx = Context.from_args(args, lang)
        # the commands (compare, charts, exports) are imported only for a command: the
        # app's first paint waits for every import made before it
        from towntui.cli import demo
        from towntui.cli.commands import COMMANDS
        from towntui.cli.entity import RECORD_COMMANDS

        code = {**COMMANDS, **RECORD_COMMANDS, **demo.COMMANDS}[args.command](ctx, args)
        sys.stdout.flush()  # a closed pipe fails here, inside the handler below
        return code
    except CliError as exc:
        error = tr(lang, "错误：", "error: ")
        print(f"{PROG}: {error}{clean(str(exc), keep_newlines=True)}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (``towntui towns | head``): it had what it wanted, so stop
        # quietly with 0 (not 1, nor 141 like a process killed by SIGPIPE, which fails a
        # ``set -o pipefail`` script); stdout goes to devnull so the exit flush is silent
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 0
