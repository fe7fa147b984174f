"""Compare as an analyst asks it: modes (year, latest, as of, series), who may lead a
row (same year, same scope, bounds), coverage and the options that hide rows and towns."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.helpers import bundled
from towntui.core import comparability
from towntui.core.compare import LATEST, SERIES, Mode, compare, parse_mode, sort_towns
from towntui.core.coverage import metric_coverage, town_coverage

ALL = ("binjiang", "qiantang", "yichuang", "yuhuangshan", "yungu", "yunqi")


@dataclass(frozen=True)
class C:
    value: float
    year: int | None = 2025
    qualifier: str | None = None
    scope: str | None = None


def test_fiscal_revenue_as_a_series_shows_every_year() -> None:
    table = compare(bundled.dataset(), ALL, mode=SERIES, metrics=["fiscal_revenue"])
    yunqi = ALL.index("yunqi")
    series = [(r.year, r.cells[yunqi].value) for r in table.rows if r.cells[yunqi]]
    assert series == [(2013, 1.5), (2015, 2.1), (2019, 7.67)]
    assert all(r.metric.unit == "亿元" and r.leaders == () for r in table.rows)
    assert {r.status for r in table.rows} == {comparability.SINGLE}


def test_latest_never_crowns_across_years_or_undated() -> None:
    rows = {r.metric.key: r for r in compare(bundled.dataset(), ALL).rows}
    ent = rows["enterprises"]  # 艺创 3000余 (no year) and 云栖 1575 (2019)
    assert ent.coverage == 2 and ent.leaders == () and ent.status == comparability.YEARS
    assert ent.scale is None  # no bars across years


def test_same_year_values_are_ranked_as_bounds() -> None:
    rows = {r.metric.key: r for r in compare(bundled.dataset(), ALL).rows}
    talents = rows["talents"]  # 超48万人, 近3000人, 1.5万人, all 2025
    assert talents.leaders == (ALL.index("binjiang"),) and talents.status is None
    assert talents.cells[0] is not None and talents.cells[0].bound == ">"
    assert talents.scale == 480000


def test_one_value_row_has_no_leader_and_no_bar() -> None:
    rows = {r.metric.key: r for r in compare(bundled.dataset(), ALL).rows}
    fiscal = rows["fiscal_revenue"]
    assert fiscal.coverage == 1 and fiscal.leaders == () and fiscal.scale is None
    assert fiscal.status == comparability.SINGLE


def test_values_of_different_scopes_are_never_ranked() -> None:
    cells = [C(328, 2019, scope="累计"), C(1575, 2019, scope="存量")]
    assert comparability.leaders(cells, True) == ((), comparability.SCOPES)
    assert comparability.leaders([C(328, 2019), C(1575, 2019)], True) == ((1,), None)


@pytest.mark.parametrize(
    ("cells", "higher", "expected"),
    [
        ([C(47, qualifier="超"), C(100)], True, ((), comparability.BOUNDS)),  # 超47 may pass 100
        ([C(100, qualifier="超"), C(47)], True, ((0,), None)),
        ([C(30, qualifier="近"), C(30)], True, ((0, 1), None)),  # ties share the lead
        ([C(30, qualifier="近"), C(20, qualifier="超")], True, ((), comparability.BOUNDS)),
        ([C(30), C(20, qualifier="近")], False, ((1,), None)),  # lower is better
        ([C(30), C(20, qualifier="超")], False, ((), comparability.BOUNDS)),  # 20+ may pass 30
        ([C(5, year=None), C(6, year=None)], True, ((), comparability.YEARS)),
    ],
)
def test_bounds(cells: list[C], higher: bool, expected: tuple[tuple[int, ...], str | None]) -> None:
    assert comparability.leaders(cells, higher) == expected


def test_as_of_takes_each_towns_newest_not_after_the_year() -> None:
    ds = bundled.dataset()
    rows = {r.metric.key: r for r in compare(ds, ALL, mode=Mode("as_of", 2016)).rows}
    cell = rows["fiscal_revenue"].cells[ALL.index("yunqi")]
    assert cell is not None and (cell.value, cell.year) == (2.1, 2015)
    assert "talents" not in rows  # every talents figure is of 2025
    later = {r.metric.key: r for r in compare(ds, ALL, mode=Mode("as_of", 2025)).rows}
    undated = later["enterprises"].cells[ALL.index("yichuang")]
    assert undated is not None and undated.year is None  # its 2025 article is not newer


def test_exact_year_2024_has_no_figures() -> None:
    assert compare(bundled.dataset(), ALL, year=2024).rows == ()


def test_metric_selection_options_and_sorting_towns() -> None:
    ds = bundled.dataset()
    picked = compare(ds, ALL, metrics=["talents", "nope", "area"])
    assert [r.metric.key for r in picked.rows] == ["talents", "area"]
    common = compare(ds, ["yunqi", "binjiang"], common_only=True)
    assert [r.metric.key for r in common.rows] == ["talents"]
    slim = compare(ds, ALL, metrics=["talents"], hide_empty_towns=True)
    assert [t.id for t in slim.towns] == ["binjiang", "yuhuangshan", "yunqi"]
    ordered = sort_towns(slim, 0)
    assert [t.id for t in ordered.towns] == ["binjiang", "yunqi", "yuhuangshan"]
    assert ordered.rows[0].leaders == (0,)
    empty = compare(ds, ALL, metrics=["gdp"], include_empty=True)
    assert [r.coverage for r in empty.rows] == [0]


def test_coverage_per_metric_and_town() -> None:
    ds = bundled.dataset()
    cov = {c.metric.key: c for c in metric_coverage(ds)}
    assert cov["fiscal_revenue"].towns == ("yunqi",)
    assert cov["fiscal_revenue"].years == (2013, 2015, 2019) and cov["fiscal_revenue"].values == 3
    assert cov["enterprises"].towns == ("yichuang", "yunqi") and cov["enterprises"].undated == 1
    assert cov["gdp"].values == 0
    per_town = town_coverage(ds, ALL, ["talents", "fiscal_revenue", "gdp"])
    assert per_town["yunqi"] == 2 and per_town["binjiang"] == 1 and per_town["yungu"] == 0


def test_mode_checks_its_year() -> None:
    with pytest.raises(ValueError):
        Mode("as_of")
    with pytest.raises(ValueError):
        Mode("latest", 2020)
    with pytest.raises(ValueError):
        Mode("someday")


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("", LATEST),
        (" Latest ", LATEST),
        ("最新", LATEST),
        ("2019", Mode("year", 2019)),
        ("2019年", Mode("year", 2019)),
        ("as of 2024", Mode("as_of", 2024)),
        ("<=2024", Mode("as_of", 2024)),
        ("截至2024年", Mode("as_of", 2024)),
        ("series", SERIES),
        ("soon", None),
        ("as of soon", None),
        ("99", None),
    ],
)
def test_parse_mode(text: str, mode: Mode | None) -> None:
    assert parse_mode(text) == mode
