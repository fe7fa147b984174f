"""The command line run in process, as the CLI tests call it."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO

#: The small, stable data folder the CLI tests run on.
CLI_FIXTURE = REPO / "tests" / "fixtures" / "cli_data"

#: ``run(*args, data=DIR)`` → (exit code, stdout, stderr)
Run = Callable[..., tuple[int, str, str]]


def strings(value: Any) -> Iterator[str]:
    """Every string in a parsed document (TOML or JSON): values, not keys."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def run_cli(
    capsys: pytest.CaptureFixture[str], *args: str, data: Path | None = CLI_FIXTURE
) -> tuple[int, str, str]:
    """``towntui ARGS`` in process on ``data`` alone (``None``: the bundled data) →
    (exit code, stdout, stderr)."""
    from towntui.cli import main

    argv = ["--no-bundled", "--data", str(data), *args] if data is not None else list(args)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def fake_run_app(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the app with a fake that notes the options it is started with (returned,
    filled when it runs) and exits 0; the CLI then imports no Textual."""
    seen: dict[str, Any] = {}

    def run_app(**kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    fake = types.ModuleType("towntui.tui.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "towntui.tui.app", fake)
    return seen
