"""``towntui validate`` reports every problem of a file (issue 10, item 6).

An error in ``[town]`` must not hide the problems of the file's records, and a record
with several problems reports each of them, from the loader, from the CLI and from a
load served by the parse cache alike. Whatever is valid still loads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from towntui.cli import main
from towntui.core.cache import LoadCache
from towntui.core.loader import load
from towntui.core.model import Dataset

MakeData = Callable[..., Path]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user cache, no ``TOWNTUI_DATA`` (the cache tests pass their own cache), and
    the data folder of ``make_data`` as the working directory: paths read ``towns/t.toml``."""
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path / "data")


def head(tid: str = "t", extra: str = "", **fields: str) -> str:
    """A ``[town]`` table: a valid identity, ``fields`` replaced or removed ("")."""
    values = {"id": f'"{tid}"', "name": f'"{tid}镇"', "name_en": f'"{tid} town"'}
    values |= {"summary": '"s"', "summary_en": '"s"'}
    values |= fields
    body = "".join(f"{k} = {v}\n" for k, v in values.items() if v)
    return f"[town]\n{body}{extra}"


GOOD_METRIC = """
[[metrics]]
key = "enterprises"
label = "企业"
value = 120
unit = "家"
source = "a000-yunqi"
"""

#: line 2 of the block is the [[metrics]] header (the block starts with a newline)
BAD_METRIC = """
[[metrics]]
key = "enterprises"
label = "企业"
value = 120
unit = "亿圆"
source = "nope"
"""

GOOD_ENTITY = """
[[entities]]
id = "own-co"
name = "本镇公司"
kind = "company"
sources = ["a000-yunqi"]
"""

BAD_ENTITY = """
[[entities]]
id = "bad-co"
name = "坏公司"
kind = "spaceship"
towns = ["atlantis"]
sources = ["nope"]
"""

GOOD_EVENT = """
[[events]]
date = "2015-04"
title = "好事件"
category = "milestone"
entities = ["own-co"]
source = "a000-yunqi"
"""

BAD_EVENT = """
[[events]]
date = "2020"
title = "坏事件"
category = "party"
entities = ["ghost", "own-co"]
source = "a000-yunqi"
"""


def texts(ds: Dataset) -> list[str]:
    return [str(p) for p in ds.problems]


def line_of(content: str, needle: str, nth: int = 0) -> int:
    """The 1-based line of the ``nth`` line of ``content`` that starts with ``needle``."""
    found = [i + 1 for i, ln in enumerate(content.splitlines()) if ln.startswith(needle)]
    return found[nth]


def run_validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--no-bundled", "validate", str(root)])
    out, err = capsys.readouterr()
    return code, out + err


# two problems in one record -------------------------------------------------------------


def test_an_event_with_a_bad_category_and_an_unknown_entity_reports_both(
    make_data: MakeData,
) -> None:
    content = head(extra="") + GOOD_ENTITY + BAD_EVENT
    ds = load([make_data({"towns/t.toml": content})])
    line = line_of(content, "[[events]]")
    assert sorted(texts(ds)) == sorted(
        [
            f'towns/t.toml:{line}: events[0].category: unknown category "party" '
            "(known: founding, planning, construction, renovation, opening, milestone, "
            "recognition, investment, company, conference, launch, culture)",
            f'towns/t.toml:{line}: events[0].entities: unknown entity "ghost"',
        ]
    ), "own-co is defined in the same file: only ghost is unknown"
    (town,) = ds.towns
    assert town.events == () and [e.id for e in town.entities] == ["own-co"]


def test_an_event_with_a_wrong_type_and_an_impossible_date_reports_both(
    make_data: MakeData,
) -> None:
    content = head() + '\n[[events]]\ndate = "2023-13"\ntitle = 5\ncategory = "party"\n'
    content += 'source = "a000-yunqi"\n'
    ds = load([make_data({"towns/t.toml": content})])
    fields = sorted(p.field or "" for p in ds.problems)
    assert fields == ["events[0].category", "events[0].date", "events[0].title"]


def test_a_metric_with_an_unknown_unit_and_an_unknown_source_reports_both(
    make_data: MakeData,
) -> None:
    content = head() + GOOD_METRIC + BAD_METRIC
    ds = load([make_data({"towns/t.toml": content})])
    line = line_of(content, "[[metrics]]", 1)
    assert sorted(texts(ds)) == [
        f'towns/t.toml:{line}: metrics[1].source: unknown source "nope"',
        f'towns/t.toml:{line}: metrics[1].unit: unknown unit "亿圆"',
    ]
    (town,) = ds.towns
    assert [m.value for m in town.metrics] == [120]  # the bad record is dropped


def test_a_metric_with_an_unknown_key_a_bad_qualifier_and_a_wrong_type_reports_all(
    make_data: MakeData,
) -> None:
    content = head() + (
        '\n[[metrics]]\nkey = "no_such"\nlabel = "x"\nvalue = "many"\nunit = "家"\n'
        'qualifier = "大约吧"\nsource = "a000-yunqi"\n'
        '\n[[metrics]]\nkey = "enterprises"\nlabel = "y"\nvalue = 3\nunit = "人"\n'
        'qualifier = "大约吧"\nsource = "nope"\n'
    )
    ds = load([make_data({"towns/t.toml": content})])
    fields = sorted(p.field or "" for p in ds.problems)
    assert fields == [
        "metrics[0].key",
        "metrics[0].qualifier",
        "metrics[0].value",
        "metrics[1].qualifier",
        "metrics[1].source",
        "metrics[1].unit",
    ]
    assert ds.towns[0].metrics == ()


def test_an_entity_with_a_bad_kind_an_unknown_town_and_source_reports_all(
    make_data: MakeData,
) -> None:
    content = head() + GOOD_ENTITY + BAD_ENTITY
    ds = load([make_data({"towns/t.toml": content})])
    line = line_of(content, "[[entities]]", 1)
    assert sorted(texts(ds)) == [
        f'towns/t.toml:{line}: entities[1].kind: unknown entity kind "spaceship" '
        "(known: company, institution, person, fund, work, platform, event, policy, place)",
        f'towns/t.toml:{line}: entities[1].sources: unknown source "nope"',
        f'towns/t.toml:{line}: entities[1].towns: unknown town "atlantis"',
    ]
    assert [e.id for e in ds.towns[0].entities] == ["own-co"]


def test_a_bad_area_reports_its_unit_and_its_source(make_data: MakeData) -> None:
    content = head(area='{ value = 3, unit = "亿圆", source = "nope" }')
    ds = load([make_data({"towns/t.toml": content})])
    assert sorted(texts(ds)) == [
        'towns/t.toml: town.area.source: unknown source "nope"',
        'towns/t.toml: town.area.unit: unknown unit "亿圆"',
    ]
    (town,) = ds.towns
    assert town.area is None


# an error in [town] -------------------------------------------------------------------


def test_town_errors_do_not_hide_the_records_problems(make_data: MakeData) -> None:
    """An unknown field and a wrong type in [town]: the town still loads without them."""
    content = (
        head(extra='colour = "red"\n', founded='"twenty"', district="'西湖区'")
        + GOOD_METRIC
        + BAD_METRIC
        + GOOD_ENTITY
        + BAD_ENTITY
        + GOOD_EVENT
        + BAD_EVENT
    )
    ds = load([make_data({"towns/t.toml": content})])
    got = texts(ds)
    m_line = line_of(content, "[[metrics]]", 1)
    n_line = line_of(content, "[[entities]]", 1)
    e_line = line_of(content, "[[events]]", 1)
    expected = [
        "towns/t.toml: town.colour: unknown field",
        'towns/t.toml: town.founded: expected an integer, got "twenty"',
        f'towns/t.toml:{m_line}: metrics[1].unit: unknown unit "亿圆"',
        f'towns/t.toml:{m_line}: metrics[1].source: unknown source "nope"',
        f'towns/t.toml:{n_line}: entities[1].kind: unknown entity kind "spaceship"',
        f'towns/t.toml:{n_line}: entities[1].towns: unknown town "atlantis"',
        f'towns/t.toml:{n_line}: entities[1].sources: unknown source "nope"',
        f'towns/t.toml:{e_line}: events[1].category: unknown category "party"',
        f'towns/t.toml:{e_line}: events[1].entities: unknown entity "ghost"',
    ]
    for want in expected:
        assert any(g.startswith(want) for g in got), (want, got)
    assert len(got) == len(expected), got
    # the valid rest loads: the town (without the bad field) and its valid records
    (town,) = ds.towns
    assert town.id == "t" and town.founded is None and town.district == "西湖区"
    assert [m.unit for m in town.metrics] == ["家"]
    assert [e.id for e in town.entities] == ["own-co"]
    assert [e.title for e in town.events] == ["好事件"]
    assert ds.entities["own-co"].town == "t"


@pytest.mark.parametrize(
    ("fields", "expect"),
    [
        ({"id": '"Not An Id"'}, "town.id: expected an id"),
        ({"name": ""}, "town.name: missing required field"),
        ({"summary_en": "42"}, "town.summary_en: expected a string, got integer"),
    ],
    ids=["bad-id", "missing-name", "wrong-type-summary"],
)
def test_an_unusable_town_header_still_reports_every_record_problem(
    make_data: MakeData, fields: dict[str, str], expect: str
) -> None:
    """Without a usable identity the records cannot attach, but their problems count."""
    content = (
        head(extra='colour = "red"\n', **fields)
        + GOOD_METRIC
        + BAD_METRIC
        + GOOD_ENTITY
        + BAD_ENTITY
        + GOOD_EVENT
        + BAD_EVENT
    )
    good = head("good") + GOOD_METRIC
    ds = load([make_data({"towns/t.toml": content, "towns/good.toml": good})])
    got = [g for g in texts(ds) if "towns/t.toml" in g]
    m_line = line_of(content, "[[metrics]]", 1)
    n_line = line_of(content, "[[entities]]", 1)
    e_line = line_of(content, "[[events]]", 1)
    expected = [
        f"towns/t.toml: {expect}",
        "towns/t.toml: town.colour: unknown field",
        f'towns/t.toml:{m_line}: metrics[1].unit: unknown unit "亿圆"',
        f'towns/t.toml:{m_line}: metrics[1].source: unknown source "nope"',
        f'towns/t.toml:{n_line}: entities[1].kind: unknown entity kind "spaceship"',
        f'towns/t.toml:{n_line}: entities[1].towns: unknown town "atlantis"',
        f'towns/t.toml:{n_line}: entities[1].sources: unknown source "nope"',
        f'towns/t.toml:{e_line}: events[1].category: unknown category "party"',
        f'towns/t.toml:{e_line}: events[1].entities: unknown entity "ghost"',
    ]
    for want in expected:
        assert any(g.startswith(want) for g in got), (want, got)
    # own-co is defined in the file, so events[0] and events[1] do not report it
    assert len(got) == len(expected), got
    assert [t.id for t in ds.towns] == ["good"]
    assert "own-co" not in ds.entities
    assert not [p for p in ds.problems if "good.toml" in p.path]


def test_a_town_that_is_not_a_table_still_reports_its_records(make_data: MakeData) -> None:
    content = 'town = "cloud"\n' + BAD_METRIC
    ds = load([make_data({"towns/t.toml": content})])
    fields = sorted(p.field or "" for p in ds.problems)
    assert fields == ["metrics[0].source", "metrics[0].unit", "town"]
    assert ds.towns == ()


def test_a_missing_town_table_still_reports_its_records(make_data: MakeData) -> None:
    ds = load([make_data({"towns/t.toml": BAD_EVENT})])
    fields = sorted(p.field or "" for p in ds.problems)
    assert fields == ["events[0].category", "events[0].entities", "events[0].entities", "town"]
    assert sum('unknown entity "own-co"' in str(p) for p in ds.problems) == 1  # not defined here


# the command line and the cache ---------------------------------------------------------


def _town_and_records(make_data: MakeData) -> Path:
    content = (
        head(extra='colour = "red"\n', founded='"twenty"')
        + GOOD_METRIC
        + BAD_METRIC
        + GOOD_ENTITY
        + BAD_ENTITY
        + GOOD_EVENT
        + BAD_EVENT
    )
    return make_data({"towns/t.toml": content, "towns/good.toml": head("good")})


def test_validate_prints_every_problem_and_exits_1(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _town_and_records(make_data)
    code, out = run_validate(root, capsys)
    assert code == 1
    for piece in (
        "town.colour: unknown field",
        'town.founded: expected an integer, got "twenty"',
        'metrics[1].unit: unknown unit "亿圆"',
        'metrics[1].source: unknown source "nope"',
        'entities[1].kind: unknown entity kind "spaceship"',
        'entities[1].towns: unknown town "atlantis"',
        'entities[1].sources: unknown source "nope"',
        'events[1].category: unknown category "party"',
        'events[1].entities: unknown entity "ghost"',
    ):
        assert piece in out, (piece, out)
    assert "2 towns in 1 folder: 9 errors, 0 warnings" in out


def test_validate_with_an_unusable_header_prints_the_records_problems(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    content = head(name="") + BAD_METRIC + BAD_EVENT
    root = make_data({"towns/t.toml": content, "towns/good.toml": head("good")})
    code, out = run_validate(root, capsys)
    assert code == 1
    for piece in (
        "town.name: missing required field",
        'metrics[0].unit: unknown unit "亿圆"',
        'metrics[0].source: unknown source "nope"',
        'events[0].category: unknown category "party"',
        'events[0].entities: unknown entity "ghost"',
        'events[0].entities: unknown entity "own-co"',
    ):
        assert piece in out, (piece, out)
    assert "1 town in 1 folder: 6 errors, 0 warnings" in out


def test_a_cached_load_reports_the_same_problems(make_data: MakeData, tmp_path: Path) -> None:
    root = _town_and_records(make_data)
    unusable = head("u", name="") + BAD_METRIC + GOOD_ENTITY + BAD_EVENT
    (root / "towns" / "u.toml").write_text(unusable, "utf-8")
    where = tmp_path / "cache"
    cold = load([root], cache=LoadCache(where))
    warm_cache = LoadCache(where)
    warm = load([root], cache=warm_cache)
    assert (warm_cache.hits, warm_cache.misses) == (3, 0)
    assert warm == cold
    assert len(cold.problems) == 9 + 5
    assert warm.problems == load([root]).problems  # and the same without a cache


def test_validate_from_a_warm_cache_prints_every_problem(
    make_data: MakeData,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("TOWNTUI_NO_CACHE")
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(tmp_path / "cache"))
    root = _town_and_records(make_data)
    cold = run_validate(root, capsys)
    # validate neither reads nor writes the cache (issue 16): a cache another command
    # filled changes nothing
    assert not (tmp_path / "cache").exists()
    load([root], cache=LoadCache.default())
    assert list((tmp_path / "cache").glob("load-*.json"))
    warm = run_validate(root, capsys)
    assert warm == cold
    assert warm[0] == 1 and 'metrics[1].source: unknown source "nope"' in warm[1]
    assert 'events[1].entities: unknown entity "ghost"' in warm[1]


def test_a_registry_metric_with_a_missing_field_and_an_unknown_unit_reports_both(
    make_data: MakeData,
) -> None:
    registry = (
        '[[metric]]\nkey = "enterprises"\nlabel = "企业"\nlabel_en = "Enterprises"\nunit = "家"\n'
        '\n[[metric]]\nkey = "revenue"\nlabel = "收入"\nunit = "亿圆"\n'
    )
    ds = load([make_data({"metrics.toml": registry, "towns/t.toml": head()})])
    assert sorted(texts(ds)) == [
        "metrics.toml:7: metric[1].label_en: missing required field (expected a string)",
        'metrics.toml:7: metric[1].unit: unknown unit "亿圆"',
    ]
    assert list(ds.registry) == ["enterprises"]


@pytest.mark.parametrize(
    ("body", "pieces"),
    [
        (
            GOOD_ENTITY + BAD_EVENT,
            [
                'events[0].category: unknown category "party"',
                'events[0].entities: unknown entity "ghost"',
            ],
        ),
        (
            BAD_METRIC,
            ['metrics[0].unit: unknown unit "亿圆"', 'metrics[0].source: unknown source "nope"'],
        ),
        (
            BAD_ENTITY,
            [
                'entities[0].kind: unknown entity kind "spaceship"',
                'entities[0].towns: unknown town "atlantis"',
                'entities[0].sources: unknown source "nope"',
            ],
        ),
    ],
    ids=["event", "metric", "entity"],
)
def test_validate_prints_every_problem_of_one_record(
    make_data: MakeData, capsys: pytest.CaptureFixture[str], body: str, pieces: list[str]
) -> None:
    root = make_data({"towns/t.toml": head() + body})
    code, out = run_validate(root, capsys)
    assert code == 1
    lines = [ln for ln in out.splitlines() if ln.startswith("towns/t.toml:")]
    assert len(lines) == len(pieces), out
    for piece in pieces:
        assert any(piece in ln for ln in lines), (piece, out)
    n = len(pieces)
    assert out.splitlines()[-1] == f"1 town in 1 folder: {n} errors, 0 warnings"
