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
from collections.abc import Callable

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


def test_the_app_in_a_real_browser() -> None:
    browser_path = chromium()
    if browser_path is None:
        pytest.skip(INSTALL_HINT)
    sync_api = pytest.importorskip("playwright.sync_api", reason=INSTALL_HINT)
    args = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium refuses root otherwise
    with serving("--lang", "zh") as (port, server), sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=args, timeout=STEP * 1000)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.set_default_timeout(STEP * 1000)
            shown: list[str] = []

            def on_socket(ws: object) -> None:
                def frame(payload: str | bytes) -> None:
                    if isinstance(payload, bytes):
                        shown.append(payload.decode("utf-8", errors="replace"))

                ws.on("framereceived", frame)  # type: ignore[attr-defined]

            page.on("websocket", on_socket)
            page.goto(f"http://127.0.0.1:{port}/")

            def wait() -> None:
                page.wait_for_timeout(100)

            _until(lambda: "云栖" in "".join(shown), "云栖 on the page", wait)
            assert len(app_processes(server)) >= 1, "no app process for the tab"

            page.locator(".textual-terminal").click()
            shown.clear()
            page.keyboard.press("/")
            page.wait_for_timeout(300)  # a person's pause: the search screen opens
            page.keyboard.type("yq", delay=150)
            _until(
                lambda: "yq" in "".join(shown) and "云栖小镇" in "".join(shown),
                "云栖小镇 in the results for yq",
                wait,
            )
            page.close()
            _until(lambda: not app_processes(server), "the app's process ended with its tab")
        finally:
            browser.close()
