"""``towntui serve`` in a real browser: headless Chromium opens the page, the app
appears, ``/`` and ``yq`` find 云栖小镇, and closing the tab ends the app's process.

The browser is Debian's ``chromium`` package, driven by Playwright's Python package
with ``executable_path`` (Playwright downloads no browser). What the app draws is read
from the websocket that carries its output to the page (the page paints it on a
canvas). Without Chromium or Playwright the test is skipped, saying how to install them;
``.ci/run`` installs both, so in CI it runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.helpers.browser import INSTALL_HINT, app_processes, chromium, serving

pytestmark = pytest.mark.slow

#: The longest any one step may take, in seconds.
STEP = 30


def _until(
    condition: Callable[[], bool],
    what: str,
    pause: Callable[[], object] = lambda: time.sleep(0.1),
    seconds: float = STEP,
) -> None:
    """Wait until ``condition()`` holds, calling ``pause`` between looks (with a page,
    its ``wait_for_timeout``: Playwright's sync API delivers events only while called)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        pause()
    raise AssertionError(f"{what}: not within {seconds} s")


class Tab:
    """A browser tab on the served page, and the text the app sent it so far."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.shown: list[str] = []
        page.on("websocket", self._socket)

    def _socket(self, ws: Any) -> None:
        def frame(payload: str | bytes) -> None:
            if isinstance(payload, bytes):  # the app's output (str frames are metadata)
                self.shown.append(payload.decode("utf-8", errors="replace"))

        ws.on("framereceived", frame)

    def text(self) -> str:
        """Everything the app has drawn since the last :meth:`forget`."""
        return "".join(self.shown)

    def forget(self) -> None:
        """Start afresh: later checks see only what is drawn from now on."""
        self.shown.clear()

    def until(self, *parts: str) -> None:
        """Wait until the app has drawn every one of ``parts``."""
        _until(
            lambda: all(part in self.text() for part in parts),
            f"{' and '.join(parts)} on the page",
            lambda: self.page.wait_for_timeout(100),
        )


@contextmanager
def browser_tab(*serve_args: str) -> Iterator[tuple[Tab, int]]:
    """A tab of headless Chromium on ``towntui serve SERVE_ARGS``: (tab, server pid).
    Skips, saying how to install them, without Chromium or Playwright."""
    browser_path = chromium()
    if browser_path is None:
        pytest.skip(INSTALL_HINT)
    sync_api = pytest.importorskip("playwright.sync_api", reason=INSTALL_HINT)
    # as root Chromium needs --no-sandbox; a container's small /dev/shm would crash it
    args = ["--disable-dev-shm-usage", *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    with serving(*serve_args) as (port, server), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=args, timeout=STEP * 1000)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.set_default_timeout(STEP * 1000)
            tab = Tab(page)
            page.goto(f"http://127.0.0.1:{port}/")
            yield tab, server
        finally:
            browser.close()


def test_the_app_in_a_real_browser() -> None:
    with browser_tab("--lang", "zh") as (tab, server):
        tab.until("云栖")
        assert len(app_processes(server)) >= 1, "no app process for the tab"
        tab.page.locator(".textual-terminal").click()
        tab.forget()
        tab.page.keyboard.press("/")
        tab.page.wait_for_timeout(300)  # a person's pause: the search screen opens
        tab.page.keyboard.type("yq", delay=150)
        tab.until("yq", "云栖小镇")  # the query, and 云栖小镇 in its results
        tab.page.close()
        _until(lambda: not app_processes(server), "the app's process ended with its tab")


def test_the_tour_in_a_real_browser() -> None:
    with browser_tab("--tour", "--lang", "en") as (tab, server):
        tab.until("1/14", "In 2007 Shangcheng District")
        tab.page.locator(".textual-terminal").click()
        tab.forget()
        tab.page.keyboard.press(" ")
        tab.until("2/14", "In 2014 private funds")
        tab.page.close()
        _until(lambda: not app_processes(server), "the app's process ended with its tab")
