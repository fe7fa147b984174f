"""Pausing Python's cyclic garbage collector while big, long-lived data is built, and
while the app starts.

Holds nest and may come from several threads: the collector is off while any hold is
on, and back to what it was before the first one once the last is released. A block of
:func:`gc_paused` is a hold; the app's start is another (:func:`hold_startup` before the
app's imports, :func:`release_startup` once its towns are painted), so the loader's
pause inside it never turns the collector back on early, and the start's release never
turns it on under the loader.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holds = 0
#: Whether the collector was on before the first hold (and so comes back on).
_restore = False
#: Whether the start's hold is on.
_startup = False


def _hold() -> None:
    global _holds, _restore
    with _lock:
        if _holds == 0:
            _restore = gc.isenabled()
            gc.disable()
        _holds += 1


def _release() -> None:
    global _holds
    with _lock:
        _holds -= 1
        if _holds == 0 and _restore:
            gc.enable()


@contextmanager
def gc_paused() -> Iterator[None]:
    """A context manager (takes nothing, yields ``None``) that holds the cyclic garbage
    collector off for its block.

    Loading creates hundreds of thousands of long-lived records and almost no cyclic
    garbage, so the collector's runs during a load find nothing while traversing an
    ever larger heap: at 1,000 towns they cost a third of a warm (cached) load and a
    seventh of a cold one. The switch is process-wide; the collector's first run after
    the last hold does the deferred work once.
    """
    _hold()
    try:
        yield
    finally:
        _release()


@contextmanager
def gc_let_go() -> Iterator[None]:
    """Inside a :func:`gc_paused` block: let go of its hold for this block (a thread
    that waits there, for instance, while others make garbage)."""
    _release()
    try:
        yield
    finally:
        _hold()


def hold_startup() -> None:
    """Hold the collector off while the app starts: importing Textual and making the
    first screen allocate many objects that live as long as the app, and the collector's
    runs over them found nothing (about a tenth of the time to the first paint). A
    second call while held does nothing."""
    global _startup
    if not _startup:
        _startup = True
        _hold()


def release_startup() -> None:
    """Release the start's hold (the towns are painted, the load failed, or the app
    quits); the objects made so far go to the collector's permanent generation, as they
    last as long as the app. Does nothing if the start is not held."""
    global _startup
    if _startup:
        _startup = False
        gc.freeze()
        _release()
