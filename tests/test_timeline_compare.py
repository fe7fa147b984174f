"""Timeline and compare on the stable fixture: what the user sees in those screens."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from towntui.core.compare import available_years, compare
from towntui.core.export import export_compare, export_dataset
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.resolve import TownNotFound, resolve_town
from towntui.core.timeline import timeline


@pytest.fixture
def ds(mini_dir: Path) -> Dataset:
    return load([mini_dir])


def test_default_timeline_runs_2007_to_2025_in_date_order(ds: Dataset) -> None:
    tl = timeline(ds)
    dates = [str(e.date) for e in tl.events]
    assert dates == ["2007", "2015", "2015-10", "2023-06-15", "2025"]
    assert tl.density[0] == (2007, 1) and tl.density[-1] == (2025, 1)
    assert len(tl.density) == 19 and dict(tl.density)[2015] == 2
    assert tl.years == (2007, 2015, 2023, 2025)


def test_open_range_reaches_1993(ds: Dataset) -> None:
    tl = timeline(ds, year_from=None, year_to=None)
    assert str(tl.events[0].date) == "1993"
    assert tl.density[0] == (1993, 1)


def test_timeline_filters(ds: Dataset) -> None:
    assert [e.title for e in timeline(ds, towns=["yunqi"]).events] == ["云栖大会", "2025云栖大会"]
    involved = timeline(ds, towns=["yuhuangshan"]).events
    assert "零零壹项目开工" in [e.title for e in involved]  # qiantang's event names yuhuangshan
    assert [e.category for e in timeline(ds, categories=["founding"]).events] == ["founding"]
    assert len(timeline(ds, entity="alibaba-cloud").events) == 2
    assert timeline(ds, year_from=2016, year_to=2022).events == ()


def test_compare_converts_to_the_row_unit_and_marks_leaders(ds: Dataset) -> None:
    table = compare(ds, ["yuhuangshan", "qiantang"])
    rows = {r.metric.key: r for r in table.rows}
    talents = rows["talents"]
    assert [c.value if c else None for c in talents.cells] == [3000, 12000]
    assert talents.metric.unit == "人"
    assert talents.leaders == () and talents.status == "years"  # 2025 and 2023: no leader
    aum = rows["assets_under_management"]
    assert aum.cells[0] is not None and aum.cells[0].value == 15000  # 1.5 万亿元 in 亿元
    assert aum.cells[1] is None  # missing, never zero
    assert aum.leaders == ()  # one value alone leads nothing
    assert rows["area"].cells[1] is not None  # the identity area counts


def test_compare_latest_or_chosen_year(ds: Dataset) -> None:
    latest = {r.metric.key: r for r in compare(ds, ["yunqi", "qiantang"]).rows}
    cell = latest["fiscal_revenue"].cells[0]
    assert cell is not None and (cell.value, cell.year) == (7.67, 2019)
    y2013 = {r.metric.key: r for r in compare(ds, ["yunqi", "qiantang"], year=2013).rows}
    cell = y2013["fiscal_revenue"].cells[0]
    assert cell is not None and cell.value == 1.5
    assert "listed_companies" not in y2013
    assert available_years(ds, ["yunqi", "qiantang"]) == [2013, 2019, 2023]


def test_compare_exports_read_back_equal(ds: Dataset) -> None:
    table = compare(ds, ["yuhuangshan", "yunqi", "qiantang"])
    as_toml = tomllib.loads(export_compare(table, "toml"))
    as_json = json.loads(export_compare(table, "json"))

    def without_none(value: object) -> object:  # TOML has no null
        if isinstance(value, dict):
            return {k: without_none(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [without_none(v) for v in value]
        return value

    assert as_toml == without_none(as_json)
    assert [t["id"] for t in as_json["towns"]] == ["yuhuangshan", "yunqi", "qiantang"]
    talents = next(r for r in as_json["rows"] if r["key"] == "talents")
    assert talents["cells"][2] == {
        "town": "qiantang",
        "value": 12000,
        "unit": "人",
        "year": 2023,
        "qualifier": "约",
        "bound": "~",
        "scope": None,
        "as_written": "约1.2万人",
        "as_written_en": "about 12,000 people",
        "source": "a003-qiantang",
        "note": "仅供测试单位换算的数字。",
        "note_en": "Fixture-only figure for unit conversion tests.",
        "leader": False,  # 2023 against 近3000 of 2025: years differ
    }
    assert talents["status"] == "years" and as_json["mode"] == "latest"
    assert talents["cells"][1]["value"] is None  # yunqi has none: null, never zero
    csv_lines = export_compare(table, "csv").splitlines()
    head = "key,label,label_en,unit,year,status,yuhuangshan,yuhuangshan_year,"
    assert csv_lines[0].startswith(head + "yuhuangshan_qualifier,yuhuangshan_source")
    row = "talents,人才数量,Talents,人,,years,3000,2025,近,a000-yuhuang,,,,,12000,2023,约"
    assert row + ",a003-qiantang" in csv_lines


def test_dataset_export_round_trips_between_formats(ds: Dataset) -> None:
    assert tomllib.loads(export_dataset(ds, "toml")) == json.loads(export_dataset(ds, "json"))
    with pytest.raises(ValueError, match="unknown format"):
        export_dataset(ds, "xml")


@pytest.mark.parametrize(
    ("text", "town_id"),
    [
        ("yunqi", "yunqi"),
        ("云栖小镇", "yunqi"),
        ("Yunqi Town", "yunqi"),
        ("智慧城", "qiantang"),
        ("玉皇", "yuhuangshan"),
        ("qiantnag", "qiantang"),
    ],
)
def test_resolve_town(ds: Dataset, text: str, town_id: str) -> None:
    assert resolve_town(ds, text).id == town_id


def test_unknown_town_suggests_names(ds: Dataset) -> None:
    with pytest.raises(TownNotFound, match="did you mean: yunqi") as info:
        resolve_town(ds, "yunki")
    assert info.value.suggestions[0].startswith("yunqi")
    with pytest.raises(TownNotFound, match="ambiguous"):
        resolve_town(ds, "小镇")


def test_dataset_lookups_match_the_towns_they_index(mini_dir: Path) -> None:
    """``town(id)`` and ``events`` (kept after their first use) agree with the towns."""
    ds = load([mini_dir])
    for t in ds.towns:
        assert ds.town(t.id) is t
    assert ds.town("no-such-town") is None
    flat = sorted((e for t in ds.towns for e in t.events), key=lambda e: e.sort_key)
    assert list(ds.events) == flat
    assert ds.events == ds.events  # a second read gives the same events


def test_default_range_widens_to_every_event_of_what_is_shown(ds: Dataset) -> None:
    from towntui.core.timeline import default_range

    assert default_range(ds) == (1993, 2025)  # the fixture's qiantang founding is 1993
    assert default_range(ds, towns=["yunqi"]) == (2007, 2025)
    lo, hi = default_range(ds, towns=["qiantang"])
    tl = timeline(ds, towns=["qiantang"], year_from=lo, year_to=hi)
    assert tl.outside == 0 and str(tl.events[0].date) == "1993"
    narrow = timeline(ds, towns=["qiantang"])
    assert narrow.outside == 1  # the 1993 founding, outside 2007-2025
    assert len(narrow.events) + narrow.outside == len(tl.events)
