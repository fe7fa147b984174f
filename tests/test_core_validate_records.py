"""Core pieces behind the CLI: checking folders (``towntui.core.validate``) and the two
record shapes (``towntui.core.records``), tested without the command line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from towntui.core.compare import compare
from towntui.core.export import dataset_tables
from towntui.core.loader import load
from towntui.core.records import (
    compare_record,
    compare_rows,
    event_record,
    file_record,
    flat_rows,
    number,
    town_summary,
)
from towntui.core.validate import validate

MakeData = Callable[..., Path]


def test_validate_all_default_folders_counts_towns_and_problems(mini_dir: Path) -> None:
    result = validate([], [mini_dir])
    assert result.folders == (mini_dir,)
    assert result.towns == 3
    assert result.problems == ()
    assert (result.errors, result.warnings, result.ok, result.exit_code) == (0, 0, True, 0)


def test_validate_named_folders_keeps_only_their_problems(make_data: MakeData) -> None:
    folder = make_data({"towns/bad.toml": '[town]\nid = "bad"\n'})
    result = validate([str(folder)], [], bundled=False)
    assert result.folders == (folder,)
    assert result.problems, "a town without a name is an error"
    assert all(Path(p.path).is_relative_to(folder) for p in result.problems)
    assert result.errors >= 1 and not result.ok and result.exit_code == 1
    assert result.warnings == len(result.problems) - result.errors


def test_validate_a_folder_outside_the_named_ones_does_not_count(
    mini_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(mini_dir, other)
    result = validate([other], [], bundled=False)
    assert result.towns == 3 and result.ok


def test_number_keeps_whole_numbers_exact() -> None:
    assert number(7.0) == 7 and isinstance(number(7.0), int)
    assert number(7.5) == 7.5
    assert isinstance(number(2.0**60), float)


def test_the_record_shape_keeps_nulls_and_the_file_shape_drops_them(mini_dir: Path) -> None:
    ds = load([mini_dir])
    town = ds.towns[0]
    summary = town_summary(town)
    assert None not in file_record(town).values()
    assert set(file_record(town)) <= set(summary) | {"summary", "summary_en", "note"}
    event = town.events[0]
    record = event_record(event)
    assert record["towns"][0] == event.town  # its own town first
    assert event.town not in file_record(event).get("towns", [])


def test_csv_tables_are_the_flat_form_of_the_records(mini_dir: Path) -> None:
    ds = load([mini_dir])
    header, rows = dataset_tables(ds)["events"]
    town = ds.towns[0]
    first = dict(zip(header, rows[0], strict=True))
    assert first["town"] == town.id and first["id"] == town.events[0].id
    flat = flat_rows([event_record(e) for e in town.events], ["id", "towns"])
    assert flat[0] == [town.events[0].id, ";".join(town.events[0].towns)]


def test_compare_csv_is_the_flat_form_of_compare_json(mini_dir: Path) -> None:
    ds = load([mini_dir])
    record = compare_record(compare(ds, [t.id for t in ds.towns]))
    header, rows = compare_rows(record)
    first_town = record["towns"][0]["id"]
    assert header[:7] == ["key", "label", "label_en", "unit", "year", "status", first_town]
    for row, line in zip(record["rows"], rows, strict=True):
        assert line[0] == row["key"] and line[4:6] == [row["year"], row["status"]]
        cell = row["cells"][0]
        assert line[6:10] == [cell["value"], cell["year"], cell["qualifier"], cell["source"]]
