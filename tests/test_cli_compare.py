"""``towntui compare`` in every mode on the bundled data, and ``towntui metrics``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tests.helpers.cli import Run


def _json(run: Run, *args: str) -> Any:
    code, out, err = run(*args, "--json", data=None)
    assert code == 0, err
    return json.loads(out)


def test_fiscal_revenue_series_in_text_json_and_csv(run: Run) -> None:
    args = ("compare", "--all", "--series", "--metric", "fiscal_revenue")
    code, out, err = run(*args, data=None)
    assert code == 0, err
    lines = [ln.split() for ln in out.splitlines() if "CNY 100m" in ln or ln.startswith(" ")]
    assert [ln[-1] for ln in lines] == ["1.5", "2.1", "7.67"]
    assert "2013" in out and "2015" in out and "2019" in out
    record = _json(run, *args)
    assert record["mode"] == "series" and record["year"] is None
    yunqi = [t["id"] for t in record["towns"]].index("yunqi")
    cells = [(r["year"], r["cells"][yunqi]) for r in record["rows"]]
    assert [(y, c["value"], c["unit"], c["source"]) for y, c in cells] == [
        (2013, 1.5, "亿元", "a000-yunqi"),
        (2015, 2.1, "亿元", "a002-yunqi-case"),
        (2019, 7.67, "亿元", "a000-yunqi"),
    ]
    code, out, _ = run(*args, "--csv", data=None)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["yunqi"], r["yunqi_source"]) for r in rows] == [
        ("2013", "1.5", "a000-yunqi"),
        ("2015", "2.1", "a002-yunqi-case"),
        ("2019", "7.67", "a000-yunqi"),
    ]


def test_latest_says_years_differ_instead_of_a_leader(run: Run) -> None:
    code, out, _ = run("compare", "--all", data=None)
    assert code == 0
    enterprises = next(ln for ln in out.splitlines() if ln.startswith("Enterprises"))
    assert "years differ" in enterprises and "*" not in enterprises
    talents = next(ln for ln in out.splitlines() if ln.startswith("Talents"))
    assert talents.count("*") == 1 and "over 480,000 (2025) *" in talents  # 超480000
    record = _json(run, "compare", "--all")
    rows = {r["key"]: r for r in record["rows"]}
    assert rows["enterprises"]["status"] == "years"
    assert not any(c["leader"] for c in rows["enterprises"]["cells"])
    assert rows["fiscal_revenue"]["status"] == "single"  # one value: no leader


def test_a_year_with_no_figures_says_so_and_exits_1(run: Run) -> None:
    code, out, err = run("compare", "--all", "--year", "2024", data=None)
    assert code == 1 and out == ""
    assert "no comparable figures for 2024; years with figures: 2013, 2015" in err


def test_as_of_and_hide_empty(run: Run) -> None:
    record = _json(run, "compare", "--all", "--as-of", "2016", "--hide-empty")
    assert record["mode"] == "as_of" and record["year"] == 2016
    assert [t["id"] for t in record["towns"]] == ["yunqi"]
    rows = {r["key"]: r["cells"][0] for r in record["rows"]}
    assert (rows["fiscal_revenue"]["value"], rows["fiscal_revenue"]["year"]) == (2.1, 2015)
    assert rows["enterprises"]["scope"] == "累计"


def test_options_that_do_not_fit(run: Run) -> None:
    code, _, err = run("compare", "--all", "--metric", "fiscal_revenu", data=None)
    assert code == 2 and "unknown metric 'fiscal_revenu'; did you mean: fiscal_revenue" in err
    code, _, err = run("compare", "yunqi", "--all", data=None)
    assert code == 2 and "not both" in err
    code, _, err = run("compare", "--series", "--year", "2019", "--all", data=None)
    assert code == 2 and "not allowed with" in err
    code, _, err = run("compare", data=None)
    assert code == 2 and "--all" in err


def test_metrics_lists_the_registry_with_coverage(run: Run) -> None:
    code, out, _ = run("metrics", data=None)
    assert code == 0
    fiscal = next(ln for ln in out.splitlines() if ln.startswith("fiscal_revenue"))
    words = fiscal.split()
    assert words[1:9] == ["Fiscal", "revenue", "CNY", "100m", "in", "the", "year", "1/6"]
    assert words[9:] == ["2013,", "2015,", "2019", "3"]
    record = _json(run, "metrics")
    by_key = {m["key"]: m for m in record["metrics"]}
    assert by_key["enterprises"]["towns"] == ["yichuang", "yunqi"]
    assert by_key["enterprises"]["undated"] == 1 and by_key["gdp"]["values"] == 0
    code, out, _ = run("metrics", "--csv", data=None)
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["fiscal_revenue"]["years"] == "2013;2015;2019"


def test_chart_prints_three_points_for_fiscal_revenue(run: Run) -> None:
    args = ("compare", "--all", "--chart", "--metric", "fiscal_revenue", "--ascii")
    code, out, _ = run(*args, data=None)
    assert code == 0
    lines = out.splitlines()
    frame = [i for i, ln in enumerate(lines) if ln.lstrip().startswith("+") or "+---" in ln]
    plot = lines[frame[0] + 1 : frame[-1]]
    assert sum(ln.count("*") for ln in plot) == 3
    assert "2013" in out and "2015" in out and "2019" in out and "Fiscal revenue (CNY 100m)" in out
    assert "* Yunqi Town" in lines  # the legend: glyph and town
    assert out.replace("亿元", "").isascii()  # data text (the unit) stays as written
