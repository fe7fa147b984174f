"""Previews: the loader shows the towns loaded so far while a large folder loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from towntui.core.loader import load
from towntui.core.model import Dataset


def test_previews_grow_town_by_town_and_end_as_the_final_data(
    tmp_path: Path, mini_dir: Path
) -> None:
    seen: list[Dataset] = []
    final = load([mini_dir], preview=seen.append, preview_every=0)
    assert [len(ds.towns) for ds in seen] == [1, 2, 3]
    ids = [t.id for t in final.towns]
    for ds in seen:
        assert [t.id for t in ds.towns] == ids[: len(ds.towns)]
        assert ds.registry == final.registry
    last = seen[-1]
    assert set(last.entities) == set(final.entities)
    for town in last.towns:
        assert town.sources == final.town(town.id).sources  # type: ignore[union-attr]


def test_previews_are_spaced_in_time(mini_dir: Path) -> None:
    seen: list[Dataset] = []
    load([mini_dir], preview=seen.append, preview_every=3600)
    assert [len(ds.towns) for ds in seen] == [1]  # the first town at once, then none


def test_a_later_folder_replacing_a_town_keeps_one_row(tmp_path: Path, mini_dir: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(mini_dir, other)
    seen: list[Dataset] = []
    load([mini_dir, other], preview=seen.append, preview_every=0)
    assert [len(ds.towns) for ds in seen] == [1, 2, 3, 3, 3, 3]


def test_a_load_done_before_the_first_preview_is_due_sends_none(mini_dir: Path) -> None:
    # a small or cached folder loads in milliseconds: a preview of it would only make
    # the screen draw the towns twice
    seen: list[Dataset] = []
    load([mini_dir], preview=seen.append, preview_every=0, preview_after=3600)
    assert seen == []


def test_the_app_asks_for_no_preview_in_its_first_tenth_of_a_second(
    mini_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from towntui.core import loader
    from towntui.tui import loading

    asked: list[dict[str, object]] = []
    real = loader.load

    def spy(*args: object, **kw: object) -> Dataset:
        asked.append(kw)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load", spy)

    class Target:
        def post_message(self, message: object) -> bool:
            if isinstance(message, loading.DataPreview) and message.final:
                run.shown.set()
            return True

    run = loading.Loading(Target(), [mini_dir], None)  # type: ignore[arg-type]
    monkeypatch.setattr(run, "_index", lambda *a: None)
    run.run()
    assert asked and asked[0]["preview_after"] == loading.LOADER_PREVIEW_AFTER > 0
