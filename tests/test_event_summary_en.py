"""An event's summary in English (``summary_en``, issue 12): loaded, validated, cached,
exported, searched and shown in the language chosen, and written for every bundled event."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.bundled import dataset as bundled
from tests.helpers.cli import run_cli
from towntui.core.cache import LoadCache
from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.records import event_record, file_record, flat_record
from towntui.core.search import SearchIndex

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

TOWN = """\
[town]
id = "t"
name = "测试镇"
name_en = "Test Town"
summary = "一个小镇。"
summary_en = "A town."

[[sources]]
id = "s1"
title = "文章"
year = 2024

[[events]]
id = "t-open"
date = "2020"
title = "小镇开园"
title_en = "The town opens"
summary = "小镇在这一年开园，首批企业入驻。"
summary_en = "The town opened that year and took in its first firms (zephyrine)."
category = "opening"
source = "s1"
"""


def _dataset(tmp_path: Path, text: str = TOWN, cache: LoadCache | None = None) -> Dataset:
    (tmp_path / "towns").mkdir(exist_ok=True)
    (tmp_path / "towns" / "t.toml").write_text(text, encoding="utf-8")
    return load([tmp_path], cache=cache)


def test_summary_en_loads_and_stays_in_every_record_shape(tmp_path: Path) -> None:
    ds = _dataset(tmp_path)
    assert not ds.problems, ds.problems
    ev = ds.towns[0].events[0]
    english = "The town opened that year and took in its first firms (zephyrine)."
    assert ev.summary_en == english
    record = event_record(ev)
    assert list(record)[list(record).index("summary") + 1] == "summary_en"
    assert record["summary_en"] == english
    assert flat_record(record)["summary_en"] == english
    assert file_record(ev)["summary_en"] == english


def test_summary_en_that_is_not_text_is_an_error_naming_the_field(tmp_path: Path) -> None:
    ds = _dataset(tmp_path, TOWN.replace('summary_en = "The town opened', "summary_en = 3 #"))
    errors = [p for p in ds.problems if p.severity == "error"]
    assert errors and errors[0].field == "events[0].summary_en", ds.problems
    assert "string" in errors[0].message
    assert ds.towns[0].metrics == () and ds.towns[0].id == "t"  # the rest still loads


def test_summary_en_survives_the_load_cache(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache.json"
    cold = _dataset(tmp_path, cache=LoadCache(cache_file))
    warm_cache = LoadCache(cache_file)
    warm = load([tmp_path], cache=warm_cache)
    assert warm_cache.hits == 1
    assert warm.towns[0].events[0] == cold.towns[0].events[0]
    assert warm.towns[0].events[0].summary_en is not None


def test_an_english_word_of_a_summary_finds_its_event(tmp_path: Path) -> None:
    index = SearchIndex(_dataset(tmp_path))
    hits = index.search("zephyrine")
    assert [(h.kind, h.id, h.field) for h in hits] == [("event", "t-open", "summary_en")]
    hits = index.search("首批企业")
    assert [(h.kind, h.id, h.field) for h in hits] == [("event", "t-open", "summary")]


def test_the_event_command_prints_the_summary_in_the_language_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _dataset(tmp_path)
    code, out, _ = run_cli(capsys, "--lang", "en", "event", "t-open", data=tmp_path)
    assert code == 0
    assert "took in its first firms" in out and "首批企业" not in out
    code, out, _ = run_cli(capsys, "--lang", "zh", "event", "t-open", data=tmp_path)
    assert code == 0
    assert "首批企业" in out and "took in its first firms" not in out


def test_every_bundled_event_has_an_english_summary_in_english() -> None:
    missing, chinese = [], []
    for ev in bundled().events:
        if ev.summary and not ev.summary_en:
            missing.append(ev.id)
        elif ev.summary_en and CJK.search(ev.summary_en):
            chinese.append(f"{ev.id}: {ev.summary_en}")
    assert not missing, missing
    assert not chinese, "\n".join(chinese)
    assert len(bundled().events) >= 60


def test_every_bundled_text_the_interface_shows_has_an_english_form() -> None:
    """Names, roles, labels, titles, summaries and notes of the bundled data: each one
    written in Chinese has its English form, so English mode never falls back to it."""
    ds = bundled()
    pairs = {
        "town": ("name", "district", "kind", "industries", "summary", "note"),
        "metric": ("label", "note"),
        "event": ("title", "summary", "note"),
        "entity": ("name", "role", "note"),
        "source": ("title", "note"),
    }
    records: list[tuple[str, object]] = [("source", s) for s in ds.sources.values()]
    for t in ds.towns:
        records.append(("town", t))
        records += [("metric", m) for m in t.metrics]
        records += [("event", e) for e in t.events]
        records += [("entity", e) for e in t.entities]
    missing = [
        f"{kind} {getattr(r, 'id', None) or getattr(r, 'label', '')}: {field}_en"
        for kind, r in records
        for field in pairs[kind]
        if getattr(r, field) and not getattr(r, f"{field}_en")
    ]
    assert not missing, "\n".join(missing)
