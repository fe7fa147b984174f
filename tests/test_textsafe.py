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


# --- issue 17 goal 4: the regex-based checks are the old per-character definition ------

_OLD_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_OLD_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _old_is_unsafe(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or code == 0x7F or 0x80 <= code <= 0x9F:
        return True
    if ch in _OLD_BIDI or ch in _OLD_ZERO_WIDTH:
        return True
    return unicodedata.category(ch) in ("Cs", "Co", "Cn", "Cf", "Zl", "Zp")


def _old_placeholder(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def _old_clean(text: str, *, keep_newlines: bool = False) -> str:
    out: list[str] = []
    for ch in text:
        if keep_newlines and ch == "\n":
            out.append(ch)
        elif _old_is_unsafe(ch):
            out.append(_old_placeholder(ch))
        else:
            out.append(ch)
    return "".join(out)


def _old_escape_unsafe(text: str, fmt: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\n" or _old_clean(ch) == ch:
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        elif fmt == "toml":
            out.append(f"\\U{ord(ch):08x}")
        else:
            code = ord(ch) - 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)


#: unsafe characters mixed into the random text, so that most examples hit the slow path
_SPICE = st.sampled_from(
    [
        "\x00",
        "\x1b",
        "\n",
        "\r",
        "\x7f",
        "\x9b",
        "\u00a0",
        "\u00ad",
        "\u061c",
        "\u200b",
        "\u202e",
        "\u2028",
        "\u2029",
        "\u3000",
        "\ud800",
        "\ue000",
        "\U000e0001",
        "\U0010ffff",
        "\U0001f600",
        "云",
    ]
)
_TEXT = st.lists(st.one_of(st.characters(), _SPICE), max_size=40).map("".join)


@given(_TEXT)
def test_clean_is_the_old_per_character_definition(text: str) -> None:
    assert clean(text) == _old_clean(text)
    assert clean(text, keep_newlines=True) == _old_clean(text, keep_newlines=True)


@given(_TEXT, st.sampled_from(["json", "toml"]))
def test_escape_unsafe_is_the_old_per_character_definition(text: str, fmt: str) -> None:
    from towntui.cli.render import escape_unsafe

    assert escape_unsafe(text, fmt) == _old_escape_unsafe(text, fmt)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (0x0000, 0x0800),  # C0, C1, Latin, combining marks, Arabic (U+061C)
        (0x1680, 0x1800),
        (0x2000, 0x2100),  # spaces, zero-width, bidi, line/paragraph separators
        (0x3000, 0x3100),
        (0xD700, 0xE100),  # surrogates, start of private use
        (0xFDC0, 0x10100),  # noncharacters, specials, BOM
        (0x1F000, 0x1F100),
        (0xE0000, 0xE0100),  # tag characters
        (0xFFF00, 0x10FFFF + 1),
    ],
)
def test_every_code_point_in_a_range_is_judged_as_before(first: int, last: int) -> None:
    from towntui.core import textsafe

    chars = [chr(c) for c in range(first, last)]
    wrong = [c for c in chars if textsafe._is_unsafe(c) != _old_is_unsafe(c)]
    assert not wrong, [hex(ord(c)) for c in wrong[:10]]
    text = "".join(chars)
    assert clean(text) == _old_clean(text)
    assert clean(text, keep_newlines=True) == _old_clean(text, keep_newlines=True)


def test_generated_ranges_are_this_pythons_unicode() -> None:
    """``_unsafe_ranges`` equals a fresh enumeration (when made for this Unicode version)."""
    import sys

    from towntui.core import _unsafe_ranges, textsafe

    if unicodedata.unidata_version != _unsafe_ranges.UNIDATA_VERSION:
        pytest.skip("the generated module is for another Unicode version (enumerated then)")
    fresh: list[tuple[int, int]] = []
    for code in range(sys.maxunicode + 1):
        if _old_is_unsafe(chr(code)):
            if fresh and fresh[-1][1] == code - 1:
                fresh[-1] = (fresh[-1][0], code)
            else:
                fresh.append((code, code))
    assert textsafe._unsafe_runs() == fresh
    assert textsafe._is_unsafe("\x1b") and not textsafe._is_unsafe("\u3000")


def test_the_class_is_the_same_when_enumerated(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a Python with another Unicode version the class is built by enumeration."""
    from towntui.core import _unsafe_ranges, textsafe

    generated = textsafe._unsafe_runs()
    monkeypatch.setattr(_unsafe_ranges, "UNIDATA_VERSION", "0.0.0")
    assert textsafe._unsafe_runs() == generated
