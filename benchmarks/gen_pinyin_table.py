"""Write ``src/towntui/core/search/pinyin_table.bin`` from the installed pypinyin's table.

    python benchmarks/gen_pinyin_table.py

Run after changing the pinned pypinyin (``constraints.txt``);
``tests/test_pinyin_table.py`` fails while the file differs from pypinyin's table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from towntui.core.search.pinyin import TABLE_FILE, _table_from_pypinyin

if __name__ == "__main__":
    TABLE_FILE.write_bytes(_table_from_pypinyin().to_bytes())
    print(f"wrote {TABLE_FILE} ({TABLE_FILE.stat().st_size:,} bytes)")
