"""The readings search uses are pypinyin's, read from its data file without importing it.

Importing ``pypinyin`` loads its phrase dictionary too (about 58 MB of memory that
search never uses), so :mod:`towntui.core.pinyin` reads the single-character table
itself. These tests pin that the readings are exactly what pypinyin's own API gives,
for every character of the table, and that the import stays out.
"""

from __future__ import annotations

import subprocess
import sys

from towntui.core import pinyin as P


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
        "from towntui.core.pinyin import readings\n"
        "import towntui.core.search\n"
        "assert readings('栖') == ('qi', 'xi')\n"
        "print('pypinyin' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
