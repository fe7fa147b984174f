"""The timeline's event list."""

from __future__ import annotations

from towntui.tui.widgets.safe_list import SafeOptionList


class EventList(SafeOptionList):
    """The events: like an option list, but the cursor stops at the ends (no wrap)."""

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction

    def action_cursor_up(self) -> None:
        """Previous event; stays on the first."""
        self._step(-1)

    def action_cursor_down(self) -> None:
        """Next event; stays on the last."""
        self._step(1)
