"""Shared fixtures: the stable mini data folder, a data-folder writer, the CLI's
environment and runner (the helpers they use are in :mod:`tests.helpers`)."""

from __future__ import annotations

import gc
import importlib.util
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import MINI, REPO
from tests.helpers.cli import CLI_FIXTURE, Run, run_cli


@pytest.fixture(autouse=True)
def english_locale(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test starts in the C.UTF-8 locale with an empty settings folder, so the
    CLI's language resolves to English unless a test chooses (``--lang``, a config, a
    locale): the golden outputs do not depend on the machine running them."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


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


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("towns", "--json")`` on the CLI fixture folder (``data=None``: bundled)."""

    def go(*args: str, data: Path | None = CLI_FIXTURE) -> tuple[int, str, str]:
        return run_cli(capsys, *args, data=data)

    return go
