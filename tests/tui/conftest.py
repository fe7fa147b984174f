"""Shared fixtures for the TUI tests: an app factory isolated from the user's settings
(the helpers for driving an app are in :mod:`tests.helpers.tui`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINI
from tests.helpers.tui import AppFactory
from towntui.core.loader import bundled_data_dir
from towntui.tui.app import TownApp


@pytest.fixture(autouse=True)
def _own_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app under test keeps its load cache in the test's folder, not the user's."""
    monkeypatch.setenv("TOWNTUI_CACHE_DIR", str(tmp_path / "load-cache"))


@pytest.fixture(autouse=True)
def _unfreeze_collector() -> Iterator[None]:
    """An app freezes its objects once loaded (``gc.freeze``); give them back after each
    test, so the apps of earlier tests can be collected."""
    yield
    gc.unfreeze()


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh settings folder (``TOWNTUI_CONFIG_DIR``); no ``TOWNTUI_DATA`` folders."""
    folder = tmp_path / "config"
    monkeypatch.setenv("TOWNTUI_CONFIG_DIR", str(folder))
    monkeypatch.delenv("TOWNTUI_DATA", raising=False)
    return folder


@pytest.fixture
def make_app(config_dir: Path) -> AppFactory:
    """``make_app(dirs=[...], **options)`` → a :class:`TownApp` on the mini data by default."""

    def make(dirs: list[Path] | None = None, **options: Any) -> TownApp:
        return TownApp(dirs=dirs if dirs is not None else [MINI], **options)

    return make


@pytest.fixture
def bundled_dirs() -> list[Path]:
    """The bundled data folder alone."""
    return [bundled_data_dir()]
