"""Goals, rankings, slogans and programmes: loaded, checked, cached, written out and
searched like every other record of a town file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from towntui.core.cache import LoadCache
from towntui.core.export import dataset_tables, export_dataset
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.qualitative import (
    Ranking,
    place_text,
    ranking_text,
    rankings_side_by_side,
    same_ranking,
)
from towntui.core.records import town_detail
from towntui.core.search import SearchIndex

GOOD = """
[[goals]]
id = "yq-goal-first-tier"
text = "跻身国内空天信息产业第一方阵"
text_en = "Join the first tier of China's aerospace information industry"
source = "a000-yunqi"

[[goals]]
text = "吸引千亿级基金落地"
text_en = "Bring in funds of a hundred billion yuan"
by = 2030
value = 1000
unit = "亿元"
qualifier = "超"
source = "a000-yunqi"
note = "年份为测试所设。"
note_en = "A year set for the test."

[[rankings]]
key = "zj_digital_economy"
ranking = "数字经济发展综合评价"
ranking_en = "Digital economy development, overall evaluation"
among = "全省"
among_en = "in the province"
rank = 1
year = 2024
streak = 6
source = "a000-yunqi"

[[rankings]]
ranking = "投融资平台影响力"
ranking_en = "Influence of investment platforms"
among = "长三角"
among_en = "in the Yangtze River Delta"
band = "前列"
band_en = "among the leaders"
source = "a000-yunqi"

[[slogans]]
id = "yq-slogan-invest"
text = "投早、投小、投科技"
text_en = "Invest early, invest small, invest in technology"
kind = "slogan"
year = 2025
source = "a000-yunqi"

[[slogans]]
text = "科技蓝天"
text_en = "Blue Sky for Science"
kind = "programme"
summary = "面向未来信息技术的规划"
summary_en = "A plan aimed at the information technology of the future"
source = "a000-yunqi"
"""


def _data(tmp_path: Path, mini_dir: Path, extra: str) -> Path:
    root = tmp_path / "data"
    shutil.copytree(mini_dir, root)
    town = root / "towns" / "yunqi.toml"
    town.write_text(town.read_text("utf-8") + extra, encoding="utf-8")
    return root


@pytest.fixture
def ds(tmp_path: Path, mini_dir: Path) -> Dataset:
    return load([_data(tmp_path, mini_dir, GOOD)])


def _yunqi(ds: Dataset):  # type: ignore[no-untyped-def]
    town = ds.town("yunqi")
    assert town is not None
    return town


def test_goals_rankings_and_slogans_load(ds: Dataset) -> None:
    assert not ds.errors
    town = _yunqi(ds)
    assert [g.id for g in town.goals] == ["yq-goal-first-tier", "yunqi-goal2"]
    goal = town.goals[1]
    assert (goal.by, goal.value, goal.unit, goal.qualifier) == (2030, 1000, "亿元", "超")
    assert town.goals[0].value is None and town.goals[0].by is None
    first, second = town.rankings
    assert (first.rank, first.streak, first.key, first.band) == (1, 6, "zj_digital_economy", None)
    assert (second.rank, second.band, second.band_en) == (None, "前列", "among the leaders")
    assert [(s.id, s.kind) for s in town.slogans] == [
        ("yq-slogan-invest", "slogan"),
        ("yunqi-slogan2", "programme"),
    ]
    assert "a000-yunqi" in town.sources


BAD = """
[[goals]]
text = "目标"
text_en = "A goal"
value = 5
source = "a000-yunqi"
colour = "red"

[[rankings]]
ranking = "排名"
ranking_en = "A ranking"
among = "全省"
among_en = "in the province"
source = "a000-yunqi"

[[rankings]]
ranking = "排名"
ranking_en = "A ranking"
among = "全省"
among_en = "in the province"
rank = 0
band = "前列"
source = "a000-yunqi"

[[slogans]]
text = "口号"
text_en = "A slogan"
kind = "motto"
source = "no-such-source"

[[slogans]]
text = "好口号"
text_en = "A good slogan"
kind = "slogan"
source = "a000-yunqi"
"""


def test_every_problem_names_file_line_and_field_and_the_rest_loads(
    tmp_path: Path, mini_dir: Path
) -> None:
    ds = load([_data(tmp_path, mini_dir, BAD)])
    got = {(p.field, p.message) for p in ds.errors}
    fields = {f for f, _ in got}
    assert "goals[0].unit" in fields  # a value without its unit
    assert "goals[0].colour" in fields  # an unknown key
    assert "rankings[0].rank" in fields  # no place at all
    assert "rankings[1].rank" in fields  # rank 0 is out of range
    assert "rankings[1].band" in fields  # both a rank and a band
    assert "slogans[0].kind" in fields
    assert "slogans[0].source" in fields  # checked when linking, though dropped
    for p in ds.errors:
        assert p.path.endswith("yunqi.toml")
        assert p.line is not None
    text = (tmp_path / "data" / "towns" / "yunqi.toml").read_text("utf-8").splitlines()
    unknown = next(p for p in ds.errors if p.field == "goals[0].colour")
    assert text[unknown.line - 1] == "[[goals]]"  # type: ignore[operator]
    town = _yunqi(ds)
    assert not town.goals and not town.rankings
    assert [s.text for s in town.slogans] == ["好口号"]
    assert town.metrics  # the rest of the file still loads


def test_a_repeated_id_is_reported_and_left_out(tmp_path: Path, mini_dir: Path) -> None:
    twice = GOOD + GOOD.split("[[rankings]]")[0].split("[[goals]]", 2)[1].join(["[[goals]]", ""])
    ds = load([_data(tmp_path, mini_dir, twice)])
    assert [p.field for p in ds.errors] == ["goals[2].id"]
    assert "duplicate goal id" in ds.errors[0].message
    assert len(_yunqi(ds).goals) == 2


def test_they_survive_the_cache(tmp_path: Path, mini_dir: Path) -> None:
    root = _data(tmp_path, mini_dir, GOOD)
    cold = load([root], cache=LoadCache(tmp_path / "c.json"))
    warm_cache = LoadCache(tmp_path / "c.json")
    warm = load([root], cache=warm_cache)
    assert warm_cache.hits == 3
    assert warm == cold
    assert _yunqi(warm).rankings == _yunqi(cold).rankings


def test_show_json_and_exports_hold_them(ds: Dataset) -> None:
    detail = town_detail(ds, _yunqi(ds))
    goal = detail["goals"][1]
    assert goal["value"] == 1000 and goal["qualifier_en"] == "over" and goal["by"] == 2030
    assert detail["goals"][0]["value"] is None
    assert detail["rankings"][0]["rank"] == 1 and detail["rankings"][1]["band"] == "前列"
    assert detail["slogans"][0]["text_en"].startswith("Invest early")
    tables = dataset_tables(ds)
    header, rows = tables["rankings"]
    assert header[:3] == ["town", "id", "key"]
    assert [r[0] for r in rows] == ["yunqi", "yunqi"]
    assert len(tables["goals"][1]) == 2 and len(tables["slogans"][1]) == 2
    doc = json.loads(export_dataset(ds, "json"))
    yunqi = next(t for t in doc["towns"] if t["town"]["id"] == "yunqi")
    assert "value" not in yunqi["goals"][0]  # the data-file shape has no nulls
    assert yunqi["slogans"][1]["kind"] == "programme"


def test_an_exported_dataset_loads_back_the_same(ds: Dataset, tmp_path: Path) -> None:
    import tomli_w

    doc = json.loads(export_dataset(ds, "json"))
    back = tmp_path / "back"
    (back / "towns").mkdir(parents=True)
    (back / "sources.toml").write_text(tomli_w.dumps({"sources": doc["sources"]}), "utf-8")
    (back / "metrics.toml").write_text(tomli_w.dumps({"metric": doc["metric"]}), "utf-8")
    for t in doc["towns"]:
        (back / "towns" / f"{t['town']['id']}.toml").write_text(tomli_w.dumps(t), "utf-8")
    again = load([back])
    assert not again.errors
    town, before = _yunqi(again), _yunqi(ds)
    assert (town.goals, town.rankings, town.slogans) == (
        before.goals,
        before.rankings,
        before.slogans,
    )


@pytest.mark.parametrize(
    ("query", "kind", "hit_id"),
    [
        ("投早", "slogan", "yq-slogan-invest"),
        ("invest small", "slogan", "yq-slogan-invest"),
        ("touzao", "slogan", "yq-slogan-invest"),  # pinyin of 投早
        ("第一方阵", "goal", "yq-goal-first-tier"),
        ("first tier", "goal", "yq-goal-first-tier"),
        ("shuzijingji", "ranking", "yunqi-ranking1"),
        ("科技蓝天", "programme", "yunqi-slogan2"),
    ],
)
def test_search_finds_them_in_chinese_english_and_pinyin(
    ds: Dataset, query: str, kind: str, hit_id: str
) -> None:
    hits = SearchIndex(ds).search(query)
    assert (hits[0].kind, hits[0].id) == (kind, hit_id)
    assert hits[0].towns == ("yunqi",)


def test_the_kind_filter_names_them(ds: Dataset) -> None:
    index = SearchIndex(ds)
    assert {h.kind for h in index.search("kind:goal")} == {"goal"}
    assert {h.id for h in index.search("kind:口号")} == {"yq-slogan-invest"}
    assert {h.kind for h in index.search("kind:排名")} == {"ranking"}
    assert not index.search("kind:goal").problems


def _ranking(**kw: object) -> Ranking:
    base: dict[str, object] = {
        "id": "r",
        "ranking": "数字经济发展综合评价",
        "ranking_en": "Digital economy",
        "among": "全省",
        "among_en": "in the province",
        "source": "s",
        "town": "t",
        "rank": 1,
    }
    return Ranking(**{**base, **kw})  # type: ignore[arg-type]


def test_places_stand_side_by_side_only_in_the_same_ranking() -> None:
    a = _ranking(town="binjiang")
    b = _ranking(town="yunqi", rank=3)
    other = _ranking(ranking="制造业高质量发展综合指数", town="yunqi")
    elsewhere = _ranking(among="杭州", town="yunqi")
    keyed = _ranking(key="k", ranking="数字经济综合评价")
    assert same_ranking(a, b)
    assert not same_ranking(a, other) and not same_ranking(a, elsewhere)
    assert same_ranking(keyed, _ranking(key="k", ranking="another spelling"))
    groups = rankings_side_by_side([a, other, b, elsewhere])
    assert [[r.town for r in g] for _, g in groups] == [["binjiang", "yunqi"], ["yunqi"], ["yunqi"]]


def test_a_place_reads_in_both_languages() -> None:
    r = _ranking(streak=6)
    assert place_text("zh", r) == "第1（连续6年）"
    assert place_text("en", r) == "No. 1 (6 years running)"
    band = _ranking(rank=None, band="前列", band_en="among the leaders")
    assert ranking_text("en", band) == "Digital economy · in the province · among the leaders"
    assert ranking_text("zh", band) == "数字经济发展综合评价 · 全省 · 前列"
