"""Writes are atomic and never clobber a file by accident.

``write_atomic`` (used by ``towntui export -o``, the app's export dialog and the
settings file) writes a temporary file beside the target and only then moves it into
place: a reader sees the old file or the new one, never half of one; a failed write
leaves the old file and no temporary file; without ``force`` an existing file (even
one that appears while we write) is refused.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import listing
from towntui.cli import main
from towntui.core import config as settings
from towntui.core import fsutil
from towntui.core.fsutil import write_atomic

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "cli_data"


@dataclass
class Move:
    """One move of a finished temporary file into place, as seen at that moment."""

    how: str
    src: Path
    dst: Path
    src_bytes: bytes
    dst_bytes: bytes | None


def spy_moves(monkeypatch: pytest.MonkeyPatch) -> list[Move]:
    """Record every rename or hard link, with both files' contents just before it."""
    moves: list[Move] = []

    def watch(how: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def move(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
            s, d = Path(src), Path(dst)
            before = d.read_bytes() if d.exists() else None
            moves.append(Move(how, s, d, s.read_bytes(), before))
            return real(src, dst, *args, **kwargs)

        return move

    monkeypatch.setattr(os, "replace", watch("replace", os.replace))
    monkeypatch.setattr(os, "link", watch("link", os.link))
    return moves


def fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the data is flushed."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)


# ------------------------------------------------------------------ write_atomic


def test_new_file_goes_through_a_temporary_file_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moves = spy_moves(monkeypatch)
    target = tmp_path / "sub" / "out.json"
    write_atomic(target, '{"a": 1}', parents=True)
    assert target.read_text("utf-8") == '{"a": 1}'
    (move,) = moves
    assert move.src.parent == target.parent and move.src.name.startswith(".out.json.")
    assert move.src_bytes == b'{"a": 1}'  # complete before it takes the name
    assert move.dst_bytes is None
    assert listing(target.parent) == ["out.json"]


def test_new_file_gets_the_usual_permissions_not_mkstemps_private_ones(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_atomic(target, "a,b\n")
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_existing_file_is_refused_without_force(tmp_path: Path) -> None:
    target = tmp_path / "keep.toml"
    target.write_text("old", "utf-8")
    with pytest.raises(FileExistsError, match="exists"):
        write_atomic(target, "new")
    assert target.read_text("utf-8") == "old"
    assert listing(tmp_path) == ["keep.toml"]


def test_force_replaces_in_one_rename_and_keeps_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "keep.toml"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    moves = spy_moves(monkeypatch)
    write_atomic(target, "new", force=True)
    assert target.read_text("utf-8") == "new"
    (move,) = moves
    assert (move.how, move.src_bytes, move.dst_bytes) == ("replace", b"new", b"old")
    assert target.stat().st_mode & 0o777 == 0o640
    assert listing(tmp_path) == ["keep.toml"]


def test_a_file_created_while_we_write_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "race.json"
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)
        target.write_text("someone else's", "utf-8")  # another program, just now
        return made

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    with pytest.raises(FileExistsError):
        write_atomic(target, "ours")
    assert target.read_text("utf-8") == "someone else's"
    assert listing(tmp_path) == ["race.json"]


def test_without_hard_links_it_falls_back_to_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def link(src: Any, dst: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)
    target = tmp_path / "out.txt"
    write_atomic(target, "x")
    assert target.read_text("utf-8") == "x"
    assert listing(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    target = tmp_path / "out.json"
    if force:
        target.write_text("old", "utf-8")
    fail_fsync(monkeypatch)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new", force=force)
    assert listing(tmp_path) == (["out.json"] if force else [])
    if force:
        assert target.read_text("utf-8") == "old"


# ------------------------------------------------------------------ the CLI's export


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Any]:
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--no-bundled", "--data", str(FIXTURE), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_export_is_atomic(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "towns.json"
    moves = spy_moves(monkeypatch)
    code, out, _err = cli("export", "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    (move,) = moves
    assert move.dst == target and move.src.parent == tmp_path
    assert json.loads(move.src_bytes)["towns"]  # the whole document, before the move
    assert listing(tmp_path) == ["towns.json"]


def test_cli_export_refuses_then_forces(cli: Callable[..., Any], tmp_path: Path) -> None:
    target = tmp_path / "towns.toml"
    target.write_text("keep me", "utf-8")
    code, _out, err = cli("export", "-o", str(target))
    assert code == 1 and "exists; use --force" in err
    assert target.read_text("utf-8") == "keep me"
    code, _, err = cli("export", "-o", str(target), "--force")
    assert code == 0 and "wrote 3 towns" in err
    assert "[[towns]]" in target.read_text("utf-8")
    assert listing(tmp_path) == ["towns.toml"]


def test_cli_export_that_fails_keeps_the_old_file(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "towns.toml"
    target.write_text("keep me", "utf-8")
    fail_fsync(monkeypatch)
    code, _out, err = cli("export", "-o", str(target), "--force")
    assert code == 1 and "cannot write" in err and "No space left on device" in err
    assert "Traceback" not in err
    assert target.read_text("utf-8") == "keep me"
    assert listing(tmp_path) == ["towns.toml"]


# ------------------------------------------------------------------ the settings file


def test_settings_are_saved_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    settings.save_config(settings.Config(theme="dark"), path)
    moves = spy_moves(monkeypatch)
    settings.save_config(settings.Config(theme="light", lang="en"), path)
    (move,) = moves
    assert move.how == "replace" and move.dst == path
    assert b'theme = "light"' in move.src_bytes and b'theme = "dark"' in (move.dst_bytes or b"")
    assert settings.load_config(path) == (settings.Config(theme="light", lang="en"), None)
    assert listing(tmp_path) == ["config.toml"]


def test_settings_that_cannot_be_saved_keep_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.toml"
    settings.save_config(settings.Config(theme="dark"), path)
    fail_fsync(monkeypatch)
    with pytest.raises(OSError):
        settings.save_config(settings.Config(theme="light"), path)
    assert settings.load_config(path) == (settings.Config(theme="dark"), None)
    assert listing(tmp_path) == ["config.toml"]
    assert fsutil.write_atomic is write_atomic
