"""A modal screen that closes once, however many keys arrive before it is gone.

Keys come in bursts (a fast typist, a paste, SSH): two ``enter`` presses can both
reach a dialog before it has left the screen stack. Textual's ``dismiss`` pops the
*top* screen, so a second dismissal would pop the screen below (or fail with
``ScreenStackError`` when that is the last one) and call the result callback twice.

Every dialog sits centred over a dimmed screen, and ``y`` copies what the dialog
shows (a modal screen does not see the app's own ``y``). A dialog that only shows text
binds ``L`` to :meth:`Dialog.action_relang`: the language switches and the dialog is
drawn again in it, still open.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar, cast

from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input

from towntui.tui.messages import CopyText
from towntui.tui.state import AppState
from towntui.tui.widgets.tour_caption import TourCaption

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A :class:`ModalScreen` whose ``dismiss`` does nothing unless it is on top."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        background: $background 60%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "copy", "Copy", show=False),
    ]

    #: The language the dialog is drawn in (set by a dialog given one; ``L`` changes it).
    _lang: str = ""

    @property
    def state(self) -> AppState:
        """The running app's shared state, typed (as :attr:`MainScreen.state`)."""
        return cast(AppState, self.app)

    def _on_mount(self, event: events.Mount) -> None:
        """Add the tour's caption box (hidden unless a tour runs): a stop may open a
        dialog, and its caption stays in view over it."""
        self.mount(TourCaption())
        self.dress()

    def dress(self) -> None:
        """Set what ``compose`` does not (a frame's title, the focus): once mounted, and
        again after ``L``."""

    async def action_relang(self) -> None:
        """``L``: switch the app's language and draw this dialog again in it."""
        await self.app.run_action("app.toggle_lang")
        self._lang = self.state.lang
        await self.recompose()
        self.mount(TourCaption())
        self.dress()

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """Close with ``result``; ignored when this dialog is no longer the top screen."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)

    def selected_text(self) -> str | None:
        """What ``y`` copies; ``None`` when the dialog has nothing to copy."""
        return None

    def on_key(self, event: events.Key) -> None:
        """Typing that reached the dialog itself goes to its text field, in order.

        Keys typed right behind the key that opened the dialog arrive before its field
        has the focus (the dialog is still being shown) and would be lost, or run the
        dialog's one-letter keys. They are passed to the field (focused first), behind
        the keys already passed, so a path typed at once is the path in the field.
        """
        if not (event.is_printable and event.character):
            return
        focused = self.focused
        if focused is not None and not isinstance(focused, Input):
            return  # a list's keys (j, k, space) are its own
        field = focused if isinstance(focused, Input) else next(iter(self.query(Input)), None)
        if field is None:
            return
        event.stop()
        event.prevent_default()
        if not field.has_focus:
            field.focus()
        field.post_message(events.Key(event.key, event.character))

    def action_copy(self) -> None:
        """``y``: copy what the dialog shows (the app copies and says so)."""
        text = self.selected_text()
        if text:
            self.post_message(CopyText(text))
