"""A real browser for the tests of ``towntui serve``: Debian's Chromium driven by
Playwright (no browser download), a server on a free loopback port, and the processes
it starts. Every wait is bounded."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import REPO

#: Where Debian's ``chromium`` package puts the browser.
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

#: How to get what the browser test needs (what ``.ci/run`` does).
INSTALL_HINT = (
    "the browser test needs Debian's Chromium and Playwright: "
    "`apt-get install -y chromium` and `pip install -c constraints.txt -e '.[dev]'` "
    "(`bash .ci/run` does both)"
)


def chromium() -> str | None:
    """The Chromium to drive, or None when it is not installed (``TOWNTUI_TEST_CHROMIUM``
    names another one)."""
    chosen = os.environ.get("TOWNTUI_TEST_CHROMIUM")
    if chosen is not None:
        return chosen if os.access(chosen, os.X_OK) else None
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    found = shutil.which("chromium")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Wait until something accepts connections on 127.0.0.1:``port``; fail if the
    server exits first or the time runs out."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise AssertionError(f"the server exited with {process.returncode}:\n{out}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


@contextlib.contextmanager
def serving(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[int, int]]:
    """``towntui serve ARGS`` on a free loopback port: yields (port, server pid); the
    server is stopped afterwards (SIGINT, then SIGKILL after 10 s)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "towntui", "serve", "--port", str(port), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        wait_listening(port, process)
        yield port, process.pid
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        if process.stdout is not None:
            process.stdout.close()


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def app_processes(server_pid: int) -> list[int]:
    """The live processes below ``server_pid`` (the apps it started, one per tab, and
    the shells that started them)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid, parent = int(entry.name), _parent(int(entry.name))
        seen = 0
        while parent is not None and parent > 1 and seen < 50:
            if parent == server_pid:
                with contextlib.suppress(OSError):
                    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                    if state != "Z":  # a zombie has ended; its parent just has not reaped it
                        found.append(pid)
                break
            parent, seen = _parent(parent), seen + 1
    return found
