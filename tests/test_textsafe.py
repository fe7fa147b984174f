"""Hostile text is shown literally: controls become visible placeholders."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from towntui.core.textsafe import clean, one_line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),
        ("bell\x07", "bell␇"),
        ("over\rwrite", "over␍write"),
        ("rtl\u202eevil", "rtl<U+202E>evil"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("c1\x9bcsi", "c1<U+009B>csi"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("云栖小镇 😀 e\u0301", "云栖小镇 😀 e\u0301"),
    ],
)
def test_controls_become_visible(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_newlines_kept_only_when_asked() -> None:
    assert clean("a\nb") == "a␊b"
    assert clean("a\nb", keep_newlines=True) == "a\nb"
    assert one_line("a\n  b\tc") == "a b c"
    assert one_line("云栖小镇云栖小镇", limit=5) == "云栖小镇…"


@given(st.text())
def test_cleaned_text_has_no_control_characters(text: str) -> None:
    out = clean(text)
    # spaces such as U+3000 (common in Chinese text) stay; nothing else unprintable does
    assert all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in out)
    assert "\x1b" not in out and "\x07" not in out
