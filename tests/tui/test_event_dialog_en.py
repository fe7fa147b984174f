"""The event dialog in English (issue 12): every bundled event's title and summary in
English, and no Chinese outside names, the source article's title and its byline."""

from __future__ import annotations

import re

import pytest

from tests.helpers.bundled import dataset
from towntui.tui.dialogs.event import event_body
from towntui.tui.render.glyphs import glyphs

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _lines(event_id: str, lang: str) -> list[str]:
    ds = dataset()
    ev = next(e for e in ds.events if e.id == event_id)
    return [str(c) for c in event_body(ev, ds, lang, glyphs(False))]


@pytest.mark.parametrize("event_id", sorted(e.id for e in dataset().events))
def test_the_english_dialog_shows_no_chinese_outside_names(event_id: str) -> None:
    ds = dataset()
    ev = next(e for e in ds.events if e.id == event_id)
    src = ds.sources[ev.source]
    names = [ev.title, src.title, *src.byline]
    for tid in ev.towns:
        town = ds.town(tid)
        assert town is not None
        names += [town.display_name, town.name]
    lines = _lines(event_id, "en")
    assert lines[0] == ev.title_en  # the English title leads
    leaks = []
    for line in lines:
        if line.startswith("Note "):  # a curation note quotes its article
            continue
        for name in sorted(names, key=len, reverse=True):
            line = line.replace(name, "")
        if CJK.search(line):
            leaks.append(line)
    assert not leaks, leaks


def test_the_chinese_dialog_leads_with_the_chinese_title_and_summary() -> None:
    ev = next(e for e in dataset().events if e.id == "yunqi-2011-10-cloud-park")
    lines = _lines(ev.id, "zh")
    assert lines[:2] == [ev.title, ev.title_en]
    assert ev.summary in lines and ev.summary_en not in lines
    english = _lines(ev.id, "en")
    assert english[:2] == [ev.title_en, ev.title]
    assert ev.summary_en in english and ev.summary not in english


def test_the_copied_event_leads_with_the_title_in_its_language() -> None:
    from towntui.tui.dialogs.event import event_text

    ds = dataset()
    ev = next(e for e in ds.events if e.id == "yunqi-2011-10-cloud-park")
    assert ev.title_en is not None
    english, chinese = event_text(ev, ds, "en"), event_text(ev, ds, "zh")
    assert english.index(ev.title_en) < english.index(ev.title)
    assert chinese.index(ev.title) < chinese.index(ev.title_en)
