"""Curation notes in one language at a time (``towntui.core.notes``), and ``note_en``
in the data format: loaded, kept in the records, and never shown in the wrong language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.notes import note_in, script_of, town_notes
from towntui.core.records import file_record, metric_record, town_detail


@pytest.mark.parametrize(
    ("lang", "note", "note_en", "shown"),
    [
        ("zh", "按文中“35岁”推算。", "Resolved from “35岁”.", "按文中“35岁”推算。"),
        ("en", "按文中“35岁”推算。", "Resolved from “35岁”.", "Resolved from “35岁”."),
        ("zh", None, "Resolved from “35岁”.", "（仅有英文）Resolved from “35岁”."),
        ("en", "按文中推算。", None, "(Chinese only) 按文中推算。"),
        # an English text left in ``note`` (the old format) is known for English
        ("en", 'Written "超48万"; no year given.', None, 'Written "超48万"; no year given.'),
        (
            "zh",
            'Written "超48万"; no year given.',
            None,
            '（仅有英文）Written "超48万"; no year given.',
        ),
        ("zh", None, None, None),
        ("en", "", "", None),
    ],
)
def test_a_note_shows_in_its_language_or_says_which_it_is(
    lang: str, note: str | None, note_en: str | None, shown: str | None
) -> None:
    assert note_in(lang, note, note_en) == shown


def test_script_counts_chinese_against_latin() -> None:
    assert script_of("文中写作“近千家”，目前为2023年。") == "zh"
    assert script_of('Written "近千家"; 目前 in a 2023 article.') == "en"


TOWN = """
[town]
id = "t"
name = "测试镇"
name_en = "Test Town"
summary = "简介。"
summary_en = "Summary."
note = "整镇的说明。"
note_en = "A note on the whole town."
area = { value = 3, unit = "平方公里", source = "s1", note = "面积说明。", note_en = "Area note." }

[[sources]]
id = "s1"
title = "文章"
year = 2024
note = "原文有乱码。"
note_en = "The text is garbled."

[[metrics]]
label = "人才数量"
label_en = "Talents"
value = 48
unit = "万人"
qualifier = "超"
year = 2025
source = "s1"
note = "文中写作“人才总量超48万”。"
note_en = "Written “人才总量超48万”."

[[events]]
date = "2025"
title = "事件"
title_en = "An event"
category = "milestone"
source = "s1"
note = "按“今年”推算。"
note_en = "From “今年” in a 2025 article."

[[entities]]
id = "e1"
name = "某公司"
kind = "company"
note = "只在图注中出现。"
note_en = "Named only in a caption."
"""


def _dataset(tmp_path: Path) -> Dataset:
    (tmp_path / "towns").mkdir()
    (tmp_path / "towns" / "t.toml").write_text(TOWN, encoding="utf-8")
    ds = load([tmp_path])
    assert not [p for p in ds.problems if p.severity == "error"], ds.problems
    return ds


def test_note_en_loads_on_every_record_and_stays_in_the_records(tmp_path: Path) -> None:
    ds = _dataset(tmp_path)
    town = ds.town("t")
    assert town is not None and town.area is not None
    assert (town.note_en, town.area.note_en) == ("A note on the whole town.", "Area note.")
    assert town.metrics[0].note_en == "Written “人才总量超48万”."
    assert town.events[0].note_en == "From “今年” in a 2025 article."
    assert town.entities[0].note_en == "Named only in a caption."
    assert ds.sources["s1"].note_en == "The text is garbled."
    # the JSON keeps both forms, and the raw value and qualifier
    rec = metric_record(town.metrics[0])
    assert (rec["value"], rec["unit"], rec["qualifier"]) == (48, "万人", "超")
    assert (
        rec["note"] == "文中写作“人才总量超48万”。"
        and rec["note_en"] == "Written “人才总量超48万”."
    )
    assert town_detail(ds, town)["note_en"] == "A note on the whole town."
    assert file_record(town.events[0])["note_en"] == "From “今年” in a 2025 article."


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_towns_notes_are_listed_in_order_with_what_they_concern(
    tmp_path: Path, lang: str
) -> None:
    ds = _dataset(tmp_path)
    town = ds.town("t")
    assert town is not None
    notes = town_notes(ds, town, lang, town.events)
    assert [n.kind for n in notes] == ["town", "area", "metric", "event", "source"]
    if lang == "zh":
        assert [n.about for n in notes] == ["本镇", "面积", "人才数量 (2025)", "2025 事件", "文章"]
        assert notes[0].text == "整镇的说明。"
    else:
        assert [n.about for n in notes] == [
            "The town", "Area", "Talents (2025)", "2025 An event", "文章",
        ]  # fmt: skip
        assert notes[2].text == "Written “人才总量超48万”."


def test_every_bundled_note_is_written_in_both_languages() -> None:
    """The bundled data writes each curation note in Chinese (``note``) and English
    (``note_en``), so no note ever needs a language marker. (An English note may be
    little more than a quotation of the article, so only the Chinese one's script is
    checked.)"""
    from towntui.core.loader import bundled_data_dir

    ds = load([bundled_data_dir()])
    records: list[object] = [*ds.sources.values()]
    for town in ds.towns:
        records += [town, *town.metrics, *town.events, *town.entities]
        if town.area is not None:
            records.append(town.area)
    bad = []
    for r in records:
        note, note_en = r.note, r.note_en
        if (note or note_en) and not (note and note_en and script_of(note) == "zh"):
            bad.append(repr(r)[:120])
    assert not bad, "\n".join(bad)
