"""The header as one widget: the icon, the title and sub-title (the load progress).

Textual's header is four widgets (``Header``, ``HeaderIcon``, ``HeaderTitle``,
``HeaderClockSpace``), each mounted and styled on every screen. This one draws the same
row itself: the icon in its 8 cells at the left (a click opens the command palette, as
Textual's does), the title centred between it and the clock's 10 empty cells at the
right, cut with ``…`` when it does not fit.
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from towntui.core.catalogue import key_help
from towntui.tui.state import AppState

#: Cells of the icon (a space each side of it) and of the clock's place at the right.
ICON_WIDTH = 8
CLOCK_WIDTH = 10


class TownHeader(Widget, can_focus=False):
    """The app's header: icon, then the screen's title and sub-title."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {"town-header--icon-hover"}

    DEFAULT_CSS = """
    TownHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .town-header--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    def __init__(self, icon: str = "⭘") -> None:
        super().__init__()
        self.icon = icon
        self.icon_hovered = False

    def on_mount(self) -> None:
        """Draw again when a title changes (the load progress is the app's sub-title)."""
        for node in (self.app, self.screen):
            self.watch(node, "title", self._redraw, init=False)
            self.watch(node, "sub_title", self._redraw, init=False)
        self.watch(self.app, "lang", self._lang_changed, init=False)

    def _redraw(self) -> None:
        self.refresh()

    def _lang_changed(self) -> None:
        if self.icon_hovered:
            self.tooltip = self._icon_help()

    def _icon_help(self) -> str:
        return key_help(cast(AppState, self.app).lang, "command_palette", "")

    @property
    def title_text(self) -> tuple[str, str]:
        """The title and sub-title shown: the screen's own, else the app's."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return title, sub_title

    def render_line(self, y: int) -> Strip:
        """The icon, the centred title and the clock's place, in the header's colours."""
        width = self.size.width
        style = self.rich_style
        if y or not width:
            return Strip.blank(width, style)
        plain = Style(bgcolor=style.bgcolor)
        icon_style = style
        if self.icon_hovered:
            hover = self.background_colors[1] + (
                self.get_component_styles("town-header--icon-hover").background
            )
            icon_style = style + Style(bgcolor=hover.rich_color)
            plain = Style(bgcolor=hover.rich_color)
        pad = ICON_WIDTH - 2
        icon = Strip([Segment(self.icon, icon_style)]).adjust_cell_length(pad, icon_style)
        segments = [Segment(" ", plain), *icon, Segment(" ", plain)]
        room = max(width - ICON_WIDTH - CLOCK_WIDTH, 0)
        title = self.app.format_title(*self.title_text).rstrip().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        title = title.pad(left, room - title.cell_length - left)
        segments += title.render_segments(self.visual_style)
        segments.append(Segment(" " * CLOCK_WIDTH, Style(bgcolor=style.bgcolor)))
        return Strip(segments).crop_extend(0, width, style)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """The icon is highlighted under the pointer and says what a click does."""
        self._hover(event.x < ICON_WIDTH)

    def on_leave(self, _event: events.Leave) -> None:
        self._hover(False)

    def _hover(self, on_icon: bool) -> None:
        if on_icon != self.icon_hovered:
            self.icon_hovered = on_icon
            self.tooltip = self._icon_help() if on_icon else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        """A click on the icon opens the command palette."""
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
