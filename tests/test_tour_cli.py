"""``towntui tour``: the tour named, its options, and what it says without a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.cli import fake_run_app, run_cli
from towntui.cli import terminal as cli_terminal


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the app was started with (a fake ``run_app``), on a pretend terminal."""
    got = fake_run_app(monkeypatch)
    monkeypatch.setattr(cli_terminal, "is_terminal", lambda stream: True)
    return got


def test_tour_starts_the_app_with_the_bundled_tour(
    seen: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "tour", "--auto", "6", "--loop", "--lang", "en", data=None)
    assert code == 0, err
    plan = seen["tour"]
    assert plan.tour.id == "story" and plan.auto == 6 and plan.loop
    assert seen["lang"] == "en" and seen["mouse"] and not seen["ascii"]
    code, _, _ = run_cli(capsys, "--ascii", "tour", "--auto", "--no-mouse", data=None)
    assert code == 0
    assert seen["tour"].auto == 0 and not seen["tour"].loop  # each stop's own dwell
    assert seen["ascii"] and not seen["mouse"]


def test_an_unknown_tour_or_bad_seconds_exit_2(
    seen: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "tour", "nowhere", data=None)
    assert code == 2 and 'no tour called "nowhere" (tours: story)' in err
    code, _, err = run_cli(capsys, "tour", "--auto", "0", data=None)
    assert code == 2 and "expected seconds from 1 to 600" in err
    assert not seen


def test_a_broken_stop_is_said_and_the_rest_runs(
    seen: dict[str, Any], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "tours").mkdir()
    (tmp_path / "tours" / "mine.toml").write_text(
        'title = "我的"\ntitle_en = "Mine"\n'
        '[[stops]]\nscreen = "towns"\nactions = [{ town = "yunqi" }]\n'
        'caption_zh = "云栖。"\ncaption_en = "Yunqi."\n'
        '[[stops]]\nscreen = "towns"\nactions = [{ town = "atlantis" }]\n'
        'caption_zh = "x"\ncaption_en = "x"\n',
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "--data", str(tmp_path), "tour", "mine", data=None)
    assert code == 0
    assert 'mine.toml:8: stops[1].actions[0].town: unknown town "atlantis"' in err
    assert len(seen["tour"].tour.stops) == 1


def test_tour_without_a_terminal_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "tour", data=None)
    assert code == 2 and out == ""
    assert "the tour needs a terminal" in err
