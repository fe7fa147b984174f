"""The messages screens, dialogs and widgets send to ask the app to go somewhere.

Navigation is asked for, never done by calling into another screen: a screen posts one
of these, it bubbles up to the app, and :class:`~towntui.tui.app.TownApp` handles each in
one place (switching screens and setting the state that the target screen watches).
"""

from __future__ import annotations

from textual.message import Message

from towntui.core.frozen import frozen


class CopyText(Message):
    """Asks the app to copy ``text`` to the clipboard (and say so)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class OpenTown(Message):
    """Asks for the Towns screen with ``town_id`` selected."""

    def __init__(self, town_id: str) -> None:
        super().__init__()
        self.town_id = town_id


class OpenEntity(Message):
    """Asks for the detail screen of an entity, over the current screen."""

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id


@frozen
class TimelineFocus:
    """What the Timeline is asked to show: a town's or an entity's events, or one event
    (with the filters kept unless they hide it)."""

    town: str | None = None
    entity: str | None = None
    event: str | None = None


class ShowTimeline(Message):
    """Asks for the Timeline filtered to a town or an entity, or showing one event."""

    def __init__(
        self, *, town: str | None = None, entity: str | None = None, event: str | None = None
    ) -> None:
        super().__init__()
        self.focus = TimelineFocus(town=town, entity=entity, event=event)


class GoTo(Message):
    """Asks for one of the main screens (``towns``, ``search``, ``timeline``, ``compare``)."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
