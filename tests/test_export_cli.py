"""``towntui export`` and every CSV the project writes (issue 10, items 7-11).

7: the format follows the file name; 8: a missing folder is refused unless asked for;
9: CSV exports every table of the dataset; 10: ``--json`` is refused by ``export``;
11: CSV cells a spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.helpers import listing
from tests.helpers.cli import run_cli
from towntui.cli import main
from towntui.cli import render as cli_render
from towntui.core.compare import compare
from towntui.core.export import export_compare
from towntui.core.loader import load

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "cli_data"
GOLDEN = REPO / "tests" / "golden" / "cli_export_csv"
#: the tables of ``export --format csv`` (``towntui.core.export.DATASET_TABLES``)
DATASET_TABLES = (
    "towns",
    "metrics",
    "events",
    "entities",
    "goals",
    "rankings",
    "slogans",
    "sources",
    "registry",
)


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None) -> None:
    """Every test here runs in the CLI environment of ``conftest.cli_env``."""


def run(
    capsys: pytest.CaptureFixture[str], *args: str, data: Path = FIXTURE
) -> tuple[int, str, str]:
    return run_cli(capsys, *args, data=data)


# ------------------------------------------------------- 7: the format follows the name


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("out.json", lambda text: json.loads(text)["towns"]),
        ("out.toml", lambda text: tomllib.loads(text)["towns"]),
        ("OUT.JSON", lambda text: json.loads(text)["towns"]),
    ],
)
def test_the_format_follows_the_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, check: object
) -> None:
    target = tmp_path / name
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert callable(check) and check(target.read_text("utf-8"))


def test_a_csv_name_writes_csv_never_toml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "towns.csv"
    code, _, err = run(capsys, "export", "--table", "towns", "-o", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert [r["id"] for r in rows] == ["art", "cloud", "dream"]


def test_a_csv_name_for_the_whole_dataset_says_what_to_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 2 and out == ""
    assert "several tables" in err and "--table" in err and ".zip" in err
    assert listing(tmp_path) == []


@pytest.mark.parametrize(
    ("fmt", "name"), [("json", "out.csv"), ("csv", "out.toml"), ("toml", "out.json")]
)
def test_an_extension_that_disagrees_with_format_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, name: str
) -> None:
    code, out, err = run(capsys, "export", "--format", fmt, "-o", str(tmp_path / name))
    assert code == 2 and out == ""
    ext = name.rsplit(".", 1)[1]
    assert f".{ext}" in err and fmt.upper() in err
    assert "Traceback" not in err
    assert listing(tmp_path) == []


@pytest.mark.parametrize("name", ["out.txt", "out"])
def test_an_unknown_extension_without_format_is_refused_naming_the_formats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    code, out, err = run(capsys, "export", "-o", str(tmp_path / name))
    assert code == 2 and out == ""
    assert ".toml" in err and ".json" in err and ".csv" in err
    assert listing(tmp_path) == []


def test_an_unknown_extension_with_a_format_is_written_in_that_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "towns.txt"
    code, _, err = run(capsys, "export", "--format", "json", "-o", str(target))
    assert code == 0, err
    assert json.loads(target.read_text("utf-8"))["towns"]


def test_the_rule_lives_in_core() -> None:
    from towntui.core.export import ExportError, export_target

    assert export_target("a.csv", None).fmt == "csv"
    assert export_target("a.JSON", None).fmt == "json"
    assert export_target("a.toml", "toml").fmt == "toml"
    with pytest.raises(ExportError, match="CSV"):
        export_target("a.json", "csv")
    with pytest.raises(ExportError, match=r"\.toml, \.json"):
        export_target("a.xlsx", None)
    several = export_target("out/", None, several=True)
    assert (several.fmt, several.layout) == ("csv", "folder")
    assert export_target("out.zip", None, several=True).layout == "zip"
    with pytest.raises(ExportError):
        export_target("out.zip", None)  # a compare table is one table: no zip


# --------------------------------------------------------------- 8: a missing folder


def test_a_missing_folder_is_refused_and_nothing_is_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "x.toml"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 2 and out == ""
    assert str(tmp_path / "no" / "such") in err and "--parents" in err
    assert listing(tmp_path) == []


def test_parents_creates_the_missing_folders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "x.toml"
    code, _, err = run(capsys, "export", "-o", str(target), "--parents")
    assert code == 0, err
    assert tomllib.loads(target.read_text("utf-8"))["towns"]
    assert listing(target.parent) == ["x.toml"]


def test_a_csv_folder_in_a_missing_folder_is_refused_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "-o", str(tmp_path / "no" / "out") + "/")
    assert code == 2 and str(tmp_path / "no") in err
    assert listing(tmp_path) == []


# --------------------------------------------------------------- 9: CSV is every table


def test_csv_to_a_folder_writes_one_file_per_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    code, out, err = run(capsys, "export", "--format", "csv", "-o", str(folder))
    assert code == 0, err
    assert out == ""
    names = [f"{t}.csv" for t in DATASET_TABLES]
    assert listing(folder) == sorted(names)
    assert listing(tmp_path) == ["csv"]  # no temporary folder left behind
    for name in names:
        assert name in err  # the message says what it wrote
        text = (folder / name).read_text("utf-8")
        golden = GOLDEN / name
        if os.environ.get("TOWNTUI_UPDATE_GOLDEN"):
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text("utf-8"), name


def test_the_csv_tables_hold_what_the_toml_export_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = tomllib.loads(run(capsys, "export")[1])
    tables = {}
    for table in DATASET_TABLES:
        code, out, err = run(capsys, "export", "--format", "csv", "--table", table)
        assert code == 0, err
        tables[table] = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in tables["towns"]] == [t["town"]["id"] for t in doc["towns"]]
    for key in ("metrics", "events", "entities", "goals", "rankings", "slogans"):
        assert len(tables[key]) == sum(len(t.get(key, [])) for t in doc["towns"]), key
    assert [r["id"] for r in tables["events"]] == [
        e["id"] for t in doc["towns"] for e in t.get("events", [])
    ]
    assert [r["id"] for r in tables["sources"]] == [s["id"] for s in doc["sources"]]
    assert [r["key"] for r in tables["registry"]] == [m["key"] for m in doc["metric"]]


def test_csv_to_a_zip_holds_the_same_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert code == 0, err
    target = tmp_path / "data.zip"
    code, out, err = run(capsys, "export", "-o", str(target))
    assert code == 0 and out == "", err
    with zipfile.ZipFile(target) as z:
        assert sorted(z.namelist()) == sorted(f"{t}.csv" for t in DATASET_TABLES)
        for name in z.namelist():
            assert z.read(name).decode("utf-8") == (tmp_path / "csv" / name).read_text("utf-8")


def test_csv_of_the_whole_dataset_is_not_sent_to_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "export", "--format", "csv")
    assert code == 2 and out == ""
    assert "--table" in err and "-o" in err


def test_an_existing_csv_folder_needs_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "towns.csv").write_text("keep me", "utf-8")
    (folder / "mine.txt").write_text("mine", "utf-8")
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(folder))
    assert code == 1 and "--force" in err
    assert (folder / "towns.csv").read_text("utf-8") == "keep me"
    code, _, err = run(capsys, "export", "--format", "csv", "-o", str(folder), "--force")
    assert code == 0, err
    assert (folder / "towns.csv").read_text("utf-8").startswith("id,")
    assert (folder / "mine.txt").read_text("utf-8") == "mine"


def test_help_says_what_csv_writes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "whole dataset" in text
    for table in DATASET_TABLES:
        assert table in text
    assert ".zip" in text and "--table" in text and "--parents" in text
    assert "--json" not in text  # refused by export, so not offered


def test_an_unknown_table_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "export", "--format", "csv", "--table", "nope")
    assert code == 2 and out == "" and "towns" in err


# ----------------------------------------------------------------- 10: --json is refused


@pytest.mark.parametrize(
    "args", [["export", "--json"], ["--json", "export"], ["export", "--json", "--format", "json"]]
)
def test_json_flag_with_export_is_refused(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert "--json" in err and "--format json" in err


# --------------------------------------------------- 11: cells that spreadsheets run


def test_neutralise_follows_the_owasp_rule() -> None:
    from towntui.core.csvsafe import neutralise

    for text in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "=", "-", "-cmd|' /C calc'!A0"):
        assert neutralise(text) == "'" + text
    # a leading tab or CR is a control character: written as its placeholder, it no
    # longer starts the cell (issue 16 item 13)
    assert neutralise("\tx") == "␉x" and neutralise("\rx") == "␍x"
    for text in ("plain", "云栖", "", "a=b", " =1", "'quoted"):
        assert neutralise(text) == text
    # numbers stay numbers: typed values and text that is exactly a number
    assert neutralise(-3.5) == -3.5 and neutralise(-7) == -7
    for text in ("-3.5", "+7", "-1e5", "-.5", "-0"):
        assert neutralise(text) == text
    for text in ("-3.5+1", "-1e5e5", "-", "-٣", "-3.5\n", "+1 ", "-inf", "-nan"):
        assert neutralise(text) == "'" + text


def formula_data(tmp_path: Path) -> Path:
    """The CLI fixture with text a spreadsheet would run and one negative figure."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE, root)
    dream = root / "towns" / "dream.toml"
    text = dream.read_text("utf-8")
    for old, new in [
        ('name_en = "Dream Town"', 'name_en = "=HYPERLINK(\\"http://x\\",\\"Dream\\")"'),
        ('title_en = "Dream Town opens"', 'title_en = "+SUM(1,2) opens"'),
        ('summary_en = "A start-up town for tests."', 'summary_en = "-2+3 town"'),
        ('name_en = "Dream Lab"', 'name_en = "@Lab"'),
        ("value = 4.5", "value = -3.5"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    dream.write_text(text, "utf-8")
    metrics = root / "metrics.toml"
    text = metrics.read_text("utf-8")
    metrics.write_text(text.replace('label_en = "Enterprises"', 'label_en = "=1+1"'), "utf-8")
    return root


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_safe(text: str, expect: list[str]) -> None:
    cells = _cells(text)
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not _is_number(c)]
    for cell in expect:
        assert cell in cells, (cell, cells)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_dataset_csv_tables_are_neutralised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = formula_data(tmp_path)
    folder = tmp_path / "csv"
    code, _, err = run(capsys, "export", "-o", str(folder) + "/", data=data)
    assert code == 0, err
    everything = "".join((folder / f"{t}.csv").read_text("utf-8") for t in DATASET_TABLES)
    _assert_safe(
        everything,
        ['\'=HYPERLINK("http://x","Dream")', "'+SUM(1,2) opens", "'-2+3 town", "'@Lab", "'=1+1"],
    )
    metrics = list(csv.DictReader(io.StringIO((folder / "metrics.csv").read_text("utf-8"))))
    assert "-3.5" in [m["value"] for m in metrics]  # a real number stays a number


def test_the_zip_is_neutralised(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = formula_data(tmp_path)
    target = tmp_path / "x.zip"
    code, _, err = run(capsys, "export", "-o", str(target), data=data)
    assert code == 0, err
    with zipfile.ZipFile(target) as z:
        text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    _assert_safe(text, ["'+SUM(1,2) opens"])


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["towns"], ['\'=HYPERLINK("http://x","Dream")']),
        (["search", "opens"], ["'+SUM(1,2) opens"]),
        (["timeline", "--from", "2007", "--to", "2025"], ["'+SUM(1,2) opens"]),
        (["compare", "dream", "cloud"], ["'=1+1", "-3.5"]),
        (["export", "--format", "csv", "--table", "events"], ["'+SUM(1,2) opens"]),
    ],
    ids=["towns", "search", "timeline", "compare", "export-table"],
)
def test_every_cli_csv_is_neutralised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expect: list[str]
) -> None:
    data = formula_data(tmp_path)
    csv_flag = [] if args[0] == "export" else ["--csv"]
    code, out, err = run(capsys, *args, *csv_flag, data=data)
    assert code == 0, err
    _assert_safe(out, expect)


def test_dump_csv_neutralises_and_keeps_numbers() -> None:
    text = cli_render.dump_csv(["a", "b"], [["=1", -2.5], ["-x", "-4"]])
    assert text == "a,b\n'=1,-2.5\n'-x,-4\n"


def test_compare_csv_from_core_is_neutralised(tmp_path: Path) -> None:
    ds = load([formula_data(tmp_path)])
    text = export_compare(compare(ds, ["dream", "cloud"]), "csv")
    _assert_safe(text, ["'=1+1", "-3.5"])


def test_the_core_tables_are_plain_data(tmp_path: Path) -> None:
    from towntui.core import export

    ds = load([formula_data(tmp_path)])
    tables = export.dataset_tables(ds)
    assert tuple(tables) == DATASET_TABLES == export.DATASET_TABLES
    header, rows = tables["metrics"]
    assert -3.5 in [row[header.index("value")] for row in rows]


def test_write_atomic_makes_no_folder_unless_asked(tmp_path: Path) -> None:
    from towntui.core.fsutil import MissingFolder, write_atomic

    target = tmp_path / "a" / "b" / "x.toml"
    with pytest.raises(MissingFolder) as caught:
        write_atomic(target, "x = 1\n")
    assert caught.value.folder == tmp_path / "a" / "b"
    assert listing(tmp_path) == []
    write_atomic(target, "x = 1\n", parents=True)
    assert target.read_text("utf-8") == "x = 1\n"


def test_every_csv_writer_goes_through_the_neutraliser() -> None:
    """Only ``core/csvsafe.py`` uses the csv module: a new CSV writer must call it."""
    src = REPO / "src" / "towntui"
    users = sorted(
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if re.search(r"^\s*(import csv\b|from csv import)", p.read_text("utf-8"), re.MULTILINE)
    )
    assert users == ["core/csvsafe.py"]


def test_the_apps_compare_export_has_the_shape_of_compare_json(cli_env: object) -> None:
    """One shape for a comparison: the app's JSON export is what `compare --json`
    prints (every town's cell present, null where missing); TOML the same less nulls."""
    import json as json_
    import subprocess
    import sys
    import tomllib

    from towntui.core.compare import compare
    from towntui.core.export import export_compare
    from towntui.core.loader import bundled_data_dir, load

    ds = load([bundled_data_dir()])
    table = compare(ds, ["yunqi", "yuhuangshan"])
    app_json = json_.loads(export_compare(table, "json"))
    out = subprocess.run(
        [sys.executable, "-m", "towntui", "compare", "yunqi", "yuhuangshan", "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert app_json == json_.loads(out)
    toml = tomllib.loads(export_compare(table, "toml"))
    assert [t["id"] for t in toml["towns"]] == ["yunqi", "yuhuangshan"]
    assert all(len(r["cells"]) == 2 for r in toml["rows"])


def test_csv_holds_no_raw_control_character() -> None:
    """Issue 16 item 13: a CSV file keeps no raw ESC (TOML and JSON escape it; CSV has no
    escape, so a control character is written as its visible placeholder)."""
    from towntui.core.csvsafe import csv_text

    text = csv_text(["a"], [["x\x1b]52;c;ZWNobw==\x07y"], ["two\nlines"], ["\tx"]])
    assert "\x1b" not in text and "\x07" not in text
    assert "␛" in text and "two\nlines" in text  # newlines are data in a quoted cell
    assert "\t" not in text
