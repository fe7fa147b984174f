"""Render a town's profile and an entity's profile as Rich renderables.

Everything here is built from plain strings passed through :func:`textsafe.clean`, with
``rich.text.Text`` (as :class:`WrapText`, which breaks Chinese lines by cell width) and
``rich.table.Table``: no data text is ever parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table

from towntui.core.i18n import pick, tr
from towntui.core.model import (
    ENTITY_KIND_LABELS,
    RECORD_KIND_LABELS,
    Dataset,
    Entity,
    Event,
    Metric,
    Town,
    other_name,
)
from towntui.core.notes import NoteRef, note_in, town_notes
from towntui.core.related import (
    EntityLinks,
    entities_by_kind,
    entity_links,
    entity_towns,
    recent_events,
)
from towntui.core.textsafe import clean, one_line
from towntui.tui.render.aims import aims_sections
from towntui.tui.render.glyphs import Glyphs
from towntui.tui.render.labels import figure_text
from towntui.tui.render.table_parts import TextTable, in_parts
from towntui.tui.render.wrap import WrapText as Text


def kind_label(lang: str, kind: str | None) -> str:
    """An entity kind as a label in the current language (from the core's one table;
    an entity of kind ``event`` is an ``activity``, not a timeline event)."""
    if kind is None:
        return ""
    return tr(lang, *ENTITY_KIND_LABELS.get(kind, (kind, kind)))


def result_kind(lang: str, kind: str, entity_kind: str | None) -> str:
    """What a search result is: ``town``, ``event`` or the entity's kind."""
    if kind in RECORD_KIND_LABELS:
        return tr(lang, *RECORD_KIND_LABELS[kind])
    return kind_label(lang, entity_kind) or tr(lang, "主体", "entity")


def heading(text: str) -> Text:
    """A section heading."""
    return Text(text, style="bold underline")


#: Which note a record has in a profile: ``id(record)`` → the note's number.
Marks = Mapping[int, int]


def note_mark(n: int) -> str:
    """How a figure or an event points at its note in the data notes: ``[3]``."""
    return f"[{n}]"


def town_line(lang: str, town: Town, g: Glyphs, mark: int | None = None) -> str:
    """District, kind, founding year and area on one line (the area with ``[2]`` when
    its note is the second of the data notes)."""
    district = pick(lang, town.district, town.district_en)
    kind = pick(lang, town.kind, town.kind_en)
    parts = [p for p in (district, kind) if p]
    if town.founded:
        parts.append(tr(lang, f"{town.founded}年创建", f"founded {town.founded}"))
    if town.area is not None:
        a = town.area
        area = tr(lang, "面积 ", "area ") + figure_text(lang, g, a.value, a.unit, a.qualifier)
        parts.append(area + (f" {note_mark(mark)}" if mark is not None else ""))
    return one_line(f" {g.dot} ".join(parts))


def metric_value(m: Metric, lang: str, g: Glyphs) -> str:
    """A metric with its qualifier, number and unit: as the article writes it in
    Chinese (``超48万人``), in English words (``over 480,000 people``)."""
    return figure_text(lang, g, m.value, m.unit, m.qualifier)


def metrics_table(
    lang: str, metrics: Sequence[Metric], g: Glyphs, marks: Marks | None = None
) -> Table:
    """Metrics with their value (qualifier and unit in the interface's language) and
    year (``—`` when none is given); with ``marks``, a metric that has a note points at
    it after its label (``人才 [2]``)."""
    table = TextTable(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column(tr(lang, "指标", "Metric"), overflow="fold", ratio=3)
    table.add_column(tr(lang, "数值", "Value"), justify="right", overflow="fold", ratio=2)
    table.add_column(tr(lang, "年份", "Year"), justify="right", no_wrap=True)
    for m in metrics:
        label = Text(one_line(pick(lang, m.label, m.label_en)))
        if marks is not None and id(m) in marks:
            label.append(f" {note_mark(marks[id(m)])}", style="dim")
        year = str(m.year) if m.year is not None else g.missing
        table.add_row(label, Text(metric_value(m, lang, g)), Text(year))
    return table


def event_row(
    e: Event, lang: str, g: Glyphs, *, town_name: str | None = None, mark: int | None = None
) -> Text:
    """``2015-10  ◎ 云栖大会`` (with the town when given, and ``[3]`` when its note is
    the third of the data notes)."""
    title = pick(lang, e.title, e.title_en)
    text = Text(f"{e.date!s:<10} ", style="bold")
    text.append(f"{g.category(e.category)} ")
    text.append(one_line(title))
    if town_name:
        text.append(f"  {g.dot} {one_line(town_name)}", style="dim")
    if mark is not None:
        text.append(f" {note_mark(mark)}", style="dim")
    return text


def sources_block(ds: Dataset, ids: Iterable[str], g: Glyphs, lang: str = "zh") -> list[Text]:
    """One line per source: ``title (year) · byline``, the title in ``lang`` when the
    source gives it in English."""
    lines: list[Text] = []
    for sid in dict.fromkeys(ids):
        src = ds.sources.get(sid)
        if src is None:
            lines.append(Text(f"{g.dot} {one_line(sid)}"))
            continue
        line = Text(f"{g.dot} {one_line(pick(lang, src.title, src.title_en))} ({src.year})")
        if src.byline:
            line.append(f"  {one_line(names(lang, src.byline))}", style="dim")
        lines.append(line)
    return lines


def names(lang: str, items: Iterable[str]) -> str:
    """Names (data, as written) joined by the interface's separator: ``、`` in Chinese,
    ``, `` in English."""
    return tr(lang, "、", ", ").join(items)


#: One long text (a summary, a note) shows at most this many characters and lines in a
#: view, then says how much is left out: a summary of megabytes (millions of short lines)
#: would otherwise take minutes and gigabytes to wrap. The whole text is in the data
#: (``towntui show --json``, export).
MAX_SHOWN_CHARS = 20_000
MAX_SHOWN_LINES = 400


def bounded(text: str, lang: str = "zh") -> str:
    """``text``, or its first :data:`MAX_SHOWN_CHARS` characters and
    :data:`MAX_SHOWN_LINES` lines followed by a line saying how many were left out."""
    if len(text) <= MAX_SHOWN_CHARS and text.count("\n", 0, MAX_SHOWN_CHARS) < MAX_SHOWN_LINES:
        return text
    cut = text[:MAX_SHOWN_CHARS]
    end = -1
    for _ in range(MAX_SHOWN_LINES):
        end = cut.find("\n", end + 1)
        if end < 0:
            break
    if end >= 0:
        cut = cut[:end]
    left = len(text) - len(cut)
    more = tr(
        lang,
        f"……（另有 {left:,} 个字符未显示）",
        f"… ({left:,} more characters not shown)",
    )
    return f"{cut}\n{more}"


def entity_name(e: Entity) -> str:
    """``阿里云 (Alibaba Cloud)``: the name as written, the English one beside it."""
    return one_line(e.display_name)


def _titled(name: str, name_en: str | None) -> Text:
    """The name in bold, the other-language name beside it when there is one."""
    title = Text(one_line(name), style="bold")
    other = other_name(name, name_en)
    if other:
        title.append(f"  {one_line(other)}")
    return title


def _aliases(lang: str, aliases: Sequence[str]) -> list[RenderableType]:
    """``又称：…`` as a dim line, or nothing."""
    if not aliases:
        return []
    return [Text(tr(lang, "又称：", "Also: ") + names(lang, map(one_line, aliases)), style="dim")]


def _note(lang: str, note: str | None, note_en: str | None) -> list[RenderableType]:
    """``注：…`` in italics, in the interface's language (:func:`note_in`), or nothing."""
    text = note_in(lang, note, note_en)
    if not text:
        return []
    return [Text(tr(lang, "注：", "Note: ") + one_line(bounded(text, lang)), style="italic")]


def _section(title: str, body: Iterable[RenderableType]) -> list[RenderableType]:
    """A blank line, a heading and the section's lines."""
    return [Text(""), heading(title), *body]


def _town_head(town: Town, lang: str, g: Glyphs, marks: Marks) -> list[RenderableType]:
    """Name, the identity line, aliases and summary: who and what the town is."""
    parts: list[RenderableType] = [_titled(town.name, town.name_en)]
    line = town_line(lang, town, g, marks.get(id(town.area)) if town.area else None)
    if line:
        parts.append(Text(line, style="dim"))
    parts += _aliases(lang, town.aliases)
    summary = pick(lang, town.summary, town.summary_en)
    if summary:
        parts += [Text(""), Text(clean(bounded(summary, lang), keep_newlines=True))]
    return parts


def _town_entities(town: Town, lang: str) -> list[RenderableType]:
    """One line per entity kind: ``公司 (3): 阿里云、…``."""
    rows: list[RenderableType] = []
    for kind, members in entities_by_kind(town.entities):
        row = Text(f"{kind_label(lang, kind)} ({len(members)}): ", style="bold")
        row.append(names(lang, (entity_name(e) for e in members)))
        rows.append(row)
    return rows


#: The key that opens and folds the data notes of a town's profile (Towns screen).
NOTES_KEY = "n"


def notes_section(lang: str, notes: Sequence[NoteRef], g: Glyphs, *, open_: bool) -> list[Text]:
    """The data notes (数据说明): folded, one line saying how many there are and how to
    open them; open, each note numbered, after what it concerns."""
    n = len(notes)
    title = tr(lang, f"数据说明 ({n})", f"Data notes ({n})")
    if not open_:
        line = Text(f"{g.pointer} ")
        line.append(title, style="bold")
        line.append(tr(lang, f"  按 {NOTES_KEY} 展开", f"  {NOTES_KEY} opens"), style="dim")
        return [Text(""), line]
    head = heading(title)
    head.append(tr(lang, f"  按 {NOTES_KEY} 收起", f"  {NOTES_KEY} folds"), style="dim")
    lines = [Text(""), head]
    for i, note in enumerate(notes, 1):
        line = Text(f"{note_mark(i)} ", style="dim")
        line.append(one_line(note.about) + tr(lang, "：", ": "), style="bold")
        line.append(one_line(bounded(note.text, lang)))
        lines.append(line)
    return lines


def town_profile(
    ds: Dataset, town: Town, lang: str, g: Glyphs, *, notes_open: bool = False
) -> RenderableType:
    """The whole profile of ``town`` as one renderable (:func:`town_profile_parts`)."""
    before, notes, after = town_profile_parts(ds, town, lang, g, notes_open=notes_open)
    return Group(*before, *notes, *after)


def town_profile_parts(
    ds: Dataset, town: Town, lang: str, g: Glyphs, *, notes_open: bool = False
) -> tuple[list[RenderableType], list[Text], list[RenderableType]]:
    """A town's profile in three parts: who and what it is with its key figures, goals,
    rankings, slogans and programmes; its data notes (folded to one line unless
    ``notes_open``; nothing when it has none), each numbered beside the figure or event
    it concerns; then industries, entities, recent events and sources."""
    events = recent_events(town)
    notes = town_notes(ds, town, lang, events)
    marks = {id(n.record): i for i, n in enumerate(notes, 1)}
    before = _town_head(town, lang, g, marks)
    if town.metrics:
        table = metrics_table(lang, town.metrics, g, marks)
        before += _section(tr(lang, "主要指标", "Headline metrics"), in_parts(table))
    before += aims_sections(town, lang, g, marks)
    after: list[RenderableType] = []
    industries = pick(lang, town.industries, town.industries_en)
    if industries:
        line = Text(f" {g.dot} ".join(one_line(i) for i in industries))
        after += _section(tr(lang, "产业方向", "Industry tracks"), [line])
    if town.entities:
        after += _section(tr(lang, "主体", "Entities"), _town_entities(town, lang))
    if events:
        rows = [event_row(e, lang, g, mark=marks.get(id(e))) for e in events]
        after += _section(tr(lang, "近期事件", "Recent events"), rows)
    if town.sources:
        after += _section(tr(lang, "来源", "Sources"), sources_block(ds, town.sources, g, lang))
    shown = notes_section(lang, notes, g, open_=notes_open) if notes else []
    return before, shown, after


def town_text(town: Town, lang: str) -> str:
    """A plain-text one-paragraph description of a town in ``lang``, for the clipboard."""
    parts = [town.display_name]
    district = pick(lang, town.district, town.district_en)
    kind = pick(lang, town.kind, town.kind_en)
    detail = tr(lang, "，", ", ").join(p for p in (district, kind) if p)
    if detail:
        parts.append(f"({detail})")
    summary = pick(lang, town.summary, town.summary_en)
    if summary:
        parts.append(f"— {summary}")
    return " ".join(parts)


def _entity_head(entity: Entity, lang: str) -> list[RenderableType]:
    """Name, kind, role, aliases, tags and note."""
    title = _titled(entity.name, entity.name_en)
    title.append(f"  [{kind_label(lang, entity.kind)}]", style="dim")
    parts: list[RenderableType] = [title]
    role = pick(lang, entity.role, entity.role_en)
    if role:
        parts.append(Text(one_line(bounded(role, lang))))
    parts += _aliases(lang, entity.aliases)
    if entity.tags:
        parts.append(
            Text(tr(lang, "标签：", "Tags: ") + ", ".join(one_line(t) for t in entity.tags))
        )
    return parts + _note(lang, entity.note, entity.note_en)


def _entity_links(ds: Dataset, links: EntityLinks, lang: str, g: Glyphs) -> list[RenderableType]:
    """Its towns, events (``—`` when none), metrics (when any) and sources (when any)."""
    towns = [
        Text(f"{g.dot} {one_line(town.display_name if town else tid)}") for tid, town in links.towns
    ]
    parts = _section(tr(lang, "所在小镇", "Towns"), towns)
    n = len(links.events)
    events: list[RenderableType] = [
        event_row(e, lang, g, town_name=town.name if town else e.town) for e, town in links.events
    ]
    parts += _section(
        tr(lang, f"相关事件 ({n})", f"Events ({n})"), events or [Text(g.missing, style="dim")]
    )
    if links.metrics:
        m = len(links.metrics)
        parts += _section(
            tr(lang, f"相关指标 ({m})", f"Metrics ({m})"), [metrics_table(lang, links.metrics, g)]
        )
    if links.sources:
        parts += _section(tr(lang, "来源", "Sources"), sources_block(ds, links.sources, g, lang))
    return parts


def entity_profile(ds: Dataset, entity: Entity, lang: str, g: Glyphs) -> RenderableType:
    """The whole profile of ``entity`` as one renderable: what it is, its towns, the
    events and metrics that mention it, its sources."""
    return Group(*_entity_head(entity, lang), *_entity_links(ds, entity_links(ds, entity), lang, g))


def entity_text(ds: Dataset, entity: Entity, lang: str) -> str:
    """A plain-text description of an entity in ``lang``, for the clipboard."""
    towns = [ds.town(t) for t in entity_towns(entity)]
    where = ", ".join(t.name for t in towns if t is not None)
    parts = [entity.display_name, f"({kind_label(lang, entity.kind)})"]
    role = pick(lang, entity.role, entity.role_en)
    if role:
        parts.append(f"— {role}")
    if where:
        parts.append(f"[{where}]")
    return " ".join(parts)
