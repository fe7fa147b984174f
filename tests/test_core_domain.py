"""The domain rules the screens render, tested without Textual: the compare row order
and spread, the area row, qualifier placement, the timeline's filters, year range and
year jumps, and what an entity or a town profile lists."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from towntui.core import units
from towntui.core.compare import (
    AREA,
    CompareRow,
    area_metric,
    compare,
    sort_rows,
    spread,
)
from towntui.core.loader import load
from towntui.core.model import Dataset, Entity, Event, PartialDate
from towntui.core.related import entities_by_kind, entity_links, recent_events
from towntui.core.timeline import (
    first_row_from,
    hiding_filters,
    parse_range,
    range_error,
    year_jump,
)


@pytest.fixture
def ds(mini_dir: Path) -> Dataset:
    return load([mini_dir])


# ----------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("qualifier", "shown"),
    [
        (None, "1000家"),
        ("超", "超1000家"),
        ("余", "1000余家"),
        ("多", "1000多家"),
        ("以上", "1000家以上"),
        ("左右", "1000家左右"),
    ],
)
def test_qualifiers_go_where_chinese_writes_them(qualifier: str | None, shown: str) -> None:
    assert units.qualify("1000", "家", qualifier) == shown
    assert units.format_quantity(1000, "家", qualifier) == shown


def test_without_a_unit_trailing_qualifiers_follow_the_number() -> None:
    assert units.qualify("12,000", "", "左右") == "12,000左右"
    assert units.qualify("12,000", "", "余") == "12,000余"
    assert units.qualify("12,000", "", "约") == "约12,000"


# ----------------------------------------------------------------- compare


def test_the_area_row_is_labelled_by_the_registry(ds: Dataset) -> None:
    mdef = ds.registry[AREA]
    town = ds.town("qiantang")
    assert town is not None
    area = area_metric(town, mdef)
    assert area is not None
    assert (area.label, area.label_en, area.key) == (mdef.label, mdef.label_en, AREA)
    assert (area.value, area.unit, area.town) == (0.615, "平方公里", "qiantang")
    renamed = replace(mdef, label="占地", label_en="Land")
    again = area_metric(town, renamed)
    assert again is not None and (again.label, again.label_en) == ("占地", "Land")
    no_area = ds.town("yunqi")
    assert no_area is not None and area_metric(no_area, mdef) is None


def test_spread_is_largest_over_smallest(ds: Dataset) -> None:
    table = compare(ds, ["yuhuangshan", "qiantang"])
    talents = next(r for r in table.rows if r.metric.key == "talents")
    assert spread(talents) == 4.0  # 12000 / 3000
    single = next(r for r in table.rows if r.coverage == 1)
    assert spread(single) == 0.0
    zero = CompareRow(
        talents.metric,
        tuple(replace(c, value=0.0) if i == 0 else c for i, c in enumerate(talents.cells)),
        (),
    )
    assert spread(zero) == math.inf


def test_rows_sort_by_metric_coverage_or_spread(ds: Dataset) -> None:
    rows = compare(ds, ["yuhuangshan", "qiantang", "yunqi"]).rows
    assert sort_rows(rows, "metric") == list(rows)
    by_coverage = sort_rows(rows, "coverage")
    assert [r.coverage for r in by_coverage] == sorted((r.coverage for r in rows), reverse=True)
    by_spread = sort_rows(rows, "spread")
    assert [spread(r) for r in by_spread] == sorted((spread(r) for r in rows), reverse=True)
    # ties keep registry order
    order = list(ds.registry)
    ties = [r for r in by_coverage if r.coverage == by_coverage[-1].coverage]
    assert ties == sorted(ties, key=lambda r: order.index(r.metric.key))


# ----------------------------------------------------------------- timeline


def test_parse_range() -> None:
    assert parse_range("2010-2020") == (2010, 2020)
    assert parse_range("2015") == (2015, 2015)
    assert parse_range("2010-") == (2010, None)
    assert parse_range("-2015") == (None, 2015)
    assert parse_range(" all ") == (None, None)
    assert parse_range("2010 – 2012") == (2010, 2012)
    with pytest.raises(ValueError):
        parse_range("2020-2010")
    with pytest.raises(ValueError):
        parse_range("soon")
    assert range_error("2015") is None
    assert range_error("2020-2010") == "2020 is after 2010"


def _event() -> Event:
    return Event(
        id="e",
        date=PartialDate(2015, 10, 0),
        title="t",
        category="conference",
        source="s",
        town="yunqi",
        towns=("yunqi",),
        entities=("alibaba-cloud",),
    )


def test_hiding_filters_names_only_the_filters_that_hide_the_event() -> None:
    ev = _event()
    assert hiding_filters(ev, towns=None, categories=None, entity=None, year_range=None) == []
    shown = hiding_filters(
        ev,
        towns={"yunqi"},
        categories={"conference"},
        entity="alibaba-cloud",
        year_range=(2010, 2020),
    )
    assert shown == []
    hidden = hiding_filters(
        ev,
        towns={"qiantang"},
        categories={"founding"},
        entity="dunhe",
        year_range=(2016, None),
    )
    assert hidden == ["town", "category", "entity", "year"]
    assert hiding_filters(
        ev, towns=None, categories=None, entity=None, year_range=(None, 2014)
    ) == ["year"]


def test_year_jump_lands_on_the_first_row_of_the_next_or_previous_year() -> None:
    years = [None, 2007, None, 2015, 2015, None, 2023]
    assert year_jump(years, 2015, 1) == 6
    assert year_jump(years, 2015, -1) == 1
    assert year_jump(years, 2023, -1) == 3  # the first row of 2015, not the last
    assert year_jump(years, 2023, 1) is None
    assert year_jump(years, 2007, -1) is None
    assert year_jump(years, None, 1) == 1 and year_jump(years, None, -1) == 1
    assert year_jump([None], None, 1) is None
    assert first_row_from(years, 2010) == 3
    assert first_row_from(years, 2015) == 3
    assert first_row_from(years, 2024) is None


# ----------------------------------------------------------------- related


def test_entity_links_resolve_towns_and_event_towns(ds: Dataset) -> None:
    entity = ds.entities["alibaba-cloud"]
    links = entity_links(ds, entity)
    assert links.towns[0][0] == entity.town
    assert links.towns[0][1] is ds.town(entity.town)
    assert len(links.events) == 2
    assert all(town is ds.town(ev.town) for ev, town in links.events)
    assert set(links.sources) >= set(entity.sources)
    assert len(links.sources) == len(set(links.sources))
    ghost = replace(entity, id="ghost", town="nowhere", towns=())
    assert entity_links(ds, ghost).towns[0] == ("nowhere", None)


def test_entities_group_by_kind_in_registry_order() -> None:
    def ent(i: str, kind: str) -> Entity:
        return Entity(id=i, name=i, kind=kind, town="t")

    found = entities_by_kind(
        [ent("a", "fund"), ent("b", "zzz"), ent("c", "company"), ent("d", "fund")]
    )
    kinds = [k for k, _ in found]
    assert kinds[-1] == "zzz"
    assert kinds.index("company") < kinds.index("fund")
    assert [e.id for e in dict(found)["fund"]] == ["a", "d"]


def test_recent_events_are_the_latest_newest_first(ds: Dataset) -> None:
    town = ds.town("yunqi")
    assert town is not None
    assert [str(e.date) for e in recent_events(town)] == ["2025", "2015-10"]
    assert [str(e.date) for e in recent_events(town, 1)] == ["2025"]
