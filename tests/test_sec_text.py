"""Issue 16 in the core and the command line: copied text, escapes on stderr, long
queries and the settings file. Each test failed before its fix."""

from __future__ import annotations

import re

import pytest

from towntui.cli import main
from towntui.cli_commands import note
from towntui.core.textsafe import clipboard_text

#: a control character that must never reach the terminal raw (newline and tab aside)
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")

# ------------------------------------------------------------------ item 2: copied text


def test_clipboard_text_keeps_newlines_and_shows_every_control() -> None:
    raw = "一\r\n二\x1b[201~\nrm -rf ~\n\x1b]52;c;eA==\x1b\\\x07\t\x9b\u202e"
    text = clipboard_text(raw)
    assert text == "一\n二␛[201~\nrm -rf ~\n␛]52;c;eA==␛\\␇␉<U+009B><U+202E>"
    assert clipboard_text(text) == text  # cleaning twice changes nothing
    assert clipboard_text("plain\ntext") == "plain\ntext"


# ------------------------------------------------------------------ item 3: stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["\x1b]0;title\x07"],  # an unknown command
        ["towns", "--bogus\x1b]52;c;ZXZpbA==\x1b\\"],  # unrecognized arguments
        ["--lang", "\x1b[2J"],  # invalid choice
        ["search", "q", "--limit", "\x1b]0;t\x07"],  # a bad value
        ["\x9b31m", "--x\u202e"],
    ],
)
def test_argparse_errors_echo_argv_cleaned(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "error" in err
    assert not RAW.search(err), repr(err)
    if "--bogus" in argv[-1]:  # argparse quotes this one as it is (the others with repr)
        assert "--bogus␛]52;c;ZXZpbA==␛\\" in err


def test_remarks_and_errors_on_stderr_are_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    note("a remark \x1b]0;t\x07")
    assert main(["show", "--no-bundled", "--data", "/nonexistent\x1b]0;t\x07", "x"]) == 2
    _, err = capsys.readouterr()
    assert not RAW.search(err), repr(err)
    assert "a remark ␛]0;t␇" in err
