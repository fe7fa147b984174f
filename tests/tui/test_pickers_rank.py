"""The town pickers (timeline ``t``, compare ``a``) filter by name, English, pinyin."""

from __future__ import annotations

import pytest

from towntui.core.loader import bundled_data_dir, load
from towntui.tui.dialogs.pickers import rank_towns

TOWNS = load([bundled_data_dir()]).towns


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("yq", "yunqi"),  # initials
        ("yunqi", "yunqi"),  # full pinyin
        ("yunxi", "yunqi"),  # 栖 read xi
        ("yun栖", "yunqi"),  # mixed
        ("yuhuang", "yuhuangshan"),
        ("Binjiang", "binjiang"),
        ("钱塘", "qiantang"),
        ("qtzhc", "qiantang"),  # 钱塘智慧城 by initials
    ],
)
def test_the_expected_town_comes_first(query: str, first: str) -> None:
    ranked = rank_towns(TOWNS, query)
    assert ranked and ranked[0].id == first, [t.id for t in ranked]


def test_empty_keeps_every_town_and_nonsense_keeps_none() -> None:
    assert [t.id for t in rank_towns(TOWNS, "  ")] == [t.id for t in TOWNS]
    assert rank_towns(TOWNS, "zzzzqqq") == []
