"""The benchmark generator writes data folders the loader accepts, deterministically."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from towntui.core.loader import bundled_data_dir, load
from towntui.core.search import SearchIndex


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_tiny_folder_loads_with_zero_problems(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "syn"
    gen.generate(out, towns=3, entities=7, metrics=5, events=6, seed=3)
    ds = load([out])
    assert [str(p) for p in ds.problems] == []
    assert [t.id for t in ds.towns] == ["syn-0000", "syn-0001", "syn-0002"]
    for town in ds.towns:
        assert len(town.entities) == 7
        assert len(town.metrics) == 5
        assert len(town.events) == 6
        assert town.name and town.name_en and town.summary and town.summary_en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in town.name)
    assert len(ds.entities) == 21
    keyed = [m for t in ds.towns for m in t.metrics if m.key]
    assert keyed and all(m.key in ds.registry for m in keyed)


def test_folder_loads_beside_the_bundled_data(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "syn"
    gen.generate(out, towns=2, entities=3, metrics=30, events=4)
    ds = load([bundled_data_dir(), out])
    assert [str(p) for p in ds.errors] == []
    assert {"syn-0000", "syn-0001", "yunqi"} <= {t.id for t in ds.towns}


def test_same_seed_same_bytes_other_seed_other_names(gen: ModuleType, tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    gen.generate(a, towns=2, entities=5, metrics=3, events=3, seed=7)
    gen.generate(b, towns=2, entities=5, metrics=3, events=3, seed=7)
    gen.generate(c, towns=2, entities=5, metrics=3, events=3, seed=8)
    assert _tree(a) == _tree(b)
    assert _tree(a) != _tree(c)


def test_generated_names_are_searchable_by_pinyin(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "syn"
    gen.generate(out, towns=2, entities=10, metrics=2, events=2)
    ds = load([out])
    town = ds.towns[0]
    brand_en = town.aliases[2]
    hits = SearchIndex(ds).search(brand_en.lower())
    assert hits and town.id in hits[0].towns


def test_command_line_writes_the_folder(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    args = [str(out), "--towns", "2", "--entities", "2", "--metrics", "1", "--events", "1"]
    assert gen.main([*args, "--seed", "5"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["metrics.toml", "sources.toml", "towns"]
    assert len(list((out / "towns").glob("*.toml"))) == 2
    assert load([out]).problems == ()
