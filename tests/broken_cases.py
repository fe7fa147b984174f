"""One data folder per kind of broken file, shared by the loader, CLI and app tests.

Each :class:`Case` is a folder holding a good town (``good``) and the broken file(s);
some simulate what happens to files while they load (deleted, changed, unreadable)
by patching the loader's file access. ``line`` and ``column`` are where the problem
must be located when the file gives a place (None: no place to give).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from towntui.core.loader import MAX_FILE_BYTES
from towntui.core.loader import loading as loader

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

GOOD = """[town]
id = "good"
name = "好小镇"
name_en = "Good Town"
summary = "简介"
summary_en = "Summary"

[[metrics]]
key = "enterprises"
label = "企业"
value = 120
unit = "家"
year = 2024
source = "a000-yunqi"
"""


def town(tid: str, body: str = "", **ident: str) -> str:
    """A minimal valid town file with ``body`` appended (and identity fields replaced)."""
    fields = {"id": f'"{tid}"', "name": f'"{tid}镇"', "name_en": f'"{tid} town"'}
    fields |= {"summary": '"s"', "summary_en": '"s"'}
    fields |= ident
    head = "".join(f"{k} = {v}\n" for k, v in fields.items())
    return f"[town]\n{head}{body}"


def metric(unit: str = "家", key: str = "enterprises", value: str = "5") -> str:
    """One ``[[metrics]]`` record."""
    return (
        f'\n[[metrics]]\nkey = "{key}"\nlabel = "企业"\nvalue = {value}\nunit = "{unit}"\n'
        'source = "a000-yunqi"\n'
    )


def event(date: str) -> str:
    """One ``[[events]]`` record dated ``date``."""
    return (
        f'\n[[events]]\ndate = "{date}"\ntitle = "事件"\ncategory = "milestone"\n'
        'source = "a000-yunqi"\n'
    )


Patch = Callable[[pytest.MonkeyPatch, Path], None]


@dataclass(frozen=True)
class Case:
    """A broken-file situation and what every front end must say about it."""

    id: str
    files: dict[str, str | bytes] = field(default_factory=dict)
    file: str = "bad.toml"
    """The file the problem must name."""
    expect: str = ""
    """A piece of the message."""
    line: int | None = None
    column: int | None = None
    towns: tuple[str, ...] = ("good",)
    """The towns that must still load."""
    links: dict[str, str] = field(default_factory=dict)
    """Symlinks to make: name → target (relative to the data folder)."""
    patch: Patch | None = None
    """Simulates what happens to the files while they load."""
    skip: str | None = None


def _patch_read(name: str, before: Callable[[Path], None]) -> Patch:
    """Run ``before(path)`` just before the loader reads the file called ``name``."""

    def apply(mp: pytest.MonkeyPatch, root: Path) -> None:
        real = loader.read_toml

        def read(path: Path) -> Any:
            if path.name == name:
                before(path)
            return real(path)

        mp.setattr(loader, "read_toml", read)

    return apply


def _patch_open(name: str, before: Callable[[Path], None]) -> Patch:
    """Run ``before(path)`` when the file called ``name`` is opened (after its stat)."""

    def apply(mp: pytest.MonkeyPatch, root: Path) -> None:
        real = os.open  # the loader opens data files with os.open (fsutil.read_regular)

        def open_(path: Any, *args: Any, **kwargs: Any) -> Any:
            if os.path.basename(path) == name:
                before(Path(path))
            return real(path, *args, **kwargs)

        mp.setattr(os, "open", open_)

    return apply


def _deny(path: Path) -> None:
    raise PermissionError(13, "Permission denied", str(path))


def _grow(path: Path) -> None:
    with open(path, "ab") as fh:  # builtin open: Path.open is patched
        fh.write(b"# more\n" * (MAX_FILE_BYTES // 7 + 1))


def _break(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('[town]\nid = "changed"\nname = [\n')


#: 50 MB: ten times the documented limit
HUGE = b"# padding line\n" * (50 * 1024 * 1024 // 15)

CASES: list[Case] = [
    Case(
        "invalid-toml",
        {"towns/bad.toml": '[town]\nid = "bad"\nname = = "x"\n'},
        expect="invalid TOML",
        line=3,
        column=8,
    ),
    Case(
        "invalid-toml-unclosed-string",
        {"towns/bad.toml": '[town]\nid = "bad\n'},
        expect="invalid TOML",
        line=2,
        column=10,
    ),
    Case(
        "wrong-shape-array-of-towns",
        {"towns/bad.toml": '[[town]]\nid = "bad"\n'},
        expect="town: expected a table",
    ),
    Case(
        "wrong-shape-other-document",
        {"towns/bad.toml": '[package]\nname = "not a town"\nversion = "1.0"\n'},
        expect="unknown top-level key",
    ),
    Case(
        "wrong-shape-metrics-table",
        {"towns/bad.toml": town("bad", "\n[metrics]\nvalue = 1\n")},
        expect="metrics: expected an array of tables",
        towns=("bad", "good"),
    ),
    Case(
        "wrong-types",
        {"towns/bad.toml": town("bad", name="1", founded='"2015"')},
        expect="town.name: expected a string",
    ),
    Case(
        "wrong-type-metric-value",
        {"towns/bad.toml": town("bad", metric(value='"many"'))},
        expect='metrics[0].value: expected a number, got "many"',
        line=8,
        towns=("bad", "good"),
    ),
    Case(
        "unknown-unit",
        {"towns/bad.toml": town("bad", metric(unit="亿圆"))},
        expect='metrics[0].unit: unknown unit "亿圆"',
        line=8,
        towns=("bad", "good"),
    ),
    Case(
        "unknown-metric-key",
        {"towns/bad.toml": town("bad", metric(key="enterprizes"))},
        expect='metrics[0].key: unknown metric key "enterprizes"',
        line=8,
        towns=("bad", "good"),
    ),
    Case(
        "duplicate-town-id",
        {"towns/zz.toml": town("good")},
        file="zz.toml",
        expect='duplicate town id "good"',
    ),
    Case(
        "duplicate-entity-id",
        {
            "towns/bad.toml": town(
                "bad", '\n[[entities]]\nid = "same"\nname = "同"\nkind = "company"\n'
            ),
            "towns/aaa.toml": town(
                "aaa", '\n[[entities]]\nid = "same"\nname = "同"\nkind = "company"\n'
            ),
        },
        expect='duplicate entity id "same"',
        line=8,
        towns=("aaa", "bad", "good"),
    ),
    Case(
        "month-13",
        {"towns/bad.toml": town("bad", event("2023-13"))},
        expect="month 13 does not exist",
        line=8,
        towns=("bad", "good"),
    ),
    Case(
        "february-30",
        {"towns/bad.toml": town("bad", event("2023-02-30"))},
        expect="day 30 does not exist in 2023-02",
        line=8,
        towns=("bad", "good"),
    ),
    Case(
        "not-utf8",
        {"towns/bad.toml": b'[town]\nid = "bad"\nname = "\xb0\xd7\xc3\xfb"\n'},
        expect="not UTF-8",
        line=3,
        column=9,
    ),
    Case("empty", {"towns/bad.toml": b""}, expect="file is empty"),
    Case(
        "fifty-megabytes",
        {"towns/bad.toml": HUGE},
        expect="over the 5,242,880-byte limit",
    ),
    Case(
        "unreadable-permissions",
        {"towns/bad.toml": GOOD.replace('"good"', '"bad"')},
        expect="permission denied",
        patch=lambda mp, root: os.chmod(root / "towns" / "bad.toml", 0),
        skip=(
            "running as root: chmod 000 does not stop root from reading "
            "(the simulated case below covers the message)"
            if hasattr(os, "geteuid") and os.geteuid() == 0
            else None
        ),
    ),
    Case(
        "unreadable-simulated",
        {"towns/bad.toml": GOOD.replace('"good"', '"bad"')},
        expect="cannot read file: permission denied",
        patch=_patch_open("bad.toml", _deny),
    ),
    Case(
        "symlink-to-itself",
        file="bad.toml",
        expect="cannot read file",
        links={"towns/bad.toml": "bad.toml"},
    ),
    Case(
        "directory-symlink-loop",
        file="bad.toml",
        expect="is a directory, not a file",
        links={"towns/bad.toml": "../towns", "towns/sub": ".", "towns/up": ".."},
    ),
    Case(
        "deleted-while-loading",
        {"towns/bad.toml": GOOD.replace('"good"', '"bad"')},
        expect="file disappeared while loading",
        patch=_patch_read("bad.toml", lambda p: p.unlink()),
    ),
    Case(
        "changed-while-loading",
        {"towns/bad.toml": GOOD.replace('"good"', '"bad"')},
        expect="invalid TOML",
        line=4,
        patch=_patch_read("bad.toml", _break),
    ),
    Case(
        "grew-while-loading",
        {"towns/bad.toml": GOOD.replace('"good"', '"bad"')},
        expect="file grew past the 5,242,880-byte limit while loading",
        patch=_patch_open("bad.toml", _grow),
    ),
]


def build(case: Case, root: Path, mp: pytest.MonkeyPatch, *, patch: bool = True) -> Path:
    """Write the case's data folder at ``root`` and apply its patch → ``root``.

    The patches act on file names, so a second folder of the same case needs none.
    """
    if case.skip:
        pytest.skip(case.skip)
    towns = root / "towns"
    towns.mkdir(parents=True)
    shutil.copy(MINI / "metrics.toml", root / "metrics.toml")
    shutil.copy(MINI / "sources.toml", root / "sources.toml")
    (towns / "good.toml").write_text(GOOD, "utf-8")
    for name, content in case.files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        with open(root / name, "wb") as fh:  # builtin open: Path.open may be patched
            fh.write(data)
    for name, target in case.links.items():
        (root / name).symlink_to(target)
    if patch and case.patch is not None:
        case.patch(mp, root)
    return root


def located(case: Case) -> str:
    """``bad.toml:3:8: `` → the file, line and column prefix a message must carry."""
    where = case.file
    if case.line is not None:
        where += f":{case.line}"
        if case.column is not None:
            where += f":{case.column}"
    return where + ":"
