"""Write the README's browser screenshot: ``towntui serve --tour`` in headless Chromium.

    .venv/bin/python docs/browser_screenshot.py     # writes docs/screens/browser.png

Needs Debian's ``chromium`` (and ``fonts-noto-cjk`` for the Chinese text) and the dev
extras (Playwright, which drives that Chromium and downloads no browser). The server
listens on a free port of 127.0.0.1 and is stopped afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screens" / "browser.png"
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    """Serve the tour, open it in Chromium at its first stop, save a PNG."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "towntui", "serve", "--port", str(port), "--tour", "--lang", "zh"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TOWNTUI_CONFIG_DIR": str(ROOT / ".venv" / "screenshot-config")},
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            shown: list[str] = []
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived",
                    lambda data: (
                        shown.append(data.decode("utf-8", "replace"))
                        if isinstance(data, bytes)
                        else None
                    ),
                ),
            )
            page.goto(f"http://127.0.0.1:{port}/")
            for _ in range(300):
                if "1/14" in "".join(shown) and "来源" in "".join(shown):
                    break
                page.wait_for_timeout(100)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT))
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(10)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
