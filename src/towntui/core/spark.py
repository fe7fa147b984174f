"""Density strips: one character per count on one scale, for the app and the CLI.

The characters are the caller's (Unicode blocks, or ASCII for ``--ascii``); the scale
is shared, so the timeline's strip reads the same on the screen and on the command line:
a year with no event is ``zero`` (blank), never the lowest bar, which reads as one.
"""

from __future__ import annotations

from collections.abc import Sequence


def spark(counts: Sequence[int], levels: Sequence[str], zero: str = " ") -> str:
    """``counts`` as a string of one character each: ``zero`` for none, then ``levels``
    from low to the top (the largest count is the last level; any count above zero is
    at least the first)."""
    top = max(counts, default=0)
    out: list[str] = []
    for n in counts:
        if n <= 0 or top <= 0:
            out.append(zero)
        else:
            out.append(levels[min(len(levels) - 1, (n * len(levels) - 1) // top)])
    return "".join(out)
