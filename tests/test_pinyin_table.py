"""The readings search uses are pypinyin's, read from its data file without importing it.

Importing ``pypinyin`` loads its phrase dictionary too (about 58 MB of memory that
search never uses), so :mod:`towntui.core.search.pinyin` reads the single-character table
itself. These tests pin that the readings are exactly what pypinyin's own API gives,
for every character of the table, and that the import stays out.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from towntui.core.search import pinyin as P


def _api_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    out: list[str] = []
    for group in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore"):
        for r in group:
            r = r.lower()
            for variant in (r, r.replace("v", "u")):
                if variant and variant.isascii() and variant.isalpha() and variant not in out:
                    out.append(variant)
    return tuple(out)


def test_every_character_reads_as_pypinyin_reads_it() -> None:
    chars = [chr(k) for k in P._table().codes()]
    han = [ch for ch in chars if P.is_han(ch)]
    assert len(han) > 40_000
    wrong = [(ch, P.readings(ch), _api_readings(ch)) for ch in han]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert not wrong, wrong[:10]


def test_the_compact_table_has_every_entry_of_the_file() -> None:
    import json
    from pathlib import Path

    import pypinyin

    raw = json.loads((Path(pypinyin.__file__).parent / "pinyin_dict.json").read_text("utf-8"))
    table = P._table()
    assert list(table.codes()) == sorted(int(k) for k in raw)
    assert all(table.get(int(k)) == v for k, v in raw.items())
    assert table.get(0x41) is None and table.get(0x10FFFF) is None


def test_polyphonic_and_umlaut_readings() -> None:
    assert P.readings("栖") == ("qi", "xi")
    assert "lv" in P.readings("绿") and "lu" in P.readings("绿")
    assert P.readings("a") == ()
    assert P.toneless("ế") == "ê"  # not ASCII: never offered as a reading


def test_search_does_not_import_pypinyin() -> None:
    code = (
        "import sys\n"
        "from towntui.core.search.pinyin import readings\n"
        "import towntui.core.search\n"
        "assert readings('栖') == ('qi', 'xi')\n"
        "print('pypinyin' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# --- issue 17 goal 2: the table ships in a form that loads without a JSON parse ---------


def test_the_shipped_table_is_pypinyins() -> None:
    """``pinyin_table.bin`` is exactly what ``benchmarks/gen_pinyin_table.py`` writes from
    the installed pypinyin: regenerate it after changing the pinned version."""
    fresh = P._table_from_pypinyin()
    assert P.TABLE_FILE.read_bytes() == fresh.to_bytes()
    shipped = P._Table.from_bytes(P.TABLE_FILE.read_bytes())
    assert list(shipped.codes()) == list(fresh.codes())
    assert all(shipped.get(c) == fresh.get(c) for c in fresh.codes())


def test_the_table_is_read_from_the_shipped_file(monkeypatch: pytest.MonkeyPatch) -> None:
    P._table.cache_clear()
    try:
        monkeypatch.setattr(P, "_table_from_pypinyin", _must_not_run)
        assert P._table().get(ord("栖")) == "qī,xī"
    finally:
        P._table.cache_clear()


def _must_not_run() -> P._Table:
    raise AssertionError("parsed pypinyin's JSON")


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b"not a table" + b[20:],
        lambda b: b[: len(b) // 2],  # truncated inside the arrays
        lambda b: b[:-3],  # truncated text: the offsets no longer match it
        lambda b: b[:-1] + b"\xff",  # not UTF-8
    ],
)
def test_a_damaged_file_falls_back_to_pypinyins_json(
    damage: Callable[[bytes], bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "pinyin_table.bin"
    bad.write_bytes(damage(P.TABLE_FILE.read_bytes()))
    with pytest.raises(ValueError):
        P._Table.from_bytes(bad.read_bytes())
    P._table.cache_clear()
    try:
        monkeypatch.setattr(P, "TABLE_FILE", bad)
        assert P._table().get(ord("栖")) == "qī,xī"
        monkeypatch.setattr(P, "TABLE_FILE", tmp_path / "missing.bin")
        P._table.cache_clear()
        assert P._table().get(ord("栖")) == "qī,xī"
    finally:
        P._table.cache_clear()
