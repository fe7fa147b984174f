"""Issue 16 item 14: ids and keys are whole-string matches, dates are ASCII digits, and a
write cleans up the stale temporary files an interrupted write of ours left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from towntui.core import fsutil, schema
from towntui.core.model import DateError, PartialDate


@pytest.mark.parametrize("value", ["yunqi\n", "a-b\n", "x\n\n"])
def test_an_id_with_a_trailing_newline_is_refused(value: str) -> None:
    assert schema.check({"id": value}, {"id": schema.Field("id", True)}, "")
    assert schema.check({"key": value}, {"key": schema.Field("key", True)}, "")


@pytest.mark.parametrize("value", ["yunqi", "a-b_c", "x1"])
def test_good_ids_still_pass(value: str) -> None:
    assert schema.check({"id": value}, {"id": schema.Field("id", True)}, "") == []


@pytest.mark.parametrize(
    "text",
    ["２０１５", "٢٠١٥", "۲۰۱۵-۰۳", "2015-０３", "2015\n-03", "2015-03-01\n\n", "𝟐𝟎𝟏𝟓"],
)
def test_a_date_in_other_digits_is_refused(text: str) -> None:
    with pytest.raises(DateError):
        PartialDate.parse(text)


def test_ascii_dates_still_parse() -> None:
    assert str(PartialDate.parse("2015-03-28")) == "2015-03-28"
    assert str(PartialDate.parse(2015)) == "2015"


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_a_write_removes_stale_temporary_files_of_its_own(tmp_path: Path) -> None:
    target = tmp_path / "towns.json"
    stale = tmp_path / ".towns.json.ab12cd_9.tmp"  # what a killed write leaves
    stale.write_text("half", "utf-8")
    _age(stale, 3600)
    stale_dir = tmp_path / ".tables.k2j4h5g6.tmp"  # a killed folder export
    (stale_dir).mkdir()
    (stale_dir / "towns.csv").write_text("x", "utf-8")
    _age(stale_dir, 3600)
    fresh = tmp_path / ".towns.json.zz99yy88.tmp"  # another writer, right now
    fresh.write_text("busy", "utf-8")
    other = tmp_path / ".towns.json.notours.tmp"
    other.write_text("keep", "utf-8")
    _age(other, 3600)
    mine = tmp_path / "notes.txt.ab12cd_9.tmp"
    mine.write_text("keep", "utf-8")
    _age(mine, 3600)
    fsutil.write_atomic(target, "{}")
    assert target.read_text("utf-8") == "{}"
    assert not stale.exists()
    assert fresh.exists() and other.exists() and mine.exists()
    fsutil.write_folder(tmp_path / "tables", {"towns.csv": "a"})
    assert not stale_dir.exists()
    assert (tmp_path / "tables" / "towns.csv").read_text("utf-8") == "a"


def test_a_stale_name_that_is_a_symlink_is_left_alone(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep").write_text("x", "utf-8")
    link = tmp_path / ".out.json.abcd1234.tmp"
    link.symlink_to(victim)
    _age(link, 3600)
    fsutil.write_atomic(tmp_path / "out.json", "{}")
    assert (victim / "keep").exists()
