"""The command line's output contract: JSON shapes, exit codes, streams, --ascii, widths."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.helpers.cli import Run, strings
from towntui.cli import render as cli_render
from towntui.cli import terminal as cli_terminal
from towntui.core.loader import load
from towntui.core.search import SearchIndex, parse_query

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "cli_data"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI environment of ``conftest.cli_env``, at a known terminal width."""
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdout is a terminal (rich tables)."""
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)


def _json(run: Run, *args: str, code: int = 0, **kwargs: Any) -> Any:
    got, out, err = run(*args, "--json", **kwargs)
    assert got == code, err
    return json.loads(out)


def _subprocess(
    *args: str, stdout: Any = subprocess.PIPE, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "TOWNTUI_NO_CACHE": "1"}
    environ.pop("TOWNTUI_DATA", None)
    return subprocess.run(
        [sys.executable, "-m", "towntui", "--no-bundled", "--data", str(FIXTURE), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=timeout,
    )


# item 3: a town's timeline shows all of its events ------------------------------------


def test_timeline_of_a_town_widens_the_default_range_to_its_events(run: Run) -> None:
    tl = _json(run, "timeline", "--town", "dream")
    assert [e["date"] for e in tl["events"]] == ["2005", "2015-03-28", "2019-11"]
    assert (tl["from"], tl["to"], tl["outside"]) == (2005, 2025, 0)
    assert tl["density"][0] == {"year": 2005, "count": 1}


def test_timeline_of_binjiang_in_the_bundled_data_has_its_founding(run: Run) -> None:
    tl = _json(run, "timeline", "--town", "binjiang", data=None)
    years = {e["year"] for e in tl["events"]}
    assert {1990, 2003} <= years and tl["outside"] == 0


def test_timeline_with_an_explicit_range_says_what_is_outside(run: Run) -> None:
    code, out, err = run("timeline", "--town", "dream", "--from", "2007", "--to", "2025")
    assert code == 0 and "早期规划" not in out
    assert "1 event outside 2007–2025" in err
    tl = _json(run, "timeline", "--town", "dream", "--from", "2010")
    assert (tl["from"], tl["to"], tl["outside"]) == (2010, 2025, 1)


# item 14: search output --------------------------------------------------------------


def test_search_says_how_many_of_the_total_it_shows(run: Run) -> None:
    everything = _json(run, "search", "云", "--limit", "100")
    total = everything["total"]
    assert total == everything["shown"] == len(everything["results"]) > 2
    code, _, err = run("search", "云", "--limit", "2")
    assert code == 0
    assert f"2 of {total} (use --limit)" in err
    result = _json(run, "search", "云", "--limit", "2")
    assert (result["shown"], result["total"], len(result["results"])) == (2, total, 2)
    code, _, err = run("search", "云", "--limit", "100")
    assert "use --limit" not in err


def test_core_search_knows_the_total_number_of_hits() -> None:
    index = SearchIndex(load([FIXTURE]))
    for query in ("云", "yun", "kind:company", "town:cloud", "zzzzqq", "yq"):
        every = index.search(query, limit=10_000)
        assert index.total(query) == len(every), query
    assert len(index.search("云", limit=2)) == 2 < index.total("云")


def test_search_table_has_the_id_and_the_records_name(run: Run) -> None:
    code, out, _ = run("search", "孵化")  # matches a tag and a role, not the name
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:3] == ["kind", "id", "name"]
    row = next(line for line in out.splitlines() if "dream-lab" in line)
    assert "梦想实验室" in row  # the name, whatever matched
    assert "孵化" in row  # and what matched
    result = _json(run, "search", "孵化")
    assert result["results"][0]["name"] == "梦想实验室"


@pytest.mark.parametrize(
    "query",
    ["kind:人物", "kind:person", "kind: person", "KIND: 人物", "kind:Person"],
)
def test_search_kind_accepts_the_apps_labels_and_a_space(run: Run, query: str) -> None:
    result = _json(run, "search", query)
    assert [h["id"] for h in result["results"]] == ["zhang-san"]
    assert result["query"] == query


def test_parse_query_reads_a_kind_after_a_space_and_by_label() -> None:
    assert parse_query("kind: company 云").kinds == {"company"}
    assert parse_query("kind: company 云").text == "云"
    assert parse_query("kind:企业").kinds == {"company"}
    assert parse_query("kind:小镇").kinds == {"town"}
    assert parse_query("kind:事件").kinds == {"event"}
    assert parse_query("kind:").kinds is None  # still typing
    assert parse_query("town: cloud x").towns == ("cloud",)


# item 15: exit codes and streams -----------------------------------------------------


def test_unknown_search_filters_are_usage_errors(run: Run) -> None:
    code, out, err = run("search", "kind:xyz 云")
    assert code == 2 and out == "" and 'unknown kind "xyz"' in err
    code, out, err = run("search", "town:nowhere 云", "--json")
    assert code == 2 and out == "" and 'no town matches "nowhere"' in err


def test_search_without_hits_exits_1(run: Run) -> None:
    code, out, err = run("search", "zzzzqqqq")
    assert code == 1 and out == "" and "no matches" in err
    result = _json(run, "search", "zzzzqqqq", code=1)
    assert result == {"query": "zzzzqqqq", "total": 0, "shown": 0, "results": []}


def test_compare_with_nothing_to_show_exits_1(run: Run) -> None:
    code, out, err = run("compare", "dream", "cloud", "--year", "2001")
    assert code == 1 and out == ""
    assert "no comparable figures for 2001; years with figures: 2019, 2020, 2023" in err


def test_compare_year_latest_is_the_default(run: Run) -> None:
    latest = _json(run, "compare", "dream", "cloud", "--year", "latest")
    assert latest == _json(run, "compare", "dream", "cloud")
    assert latest["year"] is None
    code, _, err = run("compare", "dream", "cloud", "--year", "soon")
    assert code == 2 and "latest" in err


def test_piped_footers_and_legends_go_to_stderr(run: Run) -> None:
    code, out, err = run("timeline")
    assert code == 0 and "events, 2005–2025" in err and "events," not in out
    assert out.splitlines()[0].split()[0] == "date"
    code, out, err = run("compare", "dream", "cloud", "--year", "2020")
    assert code == 0 and "figures for 2020" in err and "leads the row" in err
    assert out.splitlines()[0].split()[:2] == ["metric", "unit"]
    assert "leads the row" not in out and "figures for" not in out
    code, out, err = run("validate", str(FIXTURE), data=None)
    assert code == 0 and out == "" and "3 towns in 1 folder: no problems" in err


def test_footers_stay_on_stdout_on_a_terminal(run: Run, terminal: None) -> None:
    code, out, err = run("timeline")
    assert code == 0 and "events, 2005" in out and err == ""
    code, out, err = run("compare", "dream", "cloud", "--year", "2020")
    assert "figures for 2020" in out and "leads the row" in out and err == ""


def test_a_closed_pipe_ends_quietly_with_exit_0() -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written (like `| head -1`)
    try:
        result = _subprocess("show", "dream", stdout=write)
    finally:
        os.close(write)
    assert result.returncode == 0
    assert result.stderr == ""


# item 16: one JSON convention --------------------------------------------------------


def test_every_command_prints_one_json_object(run: Run) -> None:
    towns = _json(run, "towns")
    assert list(towns) == ["towns"] and [t["id"] for t in towns["towns"]] == [
        "art",
        "cloud",
        "dream",
    ]
    show = _json(run, "show", "dream")
    assert list(show) == ["town"] and show["town"]["id"] == "dream"
    search = _json(run, "search", "云")
    assert list(search) == ["query", "total", "shown", "results"]
    assert set(search["results"][0]) == {
        "kind", "id", "name", "label", "positions", "field", "score", "towns",
        "entity_kind", "context", "context_en",
    }  # fmt: skip
    tl = _json(run, "timeline")
    assert list(tl) == ["from", "to", "towns", "categories", "outside", "events", "density"]
    cmp = _json(run, "compare", "dream", "cloud")
    assert list(cmp) == ["mode", "year", "towns", "rows"]
    val = _json(run, "validate")
    assert "problems" in val and isinstance(val["problems"], list)


# item 17: bare towntui needs a terminal ----------------------------------------------


def test_bare_towntui_with_stdout_piped_refuses_to_start_the_app() -> None:
    result = _subprocess(timeout=30)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "needs a terminal" in result.stderr and "towntui --help" in result.stderr
    assert "\x1b" not in result.stderr


# item 19: Chinese names get the width first ------------------------------------------


def test_chinese_titles_are_not_cut_at_80_columns(
    run: Run, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("timeline", "--town", "binjiang", data=None)
    assert code == 0
    text = ANSI.sub("", out)
    assert "…" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    lines = text.splitlines()
    assert any("杭州高新区（滨江）" in line for line in lines)
    titles = [e["title"] for e in _json(run, "timeline", "--town", "binjiang", data=None)["events"]]
    for title in titles:  # at least the first 10 characters of every title on one line
        assert any(title[:10] in line for line in lines), title


def test_search_names_are_whole_at_80_columns(
    run: Run, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("search", "yq", data=None)
    text = ANSI.sub("", out)
    assert code == 0 and "…" not in text
    names = [h["name"] for h in _json(run, "search", "yq", data=None)["results"]]
    lines = text.splitlines()
    for name in names:
        if cell_len(name) <= 24:
            assert any(name in line for line in lines), name


# item 20: --ascii --------------------------------------------------------------------


def _without_data(text: str, data: list[str]) -> str:
    for s in data:
        text = text.replace(s, "")
    return text


ASCII_COMMANDS = [
    ["towns"],
    ["search", "云"],
    ["search", "yun"],
    ["timeline"],
    ["compare", "dream", "cloud", "art"],
    ["compare", "--all", "--series"],
    ["metrics"],
    ["validate"],
]


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("command", ASCII_COMMANDS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_ascii_draws_only_ascii_besides_the_data(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: list[str], tty: bool, where: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # nothing wraps, so data text stays whole
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: tty)
    exported = json.loads(run("export", "--format", "json")[1])
    data = sorted(
        {cli_render.safe(s) for s in strings(exported) if s} | {"梦想小镇 +1"},
        key=len,
        reverse=True,
    )
    args = ["--ascii", *command] if where == "before" else [*command, "--ascii"]
    code, out, err = run(*args)
    assert code == 0, err
    rest = _without_data(ANSI.sub("", out + err), data)
    assert rest.isascii(), sorted({c for c in rest if not c.isascii()})


def test_without_ascii_the_density_strip_uses_blocks(run: Run) -> None:
    _, _, err = run("timeline")
    assert re.search("[▁▂▃▄▅▆▇█]", err)
    _, _, err = run("timeline", "--ascii")
    assert not re.search("[▁▂▃▄▅▆▇█]", err) and "2005 " in err


def test_timeline_with_one_end_given_takes_the_other_from_the_default(run: Run) -> None:
    tl = _json(run, "timeline", "--to", "2015")
    assert (tl["from"], tl["to"], tl["outside"]) == (2005, 2015, 3)
    tl = _json(run, "timeline", "--from", "2030", code=1)  # nothing in 2030: exit 1
    assert (tl["from"], tl["to"], tl["events"]) == (2030, 2030, [])
    code, _, err = run("timeline", "--from", "2020", "--to", "2010")
    assert code == 2 and "after --to" in err


def test_kind_event_means_timeline_events_and_activity_the_event_entities() -> None:
    """``kind:事件``/``kind:event`` are timeline events; entities of kind ``event`` are
    activities (``kind:活动``/``kind:activity``), labelled apart (trial of issue 10)."""
    from towntui.core.loader import bundled_data_dir, load
    from towntui.core.model import ENTITY_KIND_LABELS
    from towntui.core.search import SearchIndex

    index = SearchIndex(load([bundled_data_dir()]))
    events = index.search("kind:事件", limit=500)
    assert events and {h.kind for h in events} == {"event"}
    assert index.total("kind:event") == len(events) == len(index.search("kind:event", limit=500))
    activities = index.search("kind:活动", limit=500)
    assert activities and {(h.kind, h.entity_kind) for h in activities} == {("entity", "event")}
    assert index.total("kind:activity") == len(activities)
    assert ENTITY_KIND_LABELS["event"][1] != "event"  # the app labels the two apart


def test_town_names_stay_on_one_line_at_80_columns(
    run: Run, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English column wraps further before a Chinese name breaks (trial: 紫金港科技城
    （云谷 / ） at 80 columns)."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("towns", data=None)
    text = ANSI.sub("", out)
    assert code == 0 and max(cell_len(line) for line in text.splitlines()) <= 80
    names = [t["name"] for t in _json(run, "towns", data=None)["towns"]]
    for name in names:
        assert any(name in line for line in text.splitlines()), name


def test_the_cli_and_the_app_draw_one_density_strip() -> None:
    """One scale for the strip: a year with no event is blank in both (the CLI drew
    ``▁``, which reads as one event), the levels are the same (trial defect 12)."""
    from towntui.cli.render import ASCII, UNICODE, sparkline
    from towntui.tui.render.glyphs import glyphs
    from towntui.tui.widgets.sparkline import spark_chars

    for counts in ([0, 1, 3], [5, 0, 0, 2, 19, 7], [0, 0], [1]):
        assert sparkline(counts, UNICODE.bars) == spark_chars(counts, glyphs(False))
        assert sparkline(counts, ASCII.bars) == spark_chars(counts, glyphs(True))
    assert sparkline([0, 4], UNICODE.bars) == " █"


def test_an_empty_search_is_a_usage_error(run: Run) -> None:
    code, out, err = run("search", "  ")
    assert code == 2 and out == "" and "empty" in err
