"""Starting the app from the command line (issue 17, goal 1): what runs before the first
paint, checked by what is imported and what the parser returns, never by a time.

* ``towntui`` with no command reads its options with a parser of the app's options only
  (:func:`towntui.cli.parser.app_args`): the subcommands' parsers, and the modules their
  help names (entity, export, compare, timeline code), are not built or imported. Any argv
  that parser cannot take whole (a command, ``--help``, ``--version``, an error) goes to
  the full parser, so every answer and message is the full parser's.
* The cyclic garbage collector is held off from the start until the towns are painted
  (:mod:`towntui.core.gcpause`), and a hold inside it (the loader's) never turns it back on.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from towntui.cli.parser import app_args, build_parser
from towntui.core import gcpause

APP_ARGVS = [
    [],
    ["--lang", "en"],
    ["--lang=zh"],
    ["--data", "/tmp/x", "--data", "/tmp/y"],
    ["--data=/tmp/x"],
    ["--ascii", "--theme", "light", "--no-mouse"],
    ["--no-bundled", "--data", "/tmp/x"],
    ["--json"],
    ["--no-b", "--asc"],  # abbreviations, as argparse allows
    ["--theme", "towns"],  # an option's value that is also a command's name
]

NOT_FOR_THE_APP = [
    ["towns"],
    ["--lang", "en", "show", "yunqi"],
    ["--data", "/tmp/x", "search", "yq"],
    ["-h"],
    ["--help"],
    ["--he"],
    ["--version"],
    ["--vers"],
    ["--bogus"],
    ["--lang", "fr"],
    ["--lang"],
    ["--no"],  # ambiguous
    ["--csv"],  # only after a command
    ["--", "towns"],
    ["yunqi"],
]


@pytest.mark.parametrize("argv", APP_ARGVS, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_app_parser_reads_the_apps_options_as_the_full_parser_does(
    argv: list[str], lang: str
) -> None:
    full = build_parser(lang).parse_args(argv)
    assert full.command is None
    fast = app_args(argv, lang)
    assert fast is not None
    assert vars(fast) == vars(full)


@pytest.mark.parametrize("argv", NOT_FOR_THE_APP, ids=" ".join)
def test_anything_else_goes_to_the_full_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert app_args(argv, "en") is None
    out, err = capsys.readouterr()
    assert out == err == ""  # the full parser says what is wrong, once


def _started(argv: list[str], modules: tuple[str, ...], shown: str) -> str:
    """In a fresh interpreter, ``towntui`` run with ``argv`` up to the app's start (the
    app itself replaced): which of ``modules`` were imported by then, and ``shown`` (an
    expression of the options ``args``), printed on one line."""
    code = (
        "import sys\n"
        "import towntui.cli as cli\n"
        "import towntui.cli.terminal as terminal\n"
        "terminal.is_terminal = lambda stream: True\n"
        "def run(args, dirs):\n"
        f"    print([m for m in {modules!r} if m in sys.modules], {shown})\n"
        "    return 0\n"
        "cli._run_app = run\n"
        f"sys.exit(cli.main({argv!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_starting_the_app_builds_no_subcommand_and_imports_no_command_module() -> None:
    mods = (
        "towntui.cli.entity", "towntui.cli.export", "towntui.cli.commands",
        "towntui.core.export", "towntui.core.compare", "towntui.core.records",
        "towntui.core.timeline", "zipfile", "towntui.cli.render",
        "towntui.cli.demo", "towntui.core.resolve", "towntui.core.validate",
        "towntui.core.tour",
    )  # fmt: skip
    assert _started(["--lang", "en"], mods, "args.command") == "[] None"


@pytest.fixture
def gc_on() -> Iterator[None]:
    """The collector on, and no hold left over, before and after the test."""
    assert gc.isenabled()
    yield
    gcpause.release_startup()
    assert gc.isenabled()


def test_a_hold_inside_the_startup_hold_leaves_the_collector_off(gc_on: None) -> None:
    gcpause.hold_startup()
    assert not gc.isenabled()
    with gcpause.gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the startup hold is still on
    gcpause.release_startup()
    assert gc.isenabled()
    gcpause.release_startup()  # a second release changes nothing
    assert gc.isenabled()


def test_the_startup_hold_released_inside_another_hold_waits_for_it(gc_on: None) -> None:
    gcpause.hold_startup()
    with gcpause.gc_paused():
        gcpause.release_startup()
        assert not gc.isenabled()  # the loader's hold is still on
    assert gc.isenabled()


def test_a_paused_block_restores_a_collector_that_was_off(gc_on: None) -> None:
    gc.disable()
    try:
        with gcpause.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_parser_namespace_keeps_the_options_the_app_reads() -> None:
    args = app_args(["--ascii"], "en")
    assert isinstance(args, argparse.Namespace)
    assert (args.theme, args.no_mouse, args.ascii, args.lang, args.data) == (
        None,
        False,
        True,
        None,
        [],
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_arguments_read_as_the_parser_reads_them(lang: str) -> None:
    from towntui.cli.options import no_options

    full = build_parser(lang).parse_args([])
    assert vars(no_options()) == vars(full) == vars(app_args([], lang))


def test_starting_the_app_with_no_arguments_imports_no_parser() -> None:
    """``towntui`` alone (the usual start) needs no parsing: argparse, gettext and the
    app's parser cost ~4 ms of its first paint."""
    mods = ("argparse", "gettext", "towntui.cli.parser", "towntui.cli.argwords")
    assert _started([], mods, "args.command, args.lang") == "[] None None"
