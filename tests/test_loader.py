"""Loading data folders: every problem reported, named and located; valid towns load."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from towntui.core.loader import MAX_FILE_BYTES, data_dirs, load
from towntui.core.model import Dataset, PartialDate

MakeData = Callable[..., Path]

GOOD = """
[town]
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


def town(tid: str, body: str = "") -> str:
    return (
        f'[town]\nid = "{tid}"\nname = "{tid}镇"\nname_en = "{tid} town"\n'
        f'summary = "s"\nsummary_en = "s"\n{body}'
    )


def messages(ds: Dataset) -> list[str]:
    return [str(p) for p in ds.problems]


def test_mini_fixture_loads_cleanly(mini_dir: Path) -> None:
    ds = load([mini_dir])
    assert ds.problems == ()
    assert [t.id for t in ds.towns] == ["qiantang", "yuhuangshan", "yunqi"]
    assert ds.entities["alibaba-cloud"].town == "yunqi"
    assert ds.town("yunqi") is not None


def test_bundled_data_is_first_and_env_folders_follow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOWNTUI_DATA", str(tmp_path))
    dirs = data_dirs(["extra"])
    assert dirs[0].name == "data" and (dirs[0] / "metrics.toml").is_file()
    assert dirs[1:] == [Path("extra"), tmp_path]
    assert data_dirs(use_env=False)[1:] == []


def test_records_are_immutable(mini_dir: Path) -> None:
    ds = load([mini_dir])
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.towns[0].name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ds.entities["dunhe"] = ds.entities["dunhe"]  # type: ignore[index]


def test_toml_syntax_error_names_file_line_and_column(make_data: MakeData) -> None:
    root = make_data({"towns/good.toml": GOOD, "towns/bad.toml": '[town]\nid = "x\n'})
    ds = load([root])
    assert [t.id for t in ds.towns] == ["good"]
    (problem,) = ds.problems
    assert problem.path.endswith("towns/bad.toml")
    assert problem.line == 2 and problem.column is not None
    assert "invalid TOML" in problem.message
    assert str(problem).startswith(f"{problem.path}:2:")


def test_unknown_unit_names_the_field_path(make_data: MakeData) -> None:
    bad = GOOD.replace('unit = "家"', 'unit = "亿圆"')
    ds = load([make_data({"towns/good.toml": bad})])
    (problem,) = ds.problems
    assert str(problem).endswith('towns/good.toml:9: metrics[0].unit: unknown unit "亿圆"')
    assert ds.towns[0].metrics == ()  # the bad record is dropped, the town still loads


def test_every_problem_is_collected_not_just_the_first(make_data: MakeData) -> None:
    body = """
[[metrics]]
key = "no_such_metric"
label = "x"
value = 1
unit = "家"
source = "a000-yunqi"

[[metrics]]
key = "enterprises"
label = "y"
value = "many"
unit = "家"
source = "nowhere"

[[metrics]]
key = "enterprises"
label = "z"
value = 3
unit = "人"
source = "a000-yunqi"

[[events]]
date = "2023-13"
title = "bad month"
category = "milestone"
source = "a000-yunqi"

[[events]]
date = "2023-02-30"
title = "bad day"
category = "milestone"
source = "a000-yunqi"

[[events]]
date = "2020"
title = "bad refs"
category = "party"
source = "a000-yunqi"

[[events]]
date = "2020"
title = "dangling"
category = "milestone"
entities = ["ghost"]
towns = ["atlantis"]
source = "missing-source"

[[entities]]
id = "e1"
name = "实体"
kind = "spaceship"
"""
    ds = load([make_data({"towns/t.toml": town("t", body)})])
    text = "\n".join(messages(ds))
    assert 'metrics[0].key: unknown metric key "no_such_metric"' in text
    assert 'metrics[1].value: expected a number, got "many"' in text
    assert 'metrics[2].unit: "人" cannot convert to "家"' in text
    assert "events[0].date" in text and "month 13 does not exist" in text
    assert "events[1].date" in text and "day 30 does not exist in 2023-02" in text
    assert 'events[2].category: unknown category "party"' in text
    assert 'events[3].entities: unknown entity "ghost"' in text
    assert 'events[3].towns: unknown town "atlantis"' in text
    assert 'events[3].source: unknown source "missing-source"' in text
    assert 'entities[0].kind: unknown entity kind "spaceship"' in text
    # a dropped record reports every problem: metrics[1]'s source too (issue 10, item 6)
    assert 'metrics[1].source: unknown source "nowhere"' in text
    assert len(ds.problems) == 11
    assert [e.title for e in ds.towns[0].events] == ["dangling"]


def test_duplicate_ids_are_reported(make_data: MakeData) -> None:
    ent = '\n[[entities]]\nid = "same"\nname = "同"\nkind = "company"\n'
    root = make_data(
        {
            "towns/a.toml": town("a", ent),
            "towns/b.toml": town("b", ent),
            "towns/c.toml": town("a"),
        }
    )
    text = "\n".join(messages(load([root])))
    assert 'duplicate entity id "same"' in text
    assert 'duplicate town id "a"' in text and "this file is skipped" in text


def test_later_folder_replaces_a_town_with_a_warning(
    make_data: MakeData, mini_dir: Path, tmp_path: Path
) -> None:
    root = make_data({"towns/yunqi.toml": town("yunqi")}, base=False)
    ds = load([mini_dir, root])
    yunqi = ds.town("yunqi")
    assert yunqi is not None and yunqi.name == "yunqi镇"
    (problem,) = ds.problems
    assert problem.severity == "warning" and "replaces town" in problem.message
    assert ds.errors == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b'[town]\nname = "\xff\xfe"\n', "not UTF-8"),
        (b'town = "a string"\n', "expected a table"),
        (b"[[town]]\nid = 'x'\n", "expected a table"),
        (b"[metrics]\nvalue = 1\n", "missing the [town] table"),
        (b'title = "wrong shape"\n', "unknown top-level key"),
    ],
)
def test_broken_files_get_clear_messages(
    make_data: MakeData, content: bytes, expected: str
) -> None:
    ds = load([make_data({"towns/good.toml": GOOD, "towns/broken.toml": content})])
    assert [t.id for t in ds.towns] == ["good"]
    text = "\n".join(messages(ds))
    assert "broken.toml" in text and expected in text


def test_not_utf8_points_at_the_byte(make_data: MakeData) -> None:
    ds = load([make_data({"towns/x.toml": b'[town]\nid = "x"\nname = "\xe4\xb8"\n'})])
    (problem,) = ds.problems
    assert (problem.line, problem.column) == (3, 9)


def test_oversized_file_is_refused(make_data: MakeData) -> None:
    big = b"# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    ds = load([make_data({"towns/good.toml": GOOD, "towns/huge.toml": big})])
    assert "over the 5,242,880-byte limit" in "\n".join(messages(ds))
    assert [t.id for t in ds.towns] == ["good"]


def test_unreadable_file_and_missing_folder(make_data: MakeData, tmp_path: Path) -> None:
    root = make_data({"towns/good.toml": GOOD})
    loop = root / "towns" / "loop.toml"
    loop.symlink_to(loop)
    ds = load([root, tmp_path / "nope"])
    text = "\n".join(messages(ds))
    assert "loop.toml: cannot read file" in text
    assert "nope: data folder does not exist" in text
    assert [t.id for t in ds.towns] == ["good"]


def test_directory_symlink_loop_does_not_hang(make_data: MakeData) -> None:
    root = make_data({"towns/good.toml": GOOD})
    (root / "towns" / "sub").symlink_to(root / "towns")
    (root / "towns" / "dir.toml").symlink_to(root / "towns")
    ds = load([root])
    assert [t.id for t in ds.towns] == ["good"]
    assert "dir.toml: is a directory" in "\n".join(messages(ds))


def test_progress_reports_every_file(mini_dir: Path) -> None:
    seen: list[tuple[int, int]] = []
    load([mini_dir], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_entity_towns_include_towns_of_events_that_reference_it(make_data: MakeData) -> None:
    a = town("a", '\n[[entities]]\nid = "shared"\nname = "共享"\nkind = "company"\n')
    b = town(
        "b",
        '\n[[events]]\ndate = "2020-05"\ntitle = "合作"\ncategory = "company"\n'
        'entities = ["shared"]\nsource = "a000-yunqi"\n',
    )
    ds = load([make_data({"towns/a.toml": a, "towns/b.toml": b})])
    assert ds.problems == ()
    assert ds.entities["shared"].towns == ("a", "b")
    (event,) = ds.events
    assert event.date == PartialDate(2020, 5) and event.date.precision == "month"


def test_unquoted_toml_dates_are_accepted(make_data: MakeData) -> None:
    body = (
        '\n[[events]]\ndate = 2015-04-17\ntitle = "t"\ncategory = "milestone"\n'
        'source = "a000-yunqi"\n'
    )
    ds = load([make_data({"towns/t.toml": town("t", body)})])
    assert ds.problems == ()
    assert str(ds.events[0].date) == "2015-04-17"
