"""Full garbage collections while the user pauses, not while they type.

Once the data is in, a full (generation 2) collection walks every object the app made
since: Textual's caches of drawn lines, the search's caches of results. At 100k
entities one took 40-100 ms, and it fell on a keystroke now and then (two in fifty):
the slowest keys in Search were those. The collector's own full collections are turned
off (young ones still run, and cost little), and a full one runs when no key or click
has come for :data:`AFTER` seconds, or once :data:`LONGEST` seconds have passed without
one whatever the user does, so no cyclic garbage is kept for long.

The times of the input kept here also tell other threads whether the user is typing
(:meth:`IdleCollector.typing`): the loader builds the search index's views in the
pauses of the input.
"""

from __future__ import annotations

import gc
import time

#: Seconds between the app's looks at the input and the collector.
TICK = 0.25
#: Seconds without input before a full collection runs.
AFTER = 1.0
#: Seconds after which a full collection runs even while keys keep coming.
LONGEST = 30.0
#: Seconds after a key or click during which the user counts as typing (work in other
#: threads that can wait, such as building the search index's views, waits).
TYPING = 0.3
#: A third threshold so high that the collector never starts a full collection itself.
NEVER = 1 << 30


class IdleCollector:
    """Full collections in the pauses of the input (see the module)."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self.last_full = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Turn the collector's own full collections off (young ones stay on)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            first, second, _third = self._thresholds
            gc.set_threshold(first, second, NEVER)

    def stop(self) -> None:
        """Give the collector its full collections back (the app quits)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input(self) -> None:
        """A key or a click came."""
        self.last_input = time.monotonic()

    def typing(self) -> bool:
        """Whether a key or click came in the last :data:`TYPING` seconds (called from
        other threads, e.g. the loader's, which then leaves the interpreter to the
        keystrokes)."""
        return time.monotonic() - self.last_input < TYPING

    def tick(self) -> bool:
        """Run a full collection if objects have reached the oldest generation since the
        last one and the input has paused (or :data:`LONGEST` has passed); whether one
        ran. Called every fraction of a second."""
        if self._thresholds is None or not gc.isenabled():
            return False  # not started, or the collector is held off (a load)
        if gc.get_count()[2] == 0:
            return False  # nothing new in the oldest generation since the last one
        now = time.monotonic()
        if now - self.last_input < AFTER and now - self.last_full < LONGEST:
            return False
        gc.collect()
        self.last_full = time.monotonic()
        return True
