"""The app pauses Python's cyclic garbage collector while loading, and always gives it back.

The app's worker loads through ``loader.load``, which turns the collector off (see
:func:`towntui.core.gcpause.gc_paused`); once the data and the index are in, the app
moves them to the collector's permanent generation (``gc.freeze``), so full collections
while typing do not walk them. These tests hold the loader at a file to see it off, and check
it is on again once the data is in, when the app quits mid-load, and that a collector
turned off by someone else stays off.
"""

from __future__ import annotations

import gc

import pytest

from tests.helpers import MINI
from tests.helpers.tui import AppFactory, LoaderGate, settle, wait_for, wait_loaded
from towntui.core import gcpause

pytestmark = pytest.mark.usefixtures("collector_restored")


async def test_the_collector_is_off_while_loading_and_on_once_loaded(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    gc.enable()
    hold = LoaderGate(monkeypatch, at=3)  # metrics.toml, sources.toml, a town
    app = make_app(dirs=[MINI])
    async with app.run_test(size=(80, 24)) as pilot:
        try:
            await wait_for(pilot, hold.held.is_set, tries=500)
        finally:
            hold.open.set()
        await wait_loaded(pilot)
        assert hold.gc_on_while_held is False
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the loaded data is out of the collector's way
        # the final dataset was on screen before the index: both times are recorded
        assert set(app.load_times) >= {"first_towns", "all_towns", "loaded"}


async def test_the_collector_is_on_again_when_the_app_quits_mid_load(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    gc.enable()
    hold = LoaderGate(monkeypatch, at=3)  # metrics.toml, sources.toml, a town
    app = make_app(dirs=[MINI])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, hold.held.is_set, tries=500)
        await pilot.press("q")
    hold.open.set()  # the loader goes on to the next file, sees the app gone and stops
    await settle(gc.isenabled)
    assert not app.loaded
    assert gc.isenabled()


async def test_a_collector_turned_off_before_stays_off(make_app: AppFactory) -> None:
    gc.disable()
    app = make_app(dirs=[MINI])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
    assert not gc.isenabled()


async def test_the_start_holds_the_collector_until_the_towns_are_painted(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `towntui` holds it before importing Textual (cli._run_app); the app releases it
    gc.enable()
    gcpause.hold_startup()
    hold = LoaderGate(monkeypatch, at=3)  # metrics.toml, sources.toml, a town
    app = make_app(dirs=[MINI])
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            try:
                await wait_for(pilot, hold.held.is_set, tries=500)
                assert not gc.isenabled()
            finally:
                hold.open.set()
            await wait_loaded(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gcpause.release_startup()


async def test_the_start_hold_ends_when_the_app_quits_mid_load(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    gc.enable()
    gcpause.hold_startup()
    hold = LoaderGate(monkeypatch, at=3)
    app = make_app(dirs=[MINI])
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, hold.held.is_set, tries=500)
            await pilot.press("q")
        hold.open.set()
        await settle(gc.isenabled)
        assert not app.loaded
        assert gc.isenabled()
    finally:
        gcpause.release_startup()
