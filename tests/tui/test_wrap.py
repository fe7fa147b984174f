"""Line breaking of mixed Chinese and Latin text (what the profile panes draw)."""

from __future__ import annotations

import itertools
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, Group

from towntui.tui.render.wrap import WrapText, break_offsets


def lines(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts)]


def test_latin_words_and_numbers_stay_whole() -> None:
    text = "区、滨江区、国际滨、Binjiang、Hangzhou High-tech Zone"
    got = lines(text, 18)
    assert all("Hangzh" not in line or "Hangzhou" in line for line in got)
    assert any(line.startswith("Hangzhou") for line in got)


def test_number_before_a_character_is_not_split() -> None:
    text = "居民平均年龄很轻。2003年提出的愿景"
    got = lines(text, 18)
    assert got[1].startswith("2003年"), got


def test_closing_punctuation_never_starts_a_line() -> None:
    text = "一二三四五六七八九。十一二三（四五）六七"
    for width in range(4, 24):
        for line in lines(text, width)[1:]:
            assert line[0] not in "。）", (width, line)
        for line in lines(text, width)[:-1]:
            assert line[-1] != "（", (width, line)


def test_a_word_wider_than_the_line_is_folded() -> None:
    got = lines("Zijingang", 4)
    assert got == ["Ziji", "ngan", "g"]


def test_wraptext_renders_within_width() -> None:
    console = Console(width=20, record=True, color_system=None)
    # in a Group (as the profile panes use it): console.print would merge bare Texts
    console.print(Group(WrapText("云栖小镇位于杭州西湖区，2011年开园，Alibaba Cloud 在此。")))
    out = console.export_text().splitlines()
    assert all(cell_len(line) <= 20 for line in out)
    assert any("Alibaba" in line for line in out)


@given(
    st.text(alphabet=st.sampled_from(list("云栖小镇，。（）ab cd12 Hangzhou、")), max_size=80),
    st.integers(min_value=2, max_value=30),
)
def test_lines_keep_every_character_and_fit(text: str, width: int) -> None:
    got = lines(text, width)
    assert "".join(got) == text
    for line in got:
        assert cell_len(line.rstrip()) <= width


# The line breaker finds each line by bisecting running widths (issue 17: no Python loop
# per character). It must break exactly where measuring piece by piece does, which is
# what the breaker did before and still does for text with joiners (emoji sequences).
MIXED = [
    *"云栖小镇，。（）《》“”ab cd12 Hangzhou、\t-—…·%,.;:?!()[]{}",
    "\u0301",  # a combining accent: no width
    "\u200b",  # a zero-width space
    "ｶ",  # a halfwidth katakana: one cell
    "가",  # a Hangul syllable: two cells
    "\u3000",  # an ideographic space
    "😀",  # beyond the Basic Multilingual Plane
]


@given(
    st.text(alphabet=st.sampled_from(MIXED), max_size=80),
    st.integers(min_value=1, max_value=30),
)
def test_lines_break_where_measuring_piece_by_piece_does(text: str, width: int) -> None:
    from towntui.tui.render.wrap import _break_measured

    assert break_offsets(text, width) == _break_measured(text, width)


def test_cell_widths_agree_with_rich_for_every_character_below_the_astral_planes() -> None:
    from rich.cells import get_character_cell_size

    from towntui.tui.render.wrap import _prefix_widths

    text = "".join(chr(c) for c in range(1, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    widths = _prefix_widths(text)
    sizes = [b - a for a, b in itertools.pairwise(widths)]
    assert sizes == [get_character_cell_size(ch) for ch in text]


# Text below the astral planes is measured and cut into pieces through two tables made at
# the first use (``str.translate``): the regexes over the same character classes took
# ten times as long to compile, at every start, before the first profile was drawn.
BMP_MIXED = [ch for ch in MIXED if ord(ch) < 0x10000] + ["\n", "\xa0", "\u2028", "\x85", "\x7f"]


@given(st.text(alphabet=st.sampled_from(BMP_MIXED), max_size=120))
def test_the_pieces_are_those_of_the_character_class_pattern(text: str) -> None:
    from towntui.tui.render.wrap import _units, _units_pattern

    assert _units(text) == [m.span() for m in _units_pattern(False).finditer(text)]


def test_every_bmp_character_is_of_the_same_piece_kind_as_in_the_pattern() -> None:
    from towntui.tui.render.wrap import _units, _units_pattern

    pattern = _units_pattern(False)
    for c in range(1, 0x10000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        for text in (f"a{chr(c)}b", f"云{chr(c)}栖", f" {chr(c)}{chr(c)} "):
            assert _units(text) == [m.span() for m in pattern.finditer(text)], hex(c)


def test_measuring_the_profile_compiles_no_width_pattern() -> None:
    code = (
        "from towntui.tui.render import wrap\n"
        "wrap.break_offsets('云栖小镇（Yunqi Town）是杭州的特色小镇，2015 年创建。' * 9, 30)\n"
        "print(wrap._units_pattern.cache_info().currsize,"
        " wrap._width_patterns.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0"], done.stdout


def test_the_character_tables_are_those_made_one_character_at_a_time() -> None:
    import re

    from rich.cells import get_character_cell_size

    from towntui.tui.render import wrap

    cells, kinds = wrap._bmp_tables()
    for code in range(0x3001):
        ch = chr(code)
        if ch in wrap.NO_END:
            want = "o"
        elif ch in wrap.NO_START:
            want = "c" if ord(cells[code]) == 1 else "C"
        elif re.fullmatch(r"\s", ch):
            want = "s"
        else:
            want = "n" if ord(cells[code]) == 1 else "w"
        assert kinds[code] == want, hex(code)
        if 32 <= code < 0x7F or code >= 0xA0:
            assert ord(cells[code]) == get_character_cell_size(ch), hex(code)
