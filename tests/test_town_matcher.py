"""The one town matcher in core (:mod:`towntui.core.resolve`) in each of its modes.

*Resolve* (the command line) finds exactly one town or says "did you mean"; *rank* (the
town pickers) orders the towns a query matches; its loose form ``filter_ids`` is what a
search's ``town:`` filter names. Pinyin and rapidfuzz load only past the exact tiers.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest

from towntui.core.loader import bundled_data_dir, load
from towntui.core.resolve import (
    NotFound,
    TownNotFound,
    filter_ids,
    rank,
    rank_towns,
    resolve,
    resolve_town,
)
from towntui.core.search import SearchIndex

DS = load([bundled_data_dir()])


@dataclass(frozen=True)
class Rec:
    id: str
    name: str
    name_en: str | None = None
    aliases: tuple[str, ...] = ()


# resolve mode ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["yunqi", "YUNQI", "云栖小镇", "Yunqi Town", "云栖", "Cloud Town", "yunqixiaozhen", "yqxz"],
)
def test_resolve_by_id_name_alias_and_pinyin(text: str) -> None:
    assert resolve_town(DS, text).id == "yunqi"


def test_resolve_takes_a_clear_close_spelling() -> None:
    assert resolve_town(DS, "qiantnag").id == "qiantang"


def test_resolve_says_did_you_mean_when_ambiguous_or_unknown() -> None:
    with pytest.raises(TownNotFound) as ambiguous:
        resolve_town(DS, "xiao")
    assert str(ambiguous.value) == (
        "ambiguous town 'xiao'; did you mean: yichuang (艺创小镇), "
        "yuhuangshan (玉皇山南基金小镇), yunqi (云栖小镇)"
    )
    assert ambiguous.value.ambiguous
    with pytest.raises(TownNotFound) as unknown:
        resolve_town(DS, "zzzz")
    assert str(unknown.value) == "unknown town 'zzzz'"
    assert not unknown.value.ambiguous


def test_an_exact_id_or_name_beats_another_records_pinyin() -> None:
    records = [Rec("yq", "别的"), Rec("yunqi", "云栖")]
    assert resolve(records, "yq").id == "yq"  # the id, not 云栖 by initials
    assert resolve(records, "yunqi").id == "yunqi"
    assert resolve([Rec("a", "云栖"), Rec("b", "Yq")], "yq").id == "b"  # a name first


def test_an_ambiguous_exact_tier_lists_its_records() -> None:
    with pytest.raises(NotFound) as caught:
        resolve([Rec("a", "同名"), Rec("b", "同名")], "同名")
    assert caught.value.ambiguous and caught.value.suggestions == ["a (同名)", "b (同名)"]


# rank mode ------------------------------------------------------------------------


def test_rank_orders_the_matching_towns_and_keeps_all_for_an_empty_query() -> None:
    assert [t.id for t in rank_towns(DS.towns, "xiao")] == ["yichuang", "yuhuangshan", "yunqi"]
    assert rank_towns(DS.towns, "yq")[0].id == "yunqi"
    assert rank_towns(DS.towns, "") == list(DS.towns)
    assert rank(DS.towns, "zzzzqqq") == []


# the town: filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("yq", {"yunqi"}),
        ("yunqi town", {"yunqi"}),
        ("yunqitown", set()),  # literal parts keep their spaces; no fuzzy spelling
        ("钱塘", {"qiantang"}),
        ("", set()),
    ],
)
def test_filter_ids_is_what_a_town_filter_names(value: str, ids: set[str]) -> None:
    assert filter_ids(DS.towns, value) == ids
    assert SearchIndex(DS).town_ids(value) == ids


# light start ------------------------------------------------------------------------

LAZY = """
import sys
from towntui.core.loader import bundled_data_dir, load
from towntui.core.resolve import resolve_town
ds = load([bundled_data_dir()])
heavy = lambda: sorted(m for m in sys.modules if m.startswith(("rapidfuzz", "towntui.core.search")))
assert resolve_town(ds, "yunqi").id == "yunqi" and resolve_town(ds, "云栖").id == "yunqi"
assert not heavy(), heavy()
assert resolve_town(ds, "yq").id == "yunqi"
assert "towntui.core.search.pinyin" in sys.modules
"""


def test_an_exact_name_resolves_without_pinyin_or_rapidfuzz() -> None:
    result = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
