"""Issue 16 item 8: a theme file that is a FIFO or a device is refused at once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from towntui.tui.themes import ThemeFileError, load_theme_file


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom"])
def test_a_special_theme_file_is_refused_without_reading_it(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "evil.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(kind)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            load_theme_file(path)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "still reading after 20 s"
    assert len(errors) == 1 and isinstance(errors[0], ThemeFileError)
    assert "not a regular file" in str(errors[0])
