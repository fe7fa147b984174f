"""The entity detail screen: what an entity is, its towns, events, metrics and sources."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from towntui.core.model import Entity
from towntui.core.related import entity_towns
from towntui.core.textsafe import one_line
from towntui.tui.keys import command, key
from towntui.tui.messages import OpenTown, ShowTimeline
from towntui.tui.render.profile import entity_profile, entity_text
from towntui.tui.screens.base import MainScreen, PaletteCommand
from towntui.tui.widgets.footer import TownFooter
from towntui.tui.widgets.header import TownHeader


class EntityScreen(MainScreen):
    """The record of one entity, pushed over the screen it was opened from."""

    CSS_PATH = "entity.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "dismiss_screen", "entity.back"),
        key("t", "town", "entity.town"),
        key("l", "timeline", "entity.timeline"),
        key("j", "scroll('down')", "entity.down", show=False),
        key("k", "scroll('up')", "entity.up", show=False),
    ]

    def __init__(self, entity_id: str) -> None:
        super().__init__()
        self.entity_id = entity_id

    def compose(self) -> ComposeResult:
        """Header, the scrolling record and the footer."""
        yield TownHeader(icon="=")
        with VerticalScroll(id="entity-pane"):
            yield Static(id="entity-record")
        yield TownFooter()

    def on_mount(self) -> None:
        """Render the record and focus it for scrolling."""
        self.refresh_data()
        self.query_one("#entity-pane", VerticalScroll).focus()

    @property
    def entity(self) -> Entity | None:
        """The entity shown, if it is (still) loaded."""
        return self.state.dataset.entities.get(self.entity_id)

    def refresh_data(self) -> None:
        """Render the entity from the current dataset."""
        app = self.state
        pane = self.query_one("#entity-pane", VerticalScroll)
        pane.set_class(app.ascii, "-ascii")
        record = self.query_one("#entity-record", Static)
        entity = self.entity
        if entity is None:
            pane.border_title = self.tr("主体", "Entity")
            record.update(
                Text(self.tr("这个主体已不在数据中。", "This entity is no longer loaded."))
            )
            return
        pane.border_title = Content(one_line(entity.name))  # a str would be markup
        record.update(entity_profile(app.dataset, entity, app.lang, app.glyphs))

    def refresh_labels(self) -> None:
        """Redraw in the current language and glyph set."""
        self.refresh_data()

    def selected_text(self) -> str | None:
        """The entity as one line of plain text."""
        entity = self.entity
        return entity_text(self.state.dataset, entity, self.state.lang) if entity else None

    def palette_commands(self) -> list[PaletteCommand]:
        """Commands about this entity."""
        return [
            command(self, "entity.town", self.action_town, "town"),
            command(self, "entity.timeline", self.action_timeline, "timeline"),
        ]

    def action_dismiss_screen(self) -> None:
        """``escape``: back to where the entity was opened from."""
        if self.is_active:  # a second escape in the same burst must not pop the screen below
            self.dismiss()

    def action_town(self) -> None:
        """``t``: close this record and open the entity's town."""
        entity = self.entity
        if entity is None:
            return
        self.dismiss()
        self.post_message(OpenTown(entity_towns(entity)[0]))

    def action_timeline(self) -> None:
        """``l``: close this record and show the timeline filtered to the entity."""
        if self.entity is None:
            return
        self.dismiss()
        self.post_message(ShowTimeline(entity=self.entity_id))

    def action_scroll(self, direction: str) -> None:
        """``j``/``k``: scroll the record."""
        pane = self.query_one("#entity-pane", VerticalScroll)
        if direction == "down":
            pane.scroll_down()
        else:
            pane.scroll_up()
