"""Issue 10, items 12, 13 and 18: town arguments read like the app's pickers, entities
and events on the command line, and names shown once when both spellings are the same."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.cli import Run, run_cli
from towntui.core.loader import bundled_data_dir, load
from towntui.core.model import Dataset, both_names, other_name, same_name
from towntui.core.resolve import (
    EntityNotFound,
    EventNotFound,
    TownNotFound,
    rank_towns,
    resolve_entity,
    resolve_event,
    resolve_town,
)


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None) -> None:
    """Every test here runs in the CLI environment of ``conftest.cli_env``."""


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("show", "yq")`` on the bundled data (or ``data=DIR`` alone)."""

    def go(*args: str, data: Path | None = None) -> tuple[int, str, str]:
        return run_cli(capsys, *args, data=data)

    return go


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load([bundled_data_dir()])


def _town(town_id: str, name: str, name_en: str, aliases: tuple[str, ...] = ()) -> str:
    return (
        f'[town]\nid = "{town_id}"\nname = "{name}"\nname_en = "{name_en}"\n'
        f"aliases = {json.dumps(list(aliases), ensure_ascii=False)}\n"
        'summary = "简介。"\nsummary_en = "A summary."\n'
    )


# ---------------------------------------------------------------- 12: town arguments


@pytest.mark.parametrize(
    ("typed", "town_id"),
    [
        ("yq", "yunqi"),  # initials
        ("yhs", "yuhuangshan"),
        ("qtzhc", "qiantang"),  # 钱塘智慧城 by initials
        ("yunxi", "yunqi"),  # 栖 read xi
        ("yun栖", "yunqi"),  # mixed
        ("qiantang", "qiantang"),
        ("云栖", "yunqi"),
        ("Yunqi Town", "yunqi"),
    ],
)
def test_core_resolver_reads_pinyin_initials_and_aliases(
    ds: Dataset, typed: str, town_id: str
) -> None:
    assert resolve_town(ds, typed).id == town_id


def test_show_accepts_pinyin_initials(run: Run) -> None:
    code, out, err = run("show", "yhs")
    assert code == 0, err
    assert out.splitlines()[0].startswith("玉皇山南基金小镇")
    code, out, err = run("show", "yq", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert (record.get("town") or record)["id"] == "yunqi"


def test_timeline_and_compare_accept_initials(run: Run) -> None:
    code, out, err = run("timeline", "--town", "yq", "--json")
    assert code == 0, err
    assert json.loads(out)["towns"] == ["yunqi"]
    code, out, err = run("compare", "yq", "yhs", "--json")
    assert code == 0, err
    assert [t["id"] for t in json.loads(out)["towns"]] == ["yunqi", "yuhuangshan"]


def test_ambiguous_initials_exit_2_listing_both_towns(
    run: Run, make_data: Callable[..., Path]
) -> None:
    data = make_data(
        {
            "towns/a.toml": _town("cloud-a", "云栖小镇", "Yunqi Town"),
            "towns/b.toml": _town("spring-b", "银泉小镇", "Yinquan Town"),
        }
    )
    code, out, err = run("show", "yq", data=data)
    assert code == 2 and out == ""
    assert "ambiguous" in err and "cloud-a" in err and "spring-b" in err
    # the same list for every command that takes a town
    code, _, err2 = run("timeline", "--town", "yq", data=data)
    assert code == 2 and "cloud-a" in err2 and "spring-b" in err2


def test_exact_id_or_name_wins_over_pinyin(run: Run, make_data: Callable[..., Path]) -> None:
    data = make_data(
        {
            "towns/a.toml": _town("cloud-a", "云栖小镇", "Yunqi Town"),
            "towns/b.toml": _town("yq", "银泉小镇", "Yinquan Town"),
            "towns/c.toml": _town("cloud-c", "云泉", "Yunquan"),
            "towns/d.toml": _town("cloud-d", "云泉小镇", "Yunquan Town", ("云泉",)),
        }
    )
    code, out, err = run("show", "yq", "--json", data=data)
    assert code == 0, err
    assert (json.loads(out).get("town") or json.loads(out))["id"] == "yq"
    code, out, err = run("show", "云泉", "--json", data=data)
    assert code == 0, err
    assert (json.loads(out).get("town") or json.loads(out))["id"] == "cloud-c"


def test_pickers_rank_with_the_core_ranking(ds: Dataset) -> None:
    from towntui.tui.dialogs import pickers

    assert pickers.rank_towns is rank_towns
    assert rank_towns(ds.towns, "yq")[0].id == "yunqi"


def test_unknown_town_still_suggests_close_names(run: Run) -> None:
    code, out, err = run("show", "yunki")
    assert code == 2 and out == ""
    assert "did you mean" in err and "yunqi" in err


# ---------------------------------------------------------------- 13: entities and events


@pytest.mark.parametrize("typed", ["王坚", "wang-jian", "Wang Jian", "wangjian"])
def test_core_resolves_entities_like_towns(ds: Dataset, typed: str) -> None:
    assert resolve_entity(ds, typed).id == "wang-jian"


def test_unknown_entity_and_event_suggest_close_ones(ds: Dataset) -> None:
    with pytest.raises(EntityNotFound, match="did you mean") as info:
        resolve_entity(ds, "alibaba-clod")
    assert any(s.startswith("alibaba-cloud") for s in info.value.suggestions)
    assert resolve_event(ds, "yunqi-2015-innovation-ranch").id == "yunqi-2015-innovation-ranch"
    with pytest.raises(EventNotFound, match="did you mean") as info2:
        resolve_event(ds, "yunqi-2015-inovation-ranch")
    assert info2.value.suggestions[0].startswith("yunqi-2015-innovation-ranch")
    assert not issubclass(EntityNotFound, TownNotFound)


def test_entity_command_shows_towns_events_metrics_and_sources(run: Run) -> None:
    code, out, err = run("entity", "王坚")
    assert code == 0, err
    assert out.splitlines()[0].startswith("王坚 (Wang Jian)")
    assert "wang-jian" in out and "person" in out
    assert "云栖小镇" in out
    lines = (out + err).splitlines()  # headings may go to stderr when piped
    for heading in ("Towns", "Events", "Sources"):
        assert any(line.startswith(heading) for line in lines), heading


def test_entity_json_is_one_object_under_entity(run: Run) -> None:
    code, out, err = run("entity", "alibaba-cloud", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert list(record) == ["entity"]
    ent = record["entity"]
    assert (ent["id"], ent["name"], ent["name_en"], ent["kind"]) == (
        "alibaba-cloud",
        "阿里云",
        "Alibaba Cloud",
        "company",
    )
    assert ent["town"] == "yunqi"
    assert ent["events"] and all("date" in e for e in ent["events"])
    assert isinstance(ent["metrics"], list)
    assert ent["sources"] and all("title" in s for s in ent["sources"])


def test_entity_unknown_exits_2_with_suggestions(run: Run) -> None:
    code, out, err = run("entity", "alibaba-clod")
    assert code == 2 and out == ""
    assert "unknown entity" in err and "alibaba-cloud" in err


def test_event_command_text_and_json(run: Run) -> None:
    code, out, err = run("event", "yunqi-2015-innovation-ranch")
    assert code == 0, err
    assert "2015" in out and "云栖小镇" in out and "a002-yunqi-case" in out
    assert "Source" in out + err
    code, out, err = run("event", "yunqi-2015-innovation-ranch", "--json")
    assert code == 0, err
    record = json.loads(out)
    assert list(record) == ["event"]
    ev = record["event"]
    assert ev["id"] == "yunqi-2015-innovation-ranch" and ev["town"] == "yunqi"
    assert ev["sources"] and ev["sources"][0]["id"] == ev["source"]


def test_event_unknown_exits_2_with_close_ids(run: Run) -> None:
    code, out, err = run("event", "yunqi-2015-inovation-ranch")
    assert code == 2 and out == ""
    assert "unknown event" in err and "yunqi-2015-innovation-ranch" in err


@pytest.mark.parametrize("typed", ["王坚", "alibaba-cloud"])
def test_show_resolves_an_entity_it_names(run: Run, typed: str) -> None:
    code, out, err = run("show", typed)
    assert code == 0, err
    code2, same, _ = run("entity", typed)
    assert code2 == 0 and out == same


def test_show_json_of_an_entity_says_what_it_is(run: Run) -> None:
    code, out, err = run("show", "alibaba-cloud", "--json")
    assert code == 0, err
    assert list(json.loads(out)) == ["entity"]


def test_show_resolves_an_event_id(run: Run) -> None:
    code, out, err = run("show", "yunqi-2015-innovation-ranch", "--json")
    assert code == 0, err
    assert json.loads(out)["event"]["id"] == "yunqi-2015-innovation-ranch"


def test_show_unknown_mentions_entities_and_events(run: Run) -> None:
    code, out, err = run("show", "nothing-like-this-at-all")
    assert code == 2 and out == ""
    assert "unknown town" in err and "towntui entity" in err


# ---------------------------------------------------------------- 18: names once


@pytest.mark.parametrize(
    ("name", "name_en", "both"),
    [
        ("Intel", "Intel", "Intel"),
        ("Intel", " intel ", "Intel"),
        ("Brian  Krzanich", "brian krzanich", "Brian  Krzanich"),
        ("阿里云", "Alibaba Cloud", "阿里云 (Alibaba Cloud)"),
        ("阿里云", None, "阿里云"),
        ("阿里云", "", "阿里云"),
    ],
)
def test_both_names_shows_a_name_once_when_the_two_are_the_same(
    name: str, name_en: str | None, both: str
) -> None:
    assert both_names(name, name_en) == both
    assert (other_name(name, name_en) is None) == (both == name)
    assert same_name(name, name) and not same_name("阿里云", "Alibaba Cloud")


def test_model_display_names_use_both_names(ds: Dataset) -> None:
    assert ds.entities["intel"].display_name == "Intel"
    assert ds.entities["alibaba-cloud"].display_name == "阿里云 (Alibaba Cloud)"
    yunqi = ds.town("yunqi")
    assert yunqi is not None and yunqi.display_name == "云栖小镇 (Yunqi Town)"


def test_cli_never_doubles_a_name(run: Run) -> None:
    code, out, err = run("show", "yunqi")
    assert code == 0, err
    assert "Intel (Intel)" not in out and "Brian Krzanich (Brian Krzanich)" not in out
    assert "Intel" in out
    code, out, err = run("entity", "intel")
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.count("Intel") == 1, first


# ---------------------------------------------------------------- hostile text


@pytest.mark.parametrize("mode", ["plain", "rich"])
def test_entity_and_event_print_hostile_text_safely(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    from hostile_data import HOSTILE, RAW_CONTROLS, write_hostile

    from towntui.cli import terminal as cli_terminal

    if mode == "rich":
        monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    data = write_hostile(tmp_path / "hostile")
    for i in range(len(HOSTILE)):
        for args in (
            ["entity", f"h{i:02d}-co"],
            ["event", f"h{i:02d}-ev"],
            ["show", f"h{i:02d}-co"],
        ):
            code, out, err = run(*args, data=data)
            assert code == 0, err
            text = re.sub(r"\x1b\[[0-9;]*m", "", out) if mode == "rich" else out
            for ch in RAW_CONTROLS:
                assert ch not in text + err, (args, ch)
            if mode == "plain":
                record = json.loads(run(*args, "--json", data=data)[1])
                assert set(record) <= {"entity", "event"}


SAME_TOWN = """
[town]
id = "same"
name = "Same Park"
name_en = "same  park"
summary = "简介。"
summary_en = "A summary."

[[events]]
id = "same-launch"
date = "2020"
title = "Launch Day"
title_en = "launch day"
category = "launch"
source = "a000-yunqi"
"""


def test_cli_tables_show_a_same_english_name_once(run: Run, make_data: Callable[..., Path]) -> None:
    data = make_data({"towns/same.toml": SAME_TOWN})
    code, out, err = run("towns", data=data)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("same "))
    assert row.casefold().count("same park") + row.casefold().count("same  park") == 1, row
    code, out, err = run("timeline", data=data)
    assert code == 0, err
    row = next(line for line in out.splitlines() if "Launch Day" in line)
    assert row.casefold().count("launch day") == 1, row
    code, out, err = run("show", "same", data=data)
    assert code == 0, err
    assert out.splitlines()[0] == "Same Park"
    assert out.casefold().count("launch day") == 1
    # the machine formats keep both fields as written
    code, out, err = run("towns", "--csv", data=data)
    assert code == 0 and "same  park" in out
