"""Hold the app's paint a moment, so that a keystroke and what it brings share a frame.

Textual composes a frame at most every 1/60 s, on a fixed beat: a frame asked for soon
after another waits for the next beat, or the one after (its timer skips a beat it was
late for). A key typed into Search is painted at once (the input echoes it), so its
results, ready a few milliseconds later, waited 17–33 ms for a frame of their own. Held
until the results are in (or :attr:`PaintHold.limit` has passed), the key and its results
are one frame, composed as soon as they are ready.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from textual.screen import Screen
from textual.timer import Timer


class PaintHold:
    """While held, the app composes no frame; released by :meth:`release` or after
    ``limit`` seconds, whichever comes first."""

    def __init__(self, screen: Screen[Any], limit: float) -> None:
        self.screen = screen
        self.limit = limit
        self._batch: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        """Whether the paint is held now."""
        return self._batch is not None

    def hold(self) -> None:
        """Hold the paint (a hold already on keeps its deadline)."""
        if self._batch is not None or self.limit <= 0:
            return
        batch = self.screen.app.batch_update()
        batch.__enter__()
        self._batch = batch
        self._timer = self.screen.set_timer(self.limit, self.release, name="paint-hold")

    def release(self) -> None:
        """Let the app paint again; what changed meanwhile is composed in one frame."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        batch.__exit__(None, None, None)
        self.screen.check_idle()  # the screen resumes its frame timer if anything changed
