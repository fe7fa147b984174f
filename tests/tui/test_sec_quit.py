"""Issue 16 item 8: ``q`` ends the process whatever the loader is doing, even when it is
blocked reading a file that never answers (a slow network path, a device)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from towntui.core.loader import loading as loader

    never = threading.Event()

    def blocked(path):  # a read that never returns, like a file on a hung mount
        never.wait()

    loader.read_toml = blocked
    from towntui.tui.app import TownApp

    async def quit_soon(pilot):
        await pilot.pause(0.5)
        await pilot.press("q")

    app = TownApp(dirs=[Path(sys.argv[1])])
    app.run(headless=True, size=(80, 24), auto_pilot=quit_soon)
    print("returned", flush=True)
    """
)


def test_quit_ends_the_process_while_the_loader_is_blocked(tmp_path: Path, mini_dir: Path) -> None:
    env = {
        **os.environ,
        "TOWNTUI_NO_CACHE": "1",
        "TOWNTUI_CONFIG_DIR": str(tmp_path / "config"),
    }
    env.pop("TOWNTUI_DATA", None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(mini_dir)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - the failure this test is for
        raise AssertionError("the process did not end after q with the loader blocked") from None
    assert "returned" in done.stdout, done.stderr
    assert done.returncode == 0, done.stderr
