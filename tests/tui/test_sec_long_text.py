"""Issue 16 item 9: a town whose summary is megabytes long is shown at once: one view
renders a bounded part of it and says how much is left out."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console

from tests.helpers import within
from towntui.core.model import Dataset, Town
from towntui.tui.render.glyphs import UNICODE
from towntui.tui.render.profile import MAX_SHOWN_CHARS, town_profile


def render(town: Town, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(town_profile(Dataset(towns=(town,)), town, "en", UNICODE))
    return console.export_text()


@pytest.mark.parametrize(
    "summary",
    [
        "短行\n" * 1_600_000,  # 4.8 MB of short lines
        "很长的一句话" * 800_000,  # 4.8 MB without a break
    ],
    ids=["short-lines", "one-long-line"],
)
def test_a_huge_summary_renders_a_bounded_part(summary: str) -> None:
    town = Town(id="t", name="长", name_en="Long", path="t.toml", summary=summary)
    text = within(60, lambda: render(town))
    assert len(text) < 4 * MAX_SHOWN_CHARS
    assert "more characters not shown" in text
    assert text.count("短行") <= MAX_SHOWN_CHARS


def test_a_normal_summary_is_shown_whole() -> None:
    summary = "云栖小镇是一个以云计算为核心的特色小镇。\n第二段。"
    town = Town(id="t", name="云栖", name_en="Yunqi", path="t.toml", summary=summary)
    text = render(town)
    assert "第二段。" in text and "not shown" not in text


def test_the_event_dialog_shows_a_bounded_summary_and_note() -> None:
    """Issue 16 item 9: an event's huge summary is cut, as a town's is, and says so."""
    from tests.helpers import MINI
    from towntui.core.loader import load
    from towntui.tui.dialogs.event import event_body
    from towntui.tui.render.glyphs import glyphs
    from towntui.tui.render.profile import MAX_SHOWN_CHARS

    ds = load([MINI])
    ev = ds.events[0]
    huge = dataclasses.replace(ev, summary="长" * 2_000_000, note="n\n" * 500_000)
    lines = event_body(huge, ds, "en", glyphs(False))
    text = "".join(str(line) for line in lines)
    assert len(text) < 3 * MAX_SHOWN_CHARS
    assert "more characters not shown" in text
