"""Tours as data (core): the bundled tour, the format's checks, and ``validate``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import bundled
from tests.helpers.cli import run_cli
from towntui.core.loader import bundled_data_dir
from towntui.core.tour import DEFAULT_TOUR, SCREENS, Tour, load_tours

GOOD_STOP = """
[[stops]]
screen = "towns"
actions = [{ town = "yunqi" }]
caption_zh = "云栖小镇。"
caption_en = "Yunqi Town."
"""


def story() -> Tour:
    tours = load_tours([bundled_data_dir()], bundled.dataset())
    assert tours.problems == ()
    return tours.tours[DEFAULT_TOUR]


def test_bundled_tour_tells_the_story_from_2007_to_2025() -> None:
    tour = story()
    assert 10 <= len(tour.stops) <= 15
    assert tour.title and tour.title_en
    first, last_event = tour.stops[0], [s for s in tour.stops if s.actions[0].kind == "event"][-1]
    assert first.actions[0].value == "yuhuangshan-2007-renovation"
    assert last_event.actions[0].value == "yunqi-2025-apsara-conference"
    kinds = {a.kind for s in tour.stops for a in s.actions}
    assert {"town", "event", "search", "compare", "entity", "keys"} <= kinds
    assert {s.screen for s in tour.stops} == set(SCREENS)
    for stop in tour.stops:
        assert stop.caption_zh and stop.caption_en and stop.line is not None
        assert stop.caption_zh.count("。") <= 2  # one or two sentences


def _record_text(kind: str, value: object) -> str:
    """The text of the record an action shows (what a caption may restate)."""
    ds = bundled.dataset()
    if kind == "event":
        (event,) = [e for e in ds.events if e.id == value]
        return " ".join(str(x) for x in (event.date, event.title, event.summary, event.note))
    if kind == "town":
        town = bundled.town(str(value))
        return f"{town.summary} {town.summary_en}"
    if kind == "entity":
        entity = ds.entities[str(value)]
        return f"{entity.role} {entity.note}"
    return ""


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text))


def test_every_number_in_a_caption_is_in_the_record_the_stop_shows() -> None:
    years = {str(e.date.year) for e in bundled.dataset().events}
    for stop in story().stops:
        shown = " ".join(_record_text(a.kind, a.value) for a in stop.actions)
        allowed = _numbers(shown) | (years if not shown else set())
        assert _numbers(stop.caption_zh) <= allowed, (stop.line, stop.caption_zh)


def write_tour(folder: Path, text: str, name: str = "bad.toml") -> Path:
    (folder / "tours").mkdir(parents=True, exist_ok=True)
    path = folder / "tours" / name
    path.write_text(text, encoding="utf-8")
    return path


BROKEN = (
    'title = "坏的"\ntitle_en = "Broken"\n'
    + GOOD_STOP  # stops[0]: fine (lines 4-8)
    + """
[[stops]]
screen = "map"
caption_zh = "x"
caption_en = "x"

[[stops]]
screen = "timeline"
actions = [{ event = "no-such-event" }, { keys = ["space"] }]
caption_zh = "x"
caption_en = "x"
dwell = 0

[[stops]]
screen = "compare"
actions = [{ town = "yunqi" }, { fly = "moon" }, "yunqi"]
caption_en = "x"
"""
)


def test_a_broken_tour_names_file_line_and_field_and_keeps_the_valid_stops(
    tmp_path: Path,
) -> None:
    write_tour(tmp_path, BROKEN)
    tours = load_tours([tmp_path], bundled.dataset())
    got = {(p.line, p.field, p.message.split(" (")[0]) for p in tours.problems}
    assert all(p.path.endswith("bad.toml") for p in tours.problems)
    assert (10, "stops[1].screen", 'unknown screen "map"') in got
    assert (15, "stops[2].actions[0].event", 'unknown event "no-such-event"') in got
    assert (15, "stops[2].actions[1].keys", '"space" is a presenter key') in got
    assert (15, "stops[2].dwell", "expected 1 to 600 seconds, got 0") in got
    expected = 'the action "town" shows the towns screen, not "compare"'
    assert (22, "stops[3].actions[0]", expected) in got
    assert (22, "stops[3].actions[1].fly", "unknown action") in got
    not_table = 'expected a table such as { town = "yunqi" }, got string'
    assert (22, "stops[3].actions[2]", not_table) in got
    assert (22, "stops[3].caption_zh", "missing required field") in got
    (tour,) = tours.tours.values()
    assert [s.line for s in tour.stops] == [4]


def test_validate_reports_a_broken_tour_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tour(tmp_path, BROKEN)
    code, out, _ = run_cli(capsys, "validate", str(tmp_path), data=None)
    assert code == 1
    assert 'bad.toml:10: stops[1].screen: unknown screen "map"' in out
    assert "no towns/ or tours/ folder" not in out


def test_a_tour_that_is_not_toml_or_has_no_stop(tmp_path: Path) -> None:
    write_tour(tmp_path, 'title = "x"\ntitle_en = "x"\n[[stops]\n', "syntax.toml")
    write_tour(tmp_path, 'title = "x"\ntitle_en = "x"\nstops = []\n', "empty.toml")
    write_tour(tmp_path, 'title_en = "x"\n' + GOOD_STOP, "untitled.toml")
    tours = load_tours([tmp_path], bundled.dataset())
    got = {(Path(p.path).name, p.line, p.field, p.message.split(":")[0]) for p in tours.problems}
    assert ("syntax.toml", 3, None, "invalid TOML") in got
    assert ("empty.toml", None, "stops", "the tour has no valid stop") in got
    assert ("untitled.toml", None, "title", "missing required field (expected a string)") in got
    assert set(tours.tours) == {"untitled"}  # its stop is fine; the title is the file's name


def test_validate_passes_on_the_bundled_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "validate", data=None)
    assert code == 0, out
