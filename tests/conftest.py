"""Shared fixtures: the stable mini data folder and a helper to write data folders."""

from __future__ import annotations

import gc
import importlib.util
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"


@pytest.fixture(scope="session")
def gen() -> ModuleType:
    """``benchmarks/generate.py`` imported as a module (benchmarks is not a package)."""
    path = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Put the cyclic garbage collector back as it was (on or off) after the test."""
    was_on = gc.isenabled()
    yield
    if was_on:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture
def mini_dir() -> Path:
    """The stable fixture data folder (three towns, not real data)."""
    return MINI


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[..., Path]:
    """Write a data folder: ``make_data({"towns/x.toml": "..."})`` → its path.

    The mini folder's registry and sources are copied in unless given.
    """

    def make(files: dict[str, str | bytes], *, base: bool = True) -> Path:
        root = tmp_path / "data"
        (root / "towns").mkdir(parents=True, exist_ok=True)
        if base:
            shutil.copy(MINI / "metrics.toml", root / "metrics.toml")
            shutil.copy(MINI / "sources.toml", root / "sources.toml")
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as a script sees it: no load cache, no ``TOWNTUI_DATA``, colour allowed."""
    monkeypatch.setenv("TOWNTUI_NO_CACHE", "1")
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread; fail (instead of hanging the suite) if it takes too long."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if errors:
        raise errors[0]
    return result[0] if result else None


#: The small, stable data folder the CLI tests run on.
CLI_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "cli_data"

#: ``run(*args, data=DIR)`` → (exit code, stdout, stderr)
Run = Callable[..., tuple[int, str, str]]


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


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("towns", "--json")`` on the CLI fixture folder (``data=None``: bundled)."""

    def go(*args: str, data: Path | None = CLI_FIXTURE) -> tuple[int, str, str]:
        return run_cli(capsys, *args, data=data)

    return go
