"""The ``towntui`` command line, on the CLI fixture folder and on the bundled data."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.helpers.cli import Run, fake_run_app
from towntui import __version__
from towntui.cli import terminal as cli_terminal

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "cli_data"
GOLDEN = REPO / "tests" / "golden"
ANSI = re.compile(r"\x1b\[")
FG_COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-7]|38|9[0-7])(?:;\d+)*m")


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None) -> None:
    """Every test here runs in the CLI environment of ``conftest.cli_env``."""


def _json(run: Run, *args: str, **kwargs: Any) -> Any:
    code, out, err = run(*args, "--json", **kwargs)
    assert code == 0, err
    return json.loads(out)


def _csv(run: Run, *args: str) -> list[dict[str, str]]:
    code, out, err = run(*args, "--csv")
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


# towns ------------------------------------------------------------------------------


def test_towns_plain_text_is_aligned_by_cell_width(run: Run) -> None:
    code, out, err = run("towns")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("id") and "name" in lines[0] and "English name" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["art", "cloud", "dream"]
    assert not ANSI.search(out)
    # the English names start in the same terminal column on every line, after CJK names
    english = ["Art Creation Town", "Cloud Town", "Dream Town"]
    starts = [cell_len(line[: line.index(en)]) for line, en in zip(lines[1:], english, strict=True)]
    assert len(set(starts)) == 1


def test_towns_json_and_csv(run: Run) -> None:
    towns = _json(run, "towns")["towns"]
    assert [t["id"] for t in towns] == ["art", "cloud", "dream"]
    dream = towns[2]
    assert dream["name"] == "梦想小镇" and dream["aliases"] == ["梦想", "Dreamtown"]
    assert dream["area"] == {
        "value": 3000,
        "unit": "亩",
        "year": 2020,
        "qualifier": None,
        "source": "f001-dream",
        "note": None,
        "note_en": None,
    }
    assert (dream["metrics"], dream["events"], dream["entities"]) == (4, 3, 2)
    assert set(towns[0]) == set(dream)  # every record has the same keys
    rows = _csv(run, "towns")
    assert [r["id"] for r in rows] == ["art", "cloud", "dream"]
    assert rows[0]["founded"] == "" and rows[2]["founded"] == "2015"


def test_json_keys_are_stable_whatever_the_data_holds(run: Run) -> None:
    towns = _json(run, "towns")["towns"]
    assert list(towns[0]) == list(towns[2]) == [
        "id", "name", "name_en", "aliases", "district", "district_en", "city", "kind",
        "kind_en", "founded", "area", "industries", "industries_en", "metrics", "events",
        "entities",
    ]  # fmt: skip
    events = _json(run, "timeline", "--from", "2000")["events"]
    assert all(list(e) == list(events[0]) for e in events)
    assert list(events[0]) == [
        "id", "date", "precision", "year", "title", "title_en", "category", "town", "towns",
        "entities", "summary", "summary_en", "source", "note", "note_en",
    ]  # fmt: skip
    cells = [c for r in _json(run, "compare", "dream", "cloud", "art")["rows"] for c in r["cells"]]
    assert {tuple(c) for c in cells} == {
        (
            "town",
            "value",
            "unit",
            "year",
            "qualifier",
            "bound",
            "scope",
            "as_written",
            "as_written_en",
            "source",
            "note",
            "note_en",
            "leader",
        )
    }


def test_json_is_utf8_not_escaped(run: Run) -> None:
    _, out, _ = run("towns", "--json")
    assert "梦想小镇" in out and "\\u68a6" not in out


def test_global_options_work_after_the_subcommand(run: Run) -> None:
    code, out, _ = run("towns", "--json", "--no-bundled", "--data", str(FIXTURE), data=None)
    assert code == 0
    assert [t["id"] for t in json.loads(out)["towns"]] == ["art", "cloud", "dream"]


def test_json_and_csv_together_is_a_usage_error(run: Run) -> None:
    code, out, err = run("towns", "--json", "--csv")
    assert code == 2 and out == "" and "--json and --csv" in err


def test_missing_data_folder_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, out, err = run("towns", data=tmp_path / "nope")
    assert code == 2 and out == ""
    assert "no such folder" in err


def test_version(run: Run) -> None:
    code, out, _ = run("--version", data=None)
    assert code == 0 and out.strip() == f"towntui {__version__}"


# show -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["dream", "梦想小镇", "Dream Town", "Dreamtown", "梦想", "dream twn"]
)
def test_show_accepts_id_names_aliases_and_close_matches(run: Run, name: str) -> None:
    assert _json(run, "show", name)["town"]["id"] == "dream"


def test_show_plain_has_every_section(run: Run) -> None:
    code, out, err = run("show", "dream")
    assert code == 0 and err == ""
    assert out.startswith("梦想小镇 (Dream Town)\n")
    for heading in ("Metrics (4)", "Events (3)", "Entities (2)", "Sources (1)"):
        assert f"\n{heading}\n" in out
    assert "余杭区 (Yuhang District)" in out
    assert "3,000 mu / 3000亩 (2020) [f001-dream]" in out  # in English and as written
    metric = next(line for line in out.splitlines() if line.startswith("入驻企业"))
    assert metric.split()[3:] == [
        "over", "2,400", "firms", "超2400家", "2023", "f001-dream", "enterprises",
    ]  # fmt: skip
    assert "institution (1)" in out and "person (1)" in out
    assert "2015-03-28" in out and "梦想小镇的十年（测试用）" in out


def test_show_data_text_is_literal_and_terminal_safe(run: Run) -> None:
    _, out, _ = run("show", "dream")
    assert "[bold red]孵化器[/]" in out  # markup in data is shown as written
    assert "\x1b" not in out and "␛[31m" in out  # ESC in data is made visible


def test_show_rich_on_a_terminal_never_parses_data_as_markup(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    code, out, _ = run("show", "dream")
    assert code == 0
    assert ANSI.search(out)  # styled
    assert "[bold red]孵化器[/]" in out
    assert "\x1b[31m must" not in out and "␛[31m" in out


def test_no_color_is_respected_on_a_terminal(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    _, out, _ = run("compare", "dream", "cloud")
    assert FG_COLOUR.search(out)  # the leader is green
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, _ = run("compare", "dream", "cloud")
    assert code == 0 and not FG_COLOUR.search(out)


def test_show_json(run: Run) -> None:
    town = _json(run, "show", "cloud")["town"]
    assert town["summary_en"] == "A cloud-computing town for tests."
    assert [m["value"] for m in town["metrics"]] == [1600, 7.67, 12000, 3]
    assert town["metrics"][2]["qualifier"] == "近"
    assert town["metrics"][2]["qualifier_en"] == "nearly"
    assert [e["date"] for e in town["events"]] == ["2013-10", "2023"]
    assert town["entities"][0]["kind"] == "company"
    assert town["sources"][0]["title_en"] == "Watching the cloud town (fixture)"


def test_unknown_town_exits_2_and_suggests_names(run: Run) -> None:
    code, out, err = run("show", "云计小镇x")
    assert code == 2 and out == ""
    assert "unknown town '云计小镇x'; did you mean:" in err
    assert "cloud (云端小镇)" in err


def test_csv_is_refused_where_output_is_not_tabular(run: Run) -> None:
    code, _, err = run("show", "dream", "--csv")
    assert code == 2 and "--csv" in err


# timeline ---------------------------------------------------------------------------


def test_timeline_default_range_and_density(run: Run) -> None:
    # 2007-2025 widened to every event shown (issue 10, item 3): the 2005 event is in
    tl = _json(run, "timeline")
    assert (tl["from"], tl["to"], tl["outside"]) == (2005, 2025, 0)
    assert [e["date"] for e in tl["events"]] == [
        "2005", "2013-10", "2015-03-28", "2016", "2019-11", "2023",
    ]  # fmt: skip
    assert [d["year"] for d in tl["density"]] == list(range(2005, 2026))
    assert {d["year"]: d["count"] for d in tl["density"]}[2015] == 1
    assert sum(d["count"] for d in tl["density"]) == 6


def test_timeline_filters(run: Run) -> None:
    tl = _json(run, "timeline", "--from", "2000", "--to", "2015")
    assert [e["date"] for e in tl["events"]] == ["2005", "2013-10", "2015-03-28"]
    tl = _json(run, "timeline", "--town", "云端")  # includes the joint event of another town
    assert [e["title_en"] for e in tl["events"]] == [
        "Cloud Town starts",
        "Joint roadshow with Cloud Town",
        "Cloud Conference",
    ]
    tl = _json(run, "timeline", "--category", "conference", "--category", "opening")
    assert [e["category"] for e in tl["events"]] == ["opening", "conference", "conference"]


def test_timeline_plain_and_csv(run: Run) -> None:
    code, out, err = run("timeline", "--town", "dream", "--from", "2007")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["date", "town", "category", "title", "English", "title"]
    assert lines[1].startswith("2015-03-28  梦想小镇")
    assert "梦想小镇 +1" in lines[2]  # involves a second town
    assert len(lines) == 3  # the footer goes to stderr when piped (issue 10, item 15)
    assert err.splitlines()[-1].startswith("2 events, 2007–2025: 2007 ")
    rows = _csv(run, "timeline")
    assert rows[4]["towns"] == "dream;cloud" and rows[2]["entities"] == "dream-lab"


def test_timeline_bad_arguments(run: Run) -> None:
    code, _, err = run("timeline", "--from", "2020", "--to", "2010")
    assert code == 2 and "after --to" in err
    code, _, err = run("timeline", "--category", "party")
    assert code == 2 and "invalid choice" in err
    code, _, err = run("timeline", "--town", "nowhere-at-all")
    assert code == 2 and "unknown town" in err


# compare ----------------------------------------------------------------------------


def test_compare_json_converts_units_marks_leaders_and_missing(run: Run) -> None:
    table = _json(run, "compare", "梦想", "Cloud Town", "art")
    assert [t["id"] for t in table["towns"]] == ["dream", "cloud", "art"]
    rows = {r["key"]: r for r in table["rows"]}
    area = rows["area"]["cells"]
    assert [c["value"] for c in area] == [2, 3.5, None]  # 3000 亩 = 2 平方公里; missing ≠ 0
    assert [c["leader"] for c in area] == [False, False, False]  # 2020 and undated
    assert rows["area"]["status"] == "years"
    vacancy = rows["vacancy_rate"]["cells"]  # lower is better
    assert [c["leader"] for c in vacancy] == [False, True, False]
    fiscal = rows["fiscal_revenue"]["cells"][1]
    assert (fiscal["value"], fiscal["year"], fiscal["as_written"]) == (1.2, 2023, "近12000万元")
    assert (fiscal["qualifier"], fiscal["as_written_en"]) == ("近", "nearly CNY 120m")
    assert rows["talents"]["cells"][0]["value"] == 21000


def test_compare_for_a_year(run: Run) -> None:
    table = _json(run, "compare", "dream", "cloud", "--year", "2019")
    assert table["year"] == 2019
    assert [r["key"] for r in table["rows"]] == ["fiscal_revenue"]
    assert table["rows"][0]["cells"][1]["value"] == 7.67


def test_compare_plain_and_csv(run: Run) -> None:
    _, out, _ = run("compare", "dream", "cloud")
    lines = out.splitlines()
    assert lines[0].split() == ["metric", "unit", "Dream", "Town", "Cloud", "Town"]
    area = next(line for line in lines if line.startswith("Area"))
    assert area.split() == ["Area", "km²", "2", "(2020)", "3.5", "years", "differ"]  # no *
    assert any(line.startswith("Fiscal revenue") and "—" in line for line in lines)
    rows = _csv(run, "compare", "dream", "cloud")
    assert rows[0]["key"] == "area" and rows[0]["dream"] == "2" and rows[0]["cloud"] == "3.5"


def test_compare_needs_two_different_towns(run: Run) -> None:
    code, _, err = run("compare", "dream", "梦想小镇")
    assert code == 2 and "at least two different towns" in err


def test_compare_with_no_figures_for_a_year_says_which_years_have_some(run: Run) -> None:
    code, _, err = run("compare", "dream", "cloud", "--year", "2001")
    assert code == 1  # nothing to show (issue 10, item 15)
    assert "no comparable figures for 2001; years with figures: 2019, 2020, 2023" in err


# validate ---------------------------------------------------------------------------


def test_validate_passes_on_the_fixture(run: Run) -> None:
    code, out, err = run("validate", str(FIXTURE), data=None)
    assert code == 0
    assert out == "" and err.strip() == "3 towns in 1 folder: no problems"  # a footer


def _broken(tmp_path: Path) -> Path:
    root = tmp_path / "broken"
    (root / "towns").mkdir(parents=True)
    for name in ("metrics.toml", "sources.toml"):
        (root / name).write_text((FIXTURE / name).read_text("utf-8"), "utf-8")
    (root / "towns" / "good.toml").write_text(
        (FIXTURE / "towns" / "art.toml").read_text("utf-8").replace('"art"', '"good"'), "utf-8"
    )
    (root / "towns" / "bad.toml").write_text('[town]\nid = "bad"\nname = = "x"\n', "utf-8")
    return root


def test_validate_reports_file_line_and_column_and_exits_1(run: Run, tmp_path: Path) -> None:
    root = _broken(tmp_path)
    code, out, err = run("--no-bundled", "validate", str(root), data=None)
    assert code == 1
    problem = next(line for line in out.splitlines() if "bad.toml" in line)
    assert re.search(r"bad\.toml:3:\d+: invalid TOML", problem)
    assert err.splitlines()[-1] == "1 town in 1 folder: 1 error, 0 warnings"
    code, out, _ = run("--no-bundled", "validate", str(root), "--json", data=None)
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["errors"] == 1
    assert report["problems"][0]["line"] == 3 and report["problems"][0]["path"].endswith("bad.toml")


def test_validate_without_dirs_checks_the_configured_folders(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("validate", data=_broken(tmp_path))
    assert code == 1 and "bad.toml:3:" in out


def test_validate_dir_uses_the_bundled_registry_and_reports_only_that_dir(
    run: Run, tmp_path: Path
) -> None:
    extra = tmp_path / "extra"
    (extra / "towns").mkdir(parents=True)
    (extra / "sources.toml").write_text(
        '[[sources]]\nid = "x-src"\ntitle = "测试"\nyear = 2024\n', "utf-8"
    )
    town = (
        '[town]\nid = "x-town"\nname = "测试小镇"\nname_en = "Test Town"\n'
        'summary = "测试。"\nsummary_en = "Test."\n\n'
        '[[metrics]]\nkey = "enterprises"\nlabel = "企业"\nvalue = 5\nunit = "家"\n'
        'source = "x-src"\n'
    )
    (extra / "towns" / "x.toml").write_text(town, "utf-8")
    code, out, err = run("validate", str(extra), data=None)
    assert (code, out, err) == (0, "", "1 town in 1 folder: no problems\n")
    (extra / "towns" / "x.toml").write_text(town.replace("enterprises", "enterprizes"), "utf-8")
    code, out, _ = run("validate", str(extra), data=None)
    assert code == 1
    assert 'x.toml:8: metrics[0].key: unknown metric key "enterprizes"' in out


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["towns"], "艺创小镇"),
        (["show", "cloud"], "云端科技 (Cloud Tech)"),
        (["timeline"], "2013-10"),
        (["compare", "dream", "cloud", "art"], "Creation"),  # (its English name)
        (["validate"], "3 towns in 1 folder: no problems"),
        (["search", "云端"], "云端小镇"),
    ],
)
def test_every_command_draws_rich_tables_on_a_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: list[str], expected: str
) -> None:
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    code, out, err = run(*command)
    assert code == 0 and err == ""
    assert ANSI.search(out) and expected in out


def test_other_commands_summarise_data_problems_on_stderr(run: Run, tmp_path: Path) -> None:
    code, out, err = run("towns", "--json", data=_broken(tmp_path))
    assert code == 0
    assert [t["id"] for t in json.loads(out)["towns"]] == ["good"]  # valid towns still load
    assert err.strip() == "towntui: 1 problem in data; run `towntui validate`"


# export -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["toml", "json"])  # CSV tables: tests/test_export_cli.py
def test_export_matches_golden_files(run: Run, fmt: str) -> None:
    code, out, err = run("export", "--format", fmt)
    assert code == 0 and err == ""
    golden = GOLDEN / f"cli_export.{fmt}"
    if os.environ.get("TOWNTUI_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
    assert "\x1b" not in out


def test_toml_export_reads_back_equal_to_the_json_export(run: Run) -> None:
    _, toml_text, _ = run("export")
    _, json_text, _ = run("export", "--format", "json")
    data = tomllib.loads(toml_text)
    assert data == json.loads(json_text)
    note = next(e for t in data["towns"] for e in t.get("entities", []) if e["id"] == "zhang-san")
    assert note["note"].startswith("Escape test: \x1b[31m")  # exact, though escaped in text
    assert [t["town"]["id"] for t in data["towns"]] == ["art", "cloud", "dream"]


def test_export_to_a_file_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "out" / "towns.json"
    code, out, err = run("export", "--format", "json", "-o", str(target), "--parents")
    assert code == 0 and out == ""
    assert "wrote 3 towns" in err
    first = target.read_text("utf-8")
    assert json.loads(first)["towns"][0]["town"]["id"] == "art"
    target.write_text("keep me", "utf-8")
    code, _, err = run("export", "-o", str(target))
    assert code == 1 and "exists; use --force" in err
    assert target.read_text("utf-8") == "keep me"
    code, _, _ = run("export", "--format", "json", "-o", str(target), "--force")
    assert code == 0 and target.read_text("utf-8") == first


# search -----------------------------------------------------------------------------


def test_search_json_plain_and_csv(run: Run) -> None:
    hits = _json(run, "search", "云端")["results"]
    assert hits and hits[0]["id"] == "cloud" and hits[0]["kind"] == "town"
    assert {"kind", "id", "label", "positions", "field", "score", "towns", "context"} <= set(
        hits[0]
    )
    code, out, err = run("search", "云端", "--limit", "1")
    assert code == 0 and len(out.splitlines()) == 2 and "1 of " in err
    rows = _csv(run, "search", "kind:company 云")
    assert rows and all(r["entity_kind"] == "company" for r in rows)
    code, _, err = run("search", "x", "--limit", "0")
    assert code == 2 and "at least 1" in err


def test_search_with_no_matches_says_so_on_stderr(run: Run) -> None:
    # nothing found exits 1 (issue 10, item 15)
    code, out, err = run("search", "zzzzqqqq", "--json")
    assert code == 1 and json.loads(out)["results"] == [] and "no matches" in err
    code, out, err = run("search", "zzzzqqqq")
    assert code == 1 and "no matches" in err


def test_search_says_which_filter_matches_nothing(run: Run) -> None:
    # a usage error now (issue 10, item 15)
    code, out, err = run("search", "town:nowhere 云", "--json")
    assert code == 2 and out == ""
    assert 'no town matches "nowhere"' in err
    code, out, err = run("search", "kind:xyz 云")
    assert code == 2 and 'unknown kind "xyz"' in err


# the app and Textual ----------------------------------------------------------------


def test_no_command_opens_the_app_with_the_options(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = fake_run_app(monkeypatch)
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)  # the app needs one
    code, _, _ = run("--theme", "light", "--no-mouse", "--ascii", "--lang", "en")
    assert code == 0
    assert seen == {
        "dirs": [FIXTURE],
        "theme": "light",
        "mouse": False,
        "ascii": True,
        "lang": "en",
    }


NO_TEXTUAL = """
import sys
from towntui.cli import main
args = ["--no-bundled", "--data", sys.argv[1]]
commands = [["towns"], ["show", "dream"], ["timeline"], ["compare", "dream", "cloud"],
            ["validate"], ["export"], ["search", "yun"]]
for command in commands:
    assert main([*args, *command]) == 0, command
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not bad, bad
"""


def _subprocess(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "TOWNTUI_NO_CACHE": "1", **env}
    environ.pop("TOWNTUI_DATA", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, encoding="utf-8", env=environ
    )


def test_subcommands_never_import_textual() -> None:
    result = _subprocess("-c", NO_TEXTUAL, str(FIXTURE))
    assert result.returncode == 0, result.stderr


def test_core_modules_never_import_textual() -> None:
    code = (
        "import sys, towntui.cli, towntui.core.loader, towntui.core.compare, "
        "towntui.core.timeline, towntui.core.export, towntui.core.resolve, "
        "towntui.core.search; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual']"
    )
    result = _subprocess("-c", code)
    assert result.returncode == 0, result.stderr


def test_piped_output_in_a_real_process_is_plain(tmp_path: Path) -> None:
    args = ["-m", "towntui", "--no-bundled", "--data", str(FIXTURE)]
    result = _subprocess(*args, "compare", "dream", "cloud", FORCE_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert not ANSI.search(result.stdout)
    header = ["metric", "unit", "Dream", "Town", "Cloud", "Town"]  # English names in English
    assert result.stdout.splitlines()[0].split() == header
    result = _subprocess(*args, "show", "nowhere-at-all")
    assert result.returncode == 2 and result.stdout == ""
    assert "unknown town 'nowhere-at-all'" in result.stderr


# the bundled data -------------------------------------------------------------------


def test_bundled_data_validates_and_every_town_shows(run: Run) -> None:
    code, out, _ = run("validate", data=None)
    assert code == 0, out
    towns = _json(run, "towns", data=None)["towns"]
    assert towns
    for town in towns:
        for name in (town["id"], town["name"], town["name_en"]):
            assert _json(run, "show", name, data=None)["town"]["id"] == town["id"]


def test_bundled_data_compares_and_exports(run: Run) -> None:
    ids = [t["id"] for t in json.loads(run("towns", "--json", data=None)[1])["towns"]]
    if len(ids) >= 2:
        table = _json(run, "compare", *ids, data=None)
        assert [t["id"] for t in table["towns"]] == ids
    code, out, _ = run("export", data=None)
    assert code == 0
    assert [t["town"]["id"] for t in tomllib.loads(out)["towns"]] == ids
    code, out, _ = run("timeline", "--json", data=None)
    assert code == 0 and json.loads(out)["events"]
