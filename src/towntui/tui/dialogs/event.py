"""The event dialog of the timeline: everything about one event, with its source."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from towntui.core import textsafe
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, Event, other_name
from towntui.core.notes import note_in
from towntui.tui.dialogs.base import Dialog
from towntui.tui.keys import key
from towntui.tui.render.glyphs import Glyphs, category_style
from towntui.tui.render.labels import category_label
from towntui.tui.render.profile import bounded, kind_label
from towntui.tui.widgets.safe_list import SafeOptionList

#: what :class:`EventDetail` returns: ("entity", id), ("town", id) or None
Choice = tuple[str, str] | None


def _line(label: str, value: str) -> Content:
    return Content.assemble((label, "bold $text-muted"), " ", textsafe.clean(value))


def _titles(ev: Event, lang: str) -> list[str]:
    """The event's title, then its other-language title if it has a different one: the
    title in ``lang`` leads."""
    other = other_name(ev.title, ev.title_en)
    if other is None:
        return [ev.title]
    return [other, ev.title] if lang == "en" else [ev.title, other]


def event_text(ev: Event, ds: Dataset, lang: str) -> str:
    """The event as plain text (for the clipboard)."""
    parts = [str(ev.date), category_label(ev.category, lang), *_titles(ev, lang)]
    towns = [t.name if (t := ds.town(tid)) else tid for tid in ev.towns or (ev.town,)]
    parts.append(", ".join(towns))
    src = ds.sources.get(ev.source)
    if src is not None:
        parts.append(f"{tr(lang, '来源', 'source')}: {src.title} ({src.year})")
    return textsafe.one_line(" | ".join(parts))


def event_body(ev: Event, ds: Dataset, lang: str, g: Glyphs) -> list[Content]:
    """The lines of the dialog: what, when, where, summary, note and source."""
    first, *second = _titles(ev, lang)
    lines: list[Content] = [Content.styled(textsafe.one_line(first), "bold")]
    if second:
        lines.append(Content.styled(textsafe.one_line(second[0]), "italic"))
    lines.append(Content(""))
    lines.append(_line(tr(lang, "日期", "Date"), str(ev.date)))
    lines.append(
        Content.assemble(
            (tr(lang, "类别", "Category"), "bold $text-muted"),
            " ",
            (g.category(ev.category), category_style(ev.category)),
            " ",
            category_label(ev.category, lang),
        )
    )
    names = []
    for tid in ev.towns or (ev.town,):
        town = ds.town(tid)
        names.append(town.display_name if town else tid)
    lines.append(_line(tr(lang, "小镇", "Towns"), ", ".join(names)))
    summary = pick(lang, ev.summary, ev.summary_en)
    if summary:  # bounded, as a town's summary is: a huge text never stalls a frame
        lines += [Content(""), Content(textsafe.clean(bounded(summary, lang), keep_newlines=True))]
    note = note_in(lang, ev.note, ev.note_en)  # in the dialog's language, or marked
    if note:
        lines.append(_line(tr(lang, "备注", "Note"), bounded(note, lang)))
    lines.append(Content(""))
    src = ds.sources.get(ev.source)
    if src is None:
        lines.append(_line(tr(lang, "来源", "Source"), ev.source))
    else:
        lines.append(_line(tr(lang, "来源", "Source"), src.title))
        if src.title_en:
            lines.append(Content("   " + textsafe.one_line(src.title_en)))
        by = ", ".join(src.byline) or tr(lang, "(未署名)", "(no byline)")
        meta = f"{by} {g.dot} {src.year}"
        if src.publication:
            meta += f" {g.dot} {src.publication}"
        lines.append(_line(tr(lang, "作者", "By"), meta))
        if src.file:
            lines.append(_line(tr(lang, "文件", "File"), src.file))
    return lines


class EventDetail(Dialog[Choice]):
    """One event in a dialog; ``enter`` on an entity opens it, ``o`` opens the town."""

    CSS_PATH = "event.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        Binding("o", "open_town", "Open town"),
        key("L", "relang", "language", show=False),
    ]

    def __init__(self, event: Event, ds: Dataset, *, lang: str, g: Glyphs) -> None:
        super().__init__(classes="-ascii" if g.ascii else None)
        self._event = event
        self._ds = ds
        self._lang = lang
        self._g = g

    def compose(self) -> ComposeResult:
        """The event's text above the list of its entities."""
        ev, lang = self._event, self._lang
        with Vertical(id="dialog"):
            with VerticalScroll(id="body"):
                yield Static(Content("\n").join(event_body(ev, self._ds, lang, self._g)))
            if ev.entities:
                yield Label(
                    tr(lang, "相关主体 (回车打开)", "Entities (enter opens)"), id="ents-title"
                )
                options = []
                for eid in ev.entities:
                    ent = self._ds.entities.get(eid)
                    if ent is None:
                        options.append(Option(Content(textsafe.one_line(eid)), id=eid))
                        continue
                    options.append(
                        Option(
                            Content.assemble(
                                textsafe.one_line(ent.display_name),
                                ("  " + kind_label(lang, ent.kind), "dim"),
                            ),
                            id=eid,
                        )
                    )
                yield SafeOptionList(*options, id="entities")
            yield Label(
                tr(lang, "esc 返回  o 打开小镇  y 复制", "esc back  o open town  y copy"),
                id="hint",
            )

    def dress(self) -> None:
        """The date as the frame's title; the focus on the entities."""
        box = self.query_one("#dialog")
        box.border_title = str(self._event.date)
        if self._event.entities:
            entities = self.query_one("#entities", OptionList)
            entities.highlighted = 0
            entities.focus()

    @on(OptionList.OptionSelected, "#entities")
    def _open_entity(self, message: OptionList.OptionSelected) -> None:
        if message.option.id:
            self.dismiss(("entity", message.option.id))

    def action_open_town(self) -> None:
        """Close and show the event's town on the Towns screen."""
        self.dismiss(("town", self._event.town))

    def selected_text(self) -> str:
        """The event as one line of text (the app's ``y`` copies it)."""
        return event_text(self._event, self._ds, self._lang)

    def action_close(self) -> None:
        """Back to the timeline."""
        self.dismiss(None)
