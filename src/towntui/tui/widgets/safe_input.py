"""An input that never holds characters which could change the terminal's state.

Keys only ever insert printable characters, but a paste can bring anything: a name
copied from a terminal with its escape sequences, a BEL, a right-to-left override.
Textual's ``Input`` would draw such characters raw, so the terminal would act on them.
"""

from __future__ import annotations

from textual import events
from textual.command import CommandInput
from textual.widgets import Input

from towntui.core.textsafe import clean


def printable(text: str) -> str:
    """``text`` without control, bidi and zero-width characters (first line only)."""
    line = text.splitlines()[0] if text else ""
    return "".join(ch for ch in line if ch == " " or clean(ch) == ch)


class SafeInput(Input):
    """An :class:`Input` whose pasted text is stripped of unsafe characters, and whose
    editing keys apply in the order they were typed.

    Textual inserts a printable key where the input receives it, but runs a bound key
    (``backspace``, ``left``, ``enter``) only once the key has bubbled up to the app.
    In a burst (a fast typist, SSH, tmux) the printable keys behind it then overtake it:
    ``backspace x`` inserted the ``x`` and deleted it again. Here the input runs its own
    bindings as the key arrives.
    """

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would insert the raw text
        safe = printable(event.text)
        if safe:
            super()._on_paste(events.Paste(safe))
        event.stop()


class SafeCommandInput(CommandInput, SafeInput):
    """The command palette's input, with pasted text stripped of unsafe characters.

    ``CommandInput`` comes first: Textual takes default CSS from the first base only.
    """
