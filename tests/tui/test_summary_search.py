"""A word found deep in an event's summary (issue 12: English summaries are searchable)
shows in its result row, highlighted, instead of being cropped away."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.helpers.tui import AppFactory, wait_loaded
from tests.tui.test_app_towns_search import search_for
from towntui.tui.render.labels import from_match


def test_from_match_starts_near_a_match_past_the_width() -> None:
    text = "The town opened that year and took in its first firms (zephyrine)."
    start = text.index("zephyrine")
    positions = list(range(start, start + 9))
    shown, moved = from_match(text, positions, 30, "…")
    assert shown.startswith("…") and "zephyrine" in shown[:30]
    assert "".join(shown[p] for p in moved) == "zephyrine"
    # a match already in sight leaves the text alone
    assert from_match(text, [0, 1, 2], 30, "…") == (text, [0, 1, 2])
    assert from_match(text, [], 30, "…") == (text, [])


async def test_an_english_word_of_a_summary_shows_in_its_row(
    make_app: AppFactory, bundled_dirs: list[Path]
) -> None:
    app = make_app(dirs=bundled_dirs, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        screen = await search_for(pilot, "skybridge")
        hit = screen.hits[0]
        assert (hit.kind, hit.id, hit.field) == (
            "event",
            "yunqi-2025-10-cast-centre-completed",
            "summary_en",
        )
        prompt = screen.query_one("#results", OptionList).get_option_at_index(0).prompt
        styled = "".join(
            str(prompt)[i]
            for span in prompt.spans
            for i in range(span.start, span.end)
            if "underline" in str(span.style)
        )
        assert styled.lower() == "skybridge"
        # beside it, the event's title in the label language, not the Chinese one
        assert "CAST Hangzhou" in str(prompt) and "航天五院" not in str(prompt)
