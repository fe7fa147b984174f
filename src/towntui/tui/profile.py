"""Render a town's profile and an entity's record as Rich renderables.

Everything here is built from plain strings passed through :func:`textsafe.clean`, with
``rich.text.Text`` (as :class:`WrapText`, which breaks Chinese lines by cell width) and
``rich.table.Table``: no data text is ever parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table

from towntui.core.model import (
    ENTITY_KIND_LABELS,
    ENTITY_KINDS,
    RECORD_KIND_LABELS,
    Dataset,
    Entity,
    Event,
    Metric,
    Town,
    other_name,
)
from towntui.core.related import entity_events, entity_metrics, entity_sources, entity_towns
from towntui.core.textsafe import clean, one_line
from towntui.core.units import format_quantity
from towntui.tui.render.glyphs import Glyphs
from towntui.tui.render.wrap import WrapText as Text

#: Entity kinds in Chinese (the English label is the kind itself): one table in the core.
KIND_ZH: dict[str, str] = {kind: zh for kind, (zh, _en) in ENTITY_KIND_LABELS.items()}

#: How many recent events a town profile lists.
RECENT_EVENTS = 8


def tr(lang: str, zh: str, en: str) -> str:
    """``en`` in English mode, otherwise ``zh``."""
    return en if lang == "en" else zh


def kind_label(lang: str, kind: str | None) -> str:
    """An entity kind as a label in the current language."""
    if kind is None:
        return ""
    return tr(lang, KIND_ZH.get(kind, kind), kind)


def result_kind(lang: str, kind: str, entity_kind: str | None) -> str:
    """What a search result is: ``town``, ``event`` or the entity's kind."""
    if kind in RECORD_KIND_LABELS:
        return tr(lang, *RECORD_KIND_LABELS[kind])
    return kind_label(lang, entity_kind) or tr(lang, "主体", "entity")


def heading(text: str) -> Text:
    """A section heading."""
    return Text(text, style="bold underline")


def town_line(lang: str, town: Town, g: Glyphs) -> str:
    """District, kind, founding year and area on one line."""
    district = town.district_en if lang == "en" and town.district_en else town.district
    kind = town.kind_en if lang == "en" and town.kind_en else town.kind
    parts = [p for p in (district, kind) if p]
    if town.founded:
        parts.append(tr(lang, f"{town.founded}年创建", f"founded {town.founded}"))
    if town.area is not None:
        a = town.area
        parts.append(tr(lang, "面积 ", "area ") + format_quantity(a.value, a.unit, a.qualifier))
    return one_line(f" {g.dot} ".join(parts))


def metric_value(m: Metric) -> str:
    """A metric as the article writes it: qualifier, number and unit."""
    return clean(format_quantity(m.value, m.unit, m.qualifier))


def metrics_table(lang: str, metrics: Sequence[Metric], g: Glyphs) -> Table:
    """Metrics with their value, unit, qualifier and year (``—`` when none is given)."""
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
    table.add_column(tr(lang, "指标", "Metric"), overflow="fold", ratio=3)
    table.add_column(tr(lang, "数值", "Value"), justify="right", overflow="fold", ratio=2)
    table.add_column(tr(lang, "年份", "Year"), justify="right", no_wrap=True)
    for m in metrics:
        label = m.label_en if lang == "en" and m.label_en else m.label
        year = str(m.year) if m.year is not None else g.missing
        table.add_row(Text(one_line(label)), Text(metric_value(m)), Text(year))
    return table


def event_row(e: Event, lang: str, g: Glyphs, *, town_name: str | None = None) -> Text:
    """``2015-10  ◎ 云栖大会`` (with the town when given)."""
    title = e.title_en if lang == "en" and e.title_en else e.title
    text = Text(f"{e.date!s:<10} ", style="bold")
    text.append(f"{g.category(e.category)} ")
    text.append(one_line(title))
    if town_name:
        text.append(f"  {g.dot} {one_line(town_name)}", style="dim")
    return text


def sources_block(ds: Dataset, ids: Iterable[str], g: Glyphs) -> list[Text]:
    """One line per source: ``title (year) · byline``."""
    lines: list[Text] = []
    for sid in dict.fromkeys(ids):
        src = ds.sources.get(sid)
        if src is None:
            lines.append(Text(f"{g.dot} {one_line(sid)}"))
            continue
        line = Text(f"{g.dot} {one_line(src.title)} ({src.year})")
        if src.byline:
            line.append(f"  {one_line(', '.join(src.byline))}", style="dim")
        lines.append(line)
    return lines


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


def entities_by_kind(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    """Entities grouped by kind, in the order of :data:`ENTITY_KINDS`."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.kind, []).append(e)
    order = [k for k in ENTITY_KINDS if k in groups] + sorted(set(groups) - set(ENTITY_KINDS))
    return [(k, groups[k]) for k in order]


def entity_name(e: Entity) -> str:
    """``阿里云 (Alibaba Cloud)``: the name as written, the English one beside it."""
    return one_line(e.display_name)


def town_profile(ds: Dataset, town: Town, lang: str, g: Glyphs) -> RenderableType:
    """The whole profile of a town."""
    parts: list[RenderableType] = []
    title = Text(one_line(town.name), style="bold")
    other = other_name(town.name, town.name_en)
    if other:
        title.append(f"  {one_line(other)}")
    parts.append(title)
    line = town_line(lang, town, g)
    if line:
        parts.append(Text(line, style="dim"))
    if town.aliases:
        aliases = tr(lang, "又称：", "Also: ") + "、".join(one_line(a) for a in town.aliases)
        parts.append(Text(aliases, style="dim"))
    summary = town.summary_en if lang == "en" and town.summary_en else town.summary
    if summary:
        parts += [Text(""), Text(clean(bounded(summary, lang), keep_newlines=True))]
    if town.note:
        note = one_line(bounded(town.note, lang))
        parts.append(Text(tr(lang, "注：", "Note: ") + note, style="italic"))
    if town.metrics:
        parts += [Text(""), heading(tr(lang, "主要指标", "Headline metrics"))]
        parts.append(metrics_table(lang, town.metrics, g))
    industries = town.industries_en if lang == "en" and town.industries_en else town.industries
    if industries:
        parts += [Text(""), heading(tr(lang, "产业方向", "Industry tracks"))]
        parts.append(Text(f" {g.dot} ".join(one_line(i) for i in industries)))
    if town.entities:
        parts += [Text(""), heading(tr(lang, "主体", "Entities"))]
        for kind, members in entities_by_kind(town.entities):
            row = Text(f"{kind_label(lang, kind)} ({len(members)}): ", style="bold")
            row.append("、".join(entity_name(e) for e in members))
            parts.append(row)
    if town.events:
        parts += [Text(""), heading(tr(lang, "近期事件", "Recent events"))]
        recent = sorted(town.events, key=lambda e: e.sort_key)[-RECENT_EVENTS:]
        parts += [event_row(e, lang, g) for e in reversed(recent)]
    if town.sources:
        parts += [Text(""), heading(tr(lang, "来源", "Sources"))]
        parts += sources_block(ds, town.sources, g)
    return Group(*parts)


def town_text(town: Town) -> str:
    """A plain-text one-paragraph description of a town, for the clipboard."""
    parts = [town.display_name]
    detail = ", ".join(p for p in (town.district, town.kind) if p)
    if detail:
        parts.append(f"({detail})")
    if town.summary:
        parts.append(f"— {town.summary}")
    return " ".join(parts)


def entity_record(ds: Dataset, entity: Entity, lang: str, g: Glyphs) -> RenderableType:
    """What an entity is, its towns, the events and metrics that mention it, its sources."""
    parts: list[RenderableType] = []
    title = Text(one_line(entity.name), style="bold")
    other = other_name(entity.name, entity.name_en)
    if other:
        title.append(f"  {one_line(other)}")
    title.append(f"  [{kind_label(lang, entity.kind)}]", style="dim")
    parts.append(title)
    role = entity.role_en if lang == "en" and entity.role_en else entity.role
    if role:
        parts.append(Text(one_line(bounded(role, lang))))
    if entity.aliases:
        aliases = tr(lang, "又称：", "Also: ") + "、".join(one_line(a) for a in entity.aliases)
        parts.append(Text(aliases, style="dim"))
    if entity.tags:
        parts.append(
            Text(tr(lang, "标签：", "Tags: ") + ", ".join(one_line(t) for t in entity.tags))
        )
    if entity.note:
        note = one_line(bounded(entity.note, lang))
        parts.append(Text(tr(lang, "注：", "Note: ") + note, style="italic"))

    parts += [Text(""), heading(tr(lang, "所在小镇", "Towns"))]
    for town_id in entity_towns(entity):
        town = ds.town(town_id)
        name = town.display_name if town else town_id
        parts.append(Text(f"{g.dot} {one_line(name)}"))

    events = entity_events(ds, entity)
    parts += [Text(""), heading(tr(lang, f"相关事件 ({len(events)})", f"Events ({len(events)})"))]
    if not events:
        parts.append(Text(g.missing, style="dim"))
    for e in events:
        town = ds.town(e.town)
        parts.append(event_row(e, lang, g, town_name=town.name if town else e.town))

    metrics = entity_metrics(ds, entity)
    if metrics:
        parts += [
            Text(""),
            heading(tr(lang, f"相关指标 ({len(metrics)})", f"Metrics ({len(metrics)})")),
        ]
        parts.append(metrics_table(lang, metrics, g))

    source_ids = entity_sources(entity, events, metrics)
    if source_ids:
        parts += [Text(""), heading(tr(lang, "来源", "Sources"))]
        parts += sources_block(ds, source_ids, g)
    return Group(*parts)


def entity_text(ds: Dataset, entity: Entity) -> str:
    """A plain-text description of an entity, for the clipboard."""
    towns = [ds.town(t) for t in entity_towns(entity)]
    where = ", ".join(t.name for t in towns if t is not None)
    parts = [entity.display_name, f"({entity.kind})"]
    if entity.role:
        parts.append(f"— {entity.role}")
    if where:
        parts.append(f"[{where}]")
    return " ".join(parts)
