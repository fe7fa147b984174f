"""Issue 16: data that used to crash or hang the loader (or pass ``validate`` while it
crashed a command) is reported as a problem, and the rest still loads."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import within
from towntui.cli import main
from towntui.core.loader import load

TOWN = """\
[town]
id = "t"
name = "测试小镇"
name_en = "Test Town"
summary = "简介。"
summary_en = "Summary."
{town_extra}

[[metrics]]
key = "fiscal_revenue"
label = "财政总收入"
value = {value}
unit = "亿元"
year = 2020
source = "a000-yunqi"

[[metrics]]
key = "fiscal_revenue"
label = "财政总收入"
value = 3
unit = "亿元"
year = 2021
source = "a000-yunqi"
"""

MakeData = Callable[..., Path]


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)


def cli(data: Path, *args: str) -> int:
    code = main(["--no-bundled", "--data", str(data), *args])
    assert isinstance(code, int)
    return code


def fields_of(data: Path) -> list[str]:
    return [f"{p.field}: {p.message}" for p in load([data]).problems]


# --- item 4: numbers the format cannot show, duplicates --------------------------------

HUGE = "9" * 400


@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1.7e308", "-1.7e308", "1e16"])
def test_a_metric_value_out_of_range_is_reported_and_left_out(
    make_data: MakeData,
    value: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    mini_dir: Path,
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=value, town_extra="")})
    shutil.copy(mini_dir / "towns" / "yunqi.toml", data / "towns")
    problems = fields_of(data)
    assert any(p.startswith("metrics[0].value: ") and "out of range" in p for p in problems)
    town = load([data]).town("t")
    assert town is not None and [m.value for m in town.metrics] == [3]
    assert cli(data, "show", "t") == 0
    assert cli(data, "compare", "t", "yunqi", "--year", "2020") == 1  # no figure: not inf
    assert "inf" not in capsys.readouterr().out
    assert cli(data, "compare", "t", "yunqi") == 0
    assert cli(data, "export", "-o", str(tmp_path / "out.json")) == 0
    assert cli(data, "validate") == 1
    assert "out of range" in capsys.readouterr().out


@pytest.mark.parametrize("value", [HUGE, "1.7e308"])
def test_an_area_out_of_range_is_reported_and_the_town_loads(
    make_data: MakeData, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    area = f'area = {{ value = {value}, unit = "平方公里", source = "a000-yunqi" }}'
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra=area)})
    problems = fields_of(data)
    assert any(p.startswith("town.area.value: ") and "out of range" in p for p in problems)
    town = load([data]).town("t")
    assert town is not None and town.area is None
    assert cli(data, "towns") == 0
    assert cli(data, "validate") == 1
    capsys.readouterr()


@pytest.mark.parametrize(
    ("extra", "where"),
    [("founded = " + HUGE, "town.founded"), ("founded = 123456", "town.founded")],
)
def test_a_year_the_format_cannot_show_is_reported(
    make_data: MakeData, extra: str, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra=extra)})
    assert any(p.startswith(f"{where}: ") for p in fields_of(data))
    assert cli(data, "show", "t") == 0
    capsys.readouterr()


def test_a_metric_year_the_format_cannot_show_is_reported(make_data: MakeData) -> None:
    text = TOWN.format(value=1, town_extra="").replace("year = 2020", "year = " + HUGE)
    data = make_data({"towns/t.toml": text})
    assert any(p.startswith("metrics[0].year: ") for p in fields_of(data))


EVENTS = """\
[[events]]
id = "same"
date = "2015"
title = "一"
category = "milestone"
source = "a000-yunqi"
entities = ["t-co", "t-co"]
towns = ["yunqi", "yunqi"]

[[events]]
id = "same"
date = "2016"
title = "二"
category = "milestone"
source = "a000-yunqi"

[[entities]]
id = "t-co"
name = "公司"
kind = "company"
towns = ["yunqi", "yunqi"]
"""


def test_a_duplicate_event_id_is_reported_and_dropped(
    make_data: MakeData, mini_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="") + EVENTS})
    for name in os.listdir(mini_dir / "towns"):
        (data / "towns" / name).write_bytes((mini_dir / "towns" / name).read_bytes())
    ds = load([data])
    ids = [e.id for e in ds.events]
    assert len(ids) == len(set(ids))
    town = ds.town("t")
    assert town is not None and [e.title for e in town.events] == ["一"]
    problems = [str(p) for p in ds.problems]
    assert any('events[1].id: duplicate event id "same"' in p for p in problems)
    assert cli(data, "timeline", "--town", "t") == 0
    capsys.readouterr()


def test_an_entity_listed_twice_in_an_event_is_reported_and_listed_once(
    make_data: MakeData, mini_dir: Path
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="") + EVENTS})
    for name in os.listdir(mini_dir / "towns"):
        (data / "towns" / name).write_bytes((mini_dir / "towns" / name).read_bytes())
    ds = load([data])
    town = ds.town("t")
    assert town is not None
    event = town.events[0]
    assert event.entities == ("t-co",)
    assert event.towns == ("t", "yunqi")
    entity = ds.entities["t-co"]
    assert entity.towns.count("yunqi") == 1
    problems = fields_of(data)
    assert any(p.startswith("events[0].entities: ") and '"t-co"' in p for p in problems)
    assert any(p.startswith("events[0].towns: ") and '"yunqi"' in p for p in problems)
    assert any(p.startswith("entities[0].towns: ") and '"yunqi"' in p for p in problems)


# --- item 8: special files never hang a load -------------------------------------------


def _special(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(kind)


SPECIALS = ["fifo", "/dev/zero", "/dev/null", "/dev/urandom"]


@pytest.mark.parametrize("kind", SPECIALS)
def test_a_special_town_file_is_refused_without_reading_it(
    make_data: MakeData, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="")})
    _special(kind, data / "towns" / "z.toml")
    ds = within(20, lambda: load([data]))
    assert [t.id for t in ds.towns] == ["t"]
    messages = [str(p) for p in ds.problems]
    assert any("z.toml: not a regular file" in m for m in messages), messages
    assert within(20, lambda: cli(data, "validate")) == 1
    assert "not a regular file" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["metrics.toml", "sources.toml"])
def test_a_fifo_registry_is_refused(make_data: MakeData, name: str) -> None:
    data = make_data({})
    (data / name).unlink()
    os.mkfifo(data / name)
    ds = within(20, lambda: load([data]))
    assert any(f"{name}: not a regular file" in str(p) for p in ds.problems)


def test_a_fifo_swapped_in_after_the_check_does_not_block(
    make_data: MakeData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the stat and the open the file is replaced by a FIFO: the open does not
    wait for a writer, and the opened file is checked again."""
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="")})
    fifo = data / "towns" / "z.toml"
    os.mkfifo(fifo)
    real_stat = os.stat

    def regular(path: Any, *args: Any, **kwargs: Any) -> Any:
        st = real_stat(path, *args, **kwargs)
        if str(path) == str(fifo):
            return real_stat(data / "towns" / "t.toml")
        return st

    monkeypatch.setattr(os, "stat", regular)
    ds = within(20, lambda: load([data]))
    assert any("z.toml: not a regular file" in str(p) for p in ds.problems)


# --- item 7: unreadable data folders ---------------------------------------------------


@pytest.fixture
def lock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """``lock(folder)``: make ``folder`` unreadable, as ``chmod 000`` does for a user.

    As root (who reads through mode 000) the file system calls are made to fail for
    whatever is inside the folder, the way they fail for a user.
    """
    locked: list[Path] = []

    def inside(path: Any) -> bool:
        try:
            text = os.fsdecode(path)
        except TypeError:
            return False
        text = os.path.abspath(text)
        return any(text.startswith(str(f) + os.sep) for f in locked)

    def denying(real: Callable[..., Any], *, listing: bool = False) -> Callable[..., Any]:
        def call(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if inside(path) or (listing and os.path.abspath(os.fsdecode(path)) in map(str, locked)):
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)

        return call

    def apply(folder: Path) -> None:
        if os.geteuid() != 0:
            os.chmod(folder, 0)
            locked.append(folder)
            return
        if not locked:
            monkeypatch.setattr(os, "stat", denying(os.stat))
            monkeypatch.setattr(os, "lstat", denying(os.lstat))
            monkeypatch.setattr(os, "open", denying(os.open))
            monkeypatch.setattr(os, "listdir", denying(os.listdir, listing=True))
            monkeypatch.setattr(os, "scandir", denying(os.scandir, listing=True))
        locked.append(folder.absolute())

    yield apply
    if os.geteuid() != 0:
        for folder in locked:
            os.chmod(folder, 0o755)


@pytest.mark.parametrize("below", ["", "sub"])
def test_an_unreadable_data_folder_is_a_problem_not_a_crash(
    make_data: MakeData,
    tmp_path: Path,
    lock: Callable[[Path], None],
    below: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="")})
    folder = tmp_path / "locked"
    (folder / "sub" / "towns").mkdir(parents=True)
    target = folder / below if below else folder
    lock(folder)
    ds = load([data, target])
    assert [t.id for t in ds.towns] == ["t"]
    assert any("permission denied" in str(p).lower() for p in ds.problems), ds.problems
    code = main(["--no-bundled", "--data", str(data), "--data", str(target), "towns"])
    assert code == 0
    monkeypatch.setenv("TOWNTUI_DATA", str(target))
    assert main(["--no-bundled", "--data", str(data), "towns"]) == 0
    assert main(["--no-bundled", "--data", str(data), "validate"]) == 1
    monkeypatch.delenv("TOWNTUI_DATA")
    assert main(["--no-bundled", "validate", str(target)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "permission denied" in out.lower()


# --- item 10: validate DIR reports files that are symlinks to elsewhere -----------------


@pytest.mark.parametrize(
    ("target", "expect"),
    [
        ("/dev/zero", "not a regular file"),
        ("/etc/passwd", "invalid TOML"),
        ("{outside}", "is a directory"),
        ("{outside}/nothing-here.toml", "does not exist"),
        ("{outside}/bad.toml", "invalid TOML"),
    ],
)
def test_validate_dir_reports_symlinked_files(
    make_data: MakeData,
    tmp_path: Path,
    target: str,
    expect: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bad.toml").write_text("[town\n", "utf-8")
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="")})
    (data / "towns" / "link.toml").symlink_to(target.format(outside=outside))
    assert within(20, lambda: main(["--no-bundled", "validate", str(data)])) == 1
    out = capsys.readouterr().out
    assert "link.toml" in out and expect in out, out
    assert main(["--no-bundled", "--json", "validate", str(data)]) == 1
    assert '"ok": false' in capsys.readouterr().out


def test_validate_dir_reports_a_symlinked_towns_folder(
    make_data: MakeData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "bad.toml").write_text("[town\n", "utf-8")
    data = make_data({})
    (data / "towns").rmdir()
    (data / "towns").symlink_to(elsewhere)
    assert main(["--no-bundled", "validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert "bad.toml" in out and "invalid TOML" in out


def test_a_dangling_symlink_as_the_registry_is_reported(
    make_data: MakeData, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data({"towns/t.toml": TOWN.format(value=1, town_extra="")})
    (data / "sources.toml").unlink()
    (data / "sources.toml").symlink_to(tmp_path / "gone.toml")
    assert main(["--no-bundled", "validate", str(data)]) == 1
    out = capsys.readouterr().out
    assert "sources.toml: a symlink to a file that does not exist" in out


# --- item 9: loading is linear in the size of a file -----------------------------------


def test_header_lines_are_right(make_data: MakeData) -> None:
    from towntui.core.loader.reading import header_lines as _header_lines

    text = "x = 1\n[[events]]\n\n  [[ events ]]\n[[eventsx]]\n[[entities]]\n[[events]]"
    assert _header_lines(text, ["events", "entities"]) == {"events": [2, 4, 7], "entities": [6]}


@pytest.mark.slow
def test_a_file_of_only_headers_validates_in_linear_time(
    make_data: MakeData, capsys: pytest.CaptureFixture[str]
) -> None:
    """5 MB of ``[[events]]`` (was over 30 minutes: the header scan was quadratic)."""
    head = TOWN.format(value=1, town_extra="")
    body = "[[events]]\n" * ((5 * 1024 * 1024 - len(head.encode()) - 1000) // 11)
    data = make_data({"towns/t.toml": head + body})
    code = within(300, lambda: main(["--no-bundled", "validate", str(data)]))
    assert code == 1
    out = capsys.readouterr().out
    assert "t.toml:24: events[0].date: missing required field" in out
