"""Issue 16 in the core and the command line: copied text, escapes on stderr, long
queries and the settings file. Each test failed before its fix."""

from __future__ import annotations

from towntui.core.textsafe import clipboard_text

# ------------------------------------------------------------------ item 2: copied text


def test_clipboard_text_keeps_newlines_and_shows_every_control() -> None:
    raw = "一\r\n二\x1b[201~\nrm -rf ~\n\x1b]52;c;eA==\x1b\\\x07\t\x9b\u202e"
    text = clipboard_text(raw)
    assert text == "一\n二␛[201~\nrm -rf ~\n␛]52;c;eA==␛\\␇␉<U+009B><U+202E>"
    assert clipboard_text(text) == text  # cleaning twice changes nothing
    assert clipboard_text("plain\ntext") == "plain\ntext"
