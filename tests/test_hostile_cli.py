"""Hostile text on the command line: never interpreted, never reaching the terminal raw.

Every command, in every output mode (plain when piped, rich on a terminal, ``--json``,
``--csv``, export to stdout and to a file), on the data of :mod:`hostile_data`: markup
is printed as written, control characters only as visible placeholders (or, in JSON and
TOML, as ``\\uXXXX`` escapes that read back to the exact text).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_data import HOSTILE, RAW_CONTROLS, SHOWN, write_hostile
from rich.cells import cell_len

from towntui.cli import main
from towntui.cli import terminal as cli_terminal
from towntui.core.export import DATASET_TABLES
from towntui.core.textsafe import clean, one_line

Run = Callable[..., tuple[int, str, str]]

#: the SGR sequences rich itself writes on a terminal (colours, bold): the only ESC allowed
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")
TOWN_IDS = [f"h{i:02d}" for i in range(len(HOSTILE))]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_hostile(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(autouse=True)
def _clean_env(cli_env: None) -> None:
    """Every test here runs in the CLI environment of ``conftest.cli_env``."""


@pytest.fixture
def run(data: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*args: str) -> tuple[int, str, str]:
        code = main(["--no-bundled", "--data", str(data), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return go


def assert_terminal_safe(text: str, *, rich: bool = False) -> None:
    """No byte that could change a terminal's state, hide or reorder text."""
    if rich:
        text = RICH_SGR.sub("", text)
    for ch in RAW_CONTROLS:
        assert ch not in text, f"raw {ch!r} in output"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), "raw control character"


COMMANDS: list[list[str]] = [
    ["towns"],
    *(["show", tid] for tid in TOWN_IDS),
    ["search", "小镇"],
    ["search", "[bold]"],
    ["search", "\x1b[31m"],
    ["timeline"],
    ["compare", *TOWN_IDS[:8]],
    ["compare", *TOWN_IDS[8:]],
    ["compare", "--all", "--series"],
    ["metrics"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a)[:20])
@pytest.mark.parametrize("mode", ["plain", "rich"])
def test_every_command_prints_text_literally_and_safely(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: list[str], mode: str
) -> None:
    if mode == "rich":
        monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    code, out, err = run(*args)
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert_terminal_safe(out, rich=mode == "rich")
    assert_terminal_safe(err)
    if mode == "rich":
        # tables fit rich's width (80 when the terminal size is unknown); only the
        # title and summary lines of ``show`` are soft-wrapped by the terminal instead
        plain = RICH_SGR.sub("", out)
        soft = _soft_lines(args[1]) if args[0] == "show" else set()
        wide = [ln for ln in plain.splitlines() if cell_len(ln) > 80 and ln not in soft]
        assert not wide, wide


def _soft_lines(town_id: str) -> set[str]:
    """The lines ``show`` prints unwrapped: the title and the summary paragraphs."""
    i = int(town_id[1:])
    key, text = list(HOSTILE.items())[i]
    name = one_line(text)
    summary = clean(f"{text}\n{text}", keep_newlines=True).splitlines()
    return {f"{name} ({one_line(f'{key} {text}')})", *summary, f"summary {summary[0]}"}


@pytest.mark.parametrize("mode", ["plain", "rich"])
def test_show_prints_markup_as_written_and_controls_as_placeholders(
    run: Run, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "rich":
        monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    for i, key in enumerate(HOSTILE):
        _, out, _ = run("show", f"h{i:02d}")
        if key in SHOWN:
            text = RICH_SGR.sub("", out)
            assert SHOWN[key] in text.replace("\n", ""), (key, text)


def test_towns_plain_lines_up_with_hostile_names(run: Run) -> None:
    code, out, _ = run("towns")
    assert code == 0
    assert "[bold]粗体[/]" in out and "[@click=app.quit]退出[/]" in out
    assert "␛[31m红色" in out


@pytest.mark.parametrize(
    "args",
    [
        ["towns"],
        ["show", "h00"],
        ["show", "h07"],
        ["search", "小镇"],
        ["timeline"],
        ["compare", *TOWN_IDS],
    ],
    ids=lambda a: "-".join(a)[:20],
)
def test_json_escapes_controls_and_reads_back_exactly(run: Run, args: list[str]) -> None:
    code, out, _ = run(*args, "--json")
    assert code == 0
    assert_terminal_safe(out)
    data = json.loads(out)
    strings = set(_strings(data))
    if args[0] in ("towns", "show"):
        # the exact data text, every character of it, survives the escaping
        assert any(s in strings for s in HOSTILE.values())


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize(
    "args", [["towns"], ["search", "小镇"], ["timeline"], ["compare", *TOWN_IDS]]
)
def test_csv_is_terminal_safe(run: Run, args: list[str]) -> None:
    code, out, _ = run(*args, "--csv")
    assert code == 0
    assert_terminal_safe(out.replace("\n", ""))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows


def test_export_to_stdout_and_to_a_file_reads_back_exactly(run: Run, tmp_path: Path) -> None:
    code, toml_text, _ = run("export")
    assert code == 0
    assert_terminal_safe(toml_text)
    code, json_text, _ = run("export", "--format", "json")
    assert_terminal_safe(json_text)
    exported = tomllib.loads(toml_text)
    assert exported == json.loads(json_text)
    names = {t["town"]["name"] for t in exported["towns"]}
    assert set(HOSTILE.values()) <= names  # exact, control characters included
    for table in DATASET_TABLES:
        code, csv_text, _ = run("export", "--format", "csv", "--table", table)
        assert code == 0
        assert_terminal_safe(csv_text.replace("\n", ""))
    target = tmp_path / "out.toml"
    code, out, err = run("export", "-o", str(target))
    assert code == 0 and out == ""
    assert_terminal_safe(err)
    assert tomllib.loads(target.read_text("utf-8")) == exported


@pytest.mark.parametrize("mode", ["plain", "rich", "json"])
def test_validate_quotes_hostile_text_in_problems_safely(
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mode: str,
) -> None:
    if mode == "rich":
        monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    extra = ["--json"] if mode == "json" else []
    code = main(["--no-bundled", "validate", str(data), *extra])
    out, err = capsys.readouterr()
    assert code == 1
    assert_terminal_safe(out, rich=mode == "rich")
    assert_terminal_safe(err)
    if mode == "json":
        problems = json.loads(out)["problems"]
        messages = " ".join(f"{p['field']}: {p['message']}" for p in problems)
        assert "\x1b]0;title\x07亿圆[/]" in messages  # exact once parsed
    else:
        text = RICH_SGR.sub("", out)
        assert 'unknown unit "␛]0;title␇亿圆[/]"' in text
        assert "[@click=app.quit]x" in text
        assert "metrics[2].␛[31m[bold]field[/]" in text
        assert "zz-␛]0;owned␇<U+202E>[bold]name[red].toml:2:6: invalid TOML" in text
