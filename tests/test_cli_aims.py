"""Issue 15: ``towntui show`` lists a town's goals, rankings, slogans and programmes,
as text in both languages and in ``--json``; ``search`` finds them by kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.cli import CLI_FIXTURE, run_cli


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None) -> None:
    """The CLI environment of ``conftest.cli_env``."""


def test_show_text_has_a_table_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "cloud")
    assert code == 0, err
    assert out.index("Metrics (4)") < out.index("Goals (1)") < out.index("Rankings (2)")
    assert out.index("Slogans and programmes (2)") < out.index("Events (2)")
    assert "CNY 100bn (1000亿元)" in out
    assert "No. 1 (3 years running)" in out
    code, zh, err = run_cli(capsys, "--lang", "zh", "show", "cloud")
    assert code == 0, err
    assert "目标 (1)" in zh and "排名 (2)" in zh and "口号与计划 (2)" in zh
    assert "第1（连续3年）" in zh


def test_a_town_without_them_shows_no_empty_tables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "show", "dream")
    assert code == 0 and "Goals" not in out and "Rankings" not in out


def test_show_json_holds_them_with_every_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "show", "cloud", "--json")
    assert code == 0, err
    doc = json.loads(out)["town"]
    assert doc["goals"] == [
        {
            "id": "cloud-goal-first-tier",
            "text": "跻身云计算产业第一方阵",
            "text_en": "Join the first tier of the cloud industry",
            "by": 2030,
            "value": 1000,
            "unit": "亿元",
            "qualifier": None,
            "qualifier_en": None,
            "town": "cloud",
            "source": "f002-cloud",
            "note": "测试用目标。",
            "note_en": "A goal for tests.",
        }
    ]
    assert [r["rank"] for r in doc["rankings"]] == [1, None]
    assert [r["band"] for r in doc["rankings"]] == [None, "前列"]
    assert [s["kind"] for s in doc["slogans"]] == ["slogan", "programme"]
    assert set(doc["slogans"][0]) == {
        "id", "kind", "text", "text_en", "summary", "summary_en", "year", "town", "source",
        "note", "note_en",
    }  # fmt: skip
    code, empty, _ = run_cli(capsys, "show", "dream", "--json")
    assert json.loads(empty)["town"]["goals"] == []


def test_search_json_names_the_new_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "search", "kind:programme", "--json")
    assert code == 0, err
    hits = json.loads(out)["results"]
    assert [(h["kind"], h["id"]) for h in hits] == [("programme", "cloud-slogan2")]


def test_validate_names_file_line_and_field_of_a_bad_goal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(CLI_FIXTURE, data)
    town = data / "towns" / "cloud.toml"
    text = town.read_text("utf-8")
    bad = '\n[[goals]]\ntext = "目标"\ntext_en = "A goal"\nvalue = 5\nsource = "f002-cloud"\n'
    town.write_text(text + bad, "utf-8")
    line = len(text.splitlines()) + 2  # the [[goals]] header of the bad goal
    code, out, err = run_cli(capsys, "validate", str(data), data=None)
    assert code == 1
    assert f"cloud.toml:{line}: goals[1].unit: a target value needs its unit" in out + err
