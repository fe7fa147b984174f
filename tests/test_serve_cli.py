"""``towntui serve``: loopback by default, a public address only when asked (with a
warning), the command each browser tab runs, and the app run by textual-serve."""

from __future__ import annotations

import shlex
import sys
import types
from typing import Any

import pytest

from tests.helpers.cli import CLI_FIXTURE, fake_run_app, run_cli
from towntui.cli.demo import loopback


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What textual-serve's ``Server`` was made with (a fake that serves nothing)."""
    got: dict[str, Any] = {}

    class Server:
        def __init__(self, command: str, **kwargs: Any) -> None:
            got.update(kwargs, command=command)

        def serve(self) -> None:
            got["served"] = True

    fake = types.ModuleType("textual_serve.server")
    fake.Server = Server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve.server", fake)
    return got


def test_serve_listens_on_loopback_by_default(
    server: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "serve", "--lang", "en", "--ascii")
    assert code == 0, err
    assert server["host"] == "127.0.0.1" and server["port"] == 8000 and server["served"]
    argv = shlex.split(server["command"])
    assert argv[:3] == [sys.executable, "-m", "towntui"]
    assert argv[3:] == ["--no-bundled", "--data", str(CLI_FIXTURE), "--ascii", "--lang", "en"]
    assert "warning" not in err


def test_a_public_host_needs_public_and_is_warned_about(
    server: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "serve", "--host", "0.0.0.0")
    assert code == 2 and "not a loopback address" in err and "--public" in err
    assert not server
    code, _, err = run_cli(capsys, "serve", "--host", "0.0.0.0", "--port", "9000", "--public")
    assert code == 0 and server["host"] == "0.0.0.0" and server["port"] == 9000
    assert "warning: serving on 0.0.0.0:9000, not only this machine" in err


def test_serve_tour_runs_the_tour_in_each_tab(
    server: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "serve", "--tour", "--auto", "7", "--loop", data=None)
    assert code == 0, err
    assert shlex.split(server["command"])[3:] == ["tour", "story", "--auto", "7", "--loop"]
    server.clear()
    code, _, err = run_cli(capsys, "serve", "--tour", "nowhere", data=None)
    assert code == 2 and 'no tour called "nowhere"' in err and not server
    code, _, err = run_cli(capsys, "serve", "--loop", data=None)
    assert code == 2 and "--auto and --loop go with --tour" in err


def test_bad_ports_are_usage_errors(
    server: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    for port in ("0", "70000", "http"):
        code, _, err = run_cli(capsys, "serve", "--port", port)
        assert code == 2 and "--port" in err
    assert not server


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
        ("::", False),
    ],
)
def test_loopback(host: str, ok: bool) -> None:
    assert loopback(host) is ok


def test_an_app_started_by_textual_serve_needs_no_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = fake_run_app(monkeypatch)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    code, _, err = run_cli(capsys)
    assert code == 0 and seen, err
    code, _, err = run_cli(capsys, "tour", data=None)
    assert code == 0 and seen["tour"].tour.id == "story", err
