"""Every kind of broken file, through the loader and ``towntui validate``.

For each case of :mod:`broken_cases`: the problem names the file (with line and column
where the file gives them), says what is wrong, the other towns still load, and
``towntui validate DIR`` prints it and exits 1. The app side is in
``tests/tui/test_broken_files_app.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from broken_cases import CASES, Case, build, located

from towntui.cli import main
from towntui.core.loader import load


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_loader_names_the_file_and_loads_the_rest(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build(case, tmp_path / "data", monkeypatch)
    ds = load([root])
    assert tuple(sorted(t.id for t in ds.towns)) == case.towns
    mine = [p for p in ds.problems if Path(p.path).name == case.file]
    assert mine, f"no problem names {case.file}: {[str(p) for p in ds.problems]}"
    problem = next((p for p in mine if case.expect in p.message or case.expect in str(p)), None)
    assert problem is not None, f"{case.expect!r} not in {[str(p) for p in mine]}"
    assert problem.severity == "error"
    assert (problem.line, problem.column) == (case.line, case.column), str(problem)
    shown = str(problem)
    assert shown.startswith(problem.path)
    assert shown[len(problem.path) - len(case.file) :].startswith(located(case)), shown
    assert "Traceback" not in problem.message


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_prints_the_problem_and_exits_1(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = build(case, tmp_path / "data", monkeypatch)
    code = main(["--no-bundled", "validate", str(root)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if case.expect in line]
    assert lines, out
    assert any(re.search(rf"(^|/){re.escape(located(case))} ", line) for line in lines), lines
    n = len(case.towns)
    # the summary is a footer: on stderr when stdout is piped (issue 10, item 15)
    assert err.splitlines()[-1].startswith(f"{n} town{'s' if n != 1 else ''} in 1 folder: ")
    again = build(case, tmp_path / "again", monkeypatch, patch=False)
    code = main(["--no-bundled", "validate", str(again), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False and report["towns"] == n
    assert any(
        Path(p["path"]).name == case.file
        and (p["line"], p["column"]) == (case.line, case.column)
        and case.expect in f"{p['field']}: {p['message']}"
        for p in report["problems"]
    ), report["problems"]


def test_other_commands_still_work_and_summarise_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c.id == "not-utf8")
    root = build(case, tmp_path / "data", monkeypatch)
    code = main(["--no-bundled", "--data", str(root), "towns", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert [t["id"] for t in json.loads(out)["towns"]] == ["good"]
    assert "1 problem in data; run `towntui validate`" in err


def test_a_data_folder_that_is_a_symlink_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    ds = load([tmp_path / "a"])
    (problem,) = ds.problems
    # reported as missing (exists() is False for a loop), not a hang or a crash
    assert problem.path.endswith("a") and "data folder" in problem.message
    code = main(["--no-bundled", "validate", str(tmp_path / "a")])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert re.search(r"/a: data folder", out), out
    code = main(["--data", str(tmp_path / "a"), "towns"])
    out, err = capsys.readouterr()
    assert code == 2 and "no such folder" in err


def test_every_case_at_once_loads_the_good_town(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All the broken files of every case in one folder: each reported, none fatal."""
    root = tmp_path / "data"
    build(CASES[0], root, monkeypatch)
    towns = root / "towns"
    for i, case in enumerate(c for c in CASES if not c.patch and not c.links):
        for name, content in case.files.items():
            path = towns / f"{i:02d}-{Path(name).name}"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content.replace('"same"', f'"same{i}"'), "utf-8")
    ds = load([root])
    assert "good" in {t.id for t in ds.towns}
    assert len({p.path for p in ds.problems}) >= 10
