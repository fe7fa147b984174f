"""A modal screen that closes once, however many keys arrive before it is gone.

Keys come in bursts (a fast typist, a paste, SSH): two ``enter`` presses can both
reach a dialog before it has left the screen stack. Textual's ``dismiss`` pops the
*top* screen, so a second dismissal would pop the screen below (or fail with
``ScreenStackError`` when that is the last one) and call the result callback twice.
"""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A :class:`ModalScreen` whose ``dismiss`` does nothing unless it is on top."""

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with ``result``; ignored when this dialog is no longer the top screen."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)
