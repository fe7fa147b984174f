"""``towntui show TOWN`` as text: identity, summary, metrics, goals, rankings, slogans
and programmes, events, entities, sources."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from towntui.cli.render import Column, Output, Table, safe
from towntui.cli.show_aims import show_aims
from towntui.cli.words import category, word
from towntui.core.i18n import pick, tr
from towntui.core.model import (
    ENTITY_KIND_LABELS,
    ENTITY_KINDS,
    Dataset,
    Metric,
    Quantity,
    Town,
    both_names,
)
from towntui.core.notes import note_in
from towntui.core.textsafe import clean
from towntui.core.units import ascii_units, display_quantity, format_quantity

#: The language of the CLI's text output: its headings are English, so figures read as
#: English too (``over 480,000 people``), beside the figure as the article wrote it.
LANG = "en"


def _both(zh: str | None, en: str | None) -> str | None:
    """``西湖区 (Xihu District)``, or whichever of the two exists (once when the same)."""
    return both_names(zh, en) if zh else en


def _identity(town: Town, ascii: bool, lang: str) -> Table:
    table = Table([Column("field", style="bold"), Column("value")])
    rows: list[tuple[str, str | None]] = [
        ("id", town.id),
        ("aliases", "、".join(town.aliases) or None),
        ("district", _both(town.district, town.district_en)),
        ("city", town.city),
        ("kind", _both(town.kind, town.kind_en)),
        ("founded", str(town.founded) if town.founded is not None else None),
    ]
    if town.area is not None:
        a = town.area
        area = " / ".join(figure(a, ascii, lang))
        area += f" ({a.year})" if a.year is not None else ""
        area += f" [{a.source}]" if a.source else ""
        rows.append(("area", area))
    industries = _both("、".join(town.industries), ", ".join(town.industries_en))
    rows.append(("industries", industries))
    rows.append(("note", note_in(lang, town.note, town.note_en)))
    for name, value in rows:
        if value:
            table.add(word(lang, name), value)
    return table


def figure(q: Metric | Quantity, ascii: bool, lang: str = LANG) -> tuple[str, str]:
    """A figure in ``lang`` (:func:`towntui.core.units.display_quantity`: ``over
    480,000 people``; ``sq km`` for ``km²`` when ``ascii``) and as the article writes
    it (``超48万人``)."""
    shown = display_quantity(q.value, q.unit, q.qualifier, lang)
    return ascii_units(shown) if ascii else shown, format_quantity(q.value, q.unit, q.qualifier)


#: the columns of a metrics table, in ``show`` and ``entity``: the figure in English
#: and as written (the raw value, unit and qualifier are in ``--json``)
METRIC_COLUMNS = (
    Column("metric"),
    Column("value", "right", no_wrap=True),
    Column("as written", no_wrap=True),
    Column("year", "right", no_wrap=True),
    Column("source", no_wrap=True),
)


def _metrics(town: Town, ascii: bool, lang: str) -> Table:
    table = Table(
        [*METRIC_COLUMNS, Column("key", style="dim", no_wrap=True), Column("note", style="dim")]
    )
    for m in town.metrics:
        label = _both(m.label, m.label_en)
        year = str(m.year) if m.year is not None else None
        note = note_in(lang, m.note, m.note_en)
        table.add(label, *figure(m, ascii, lang), year, m.source, m.key, note)
    return table


def _events(town: Town, lang: str) -> Table:
    table = Table(
        [
            Column("date", no_wrap=True),
            Column("category", no_wrap=True),
            Column("title"),
            Column("source", no_wrap=True),
        ]
    )
    for e in sorted(town.events, key=lambda e: e.sort_key):
        table.add(str(e.date), category(lang, e.category), _both(e.title, e.title_en), e.source)
    return table


def sources_table(ds: Dataset, ids: Iterable[str]) -> Table:
    """The sources ``ids`` name: id, year, title and byline (unknown ones said so)."""
    table = Table(
        [
            Column("id", no_wrap=True),
            Column("year", "right", no_wrap=True),
            Column("title"),
            Column("byline"),
        ]
    )
    for sid in ids:
        s = ds.sources.get(sid)
        if s is None:
            table.add(sid, None, Text("(unknown source)", style="red"), None)
        else:
            table.add(s.id, str(s.year), s.title, "、".join(s.byline))
    return table


def show_town(out: Output, ds: Dataset, town: Town) -> None:
    """Print everything about ``town``: plain sections when piped, rich tables on a tty."""
    title = safe(town.display_name)
    out.line(Text(title, style="bold") if out.rich else title)
    out.table(_identity(town, out.ascii, out.lang))
    summary = pick(out.lang, town.summary, town.summary_en)
    if summary:
        out.line()
        for para in clean(summary, keep_newlines=True).splitlines():
            out.line(para)
    out.heading(f"{word(out.lang, 'Metrics')} ({len(town.metrics)})")
    out.table(_metrics(town, out.ascii, out.lang))
    show_aims(out, town)
    out.heading(f"{word(out.lang, 'Events')} ({len(town.events)})")
    out.table(_events(town, out.lang))
    out.heading(f"{word(out.lang, 'Entities')} ({len(town.entities)})")
    for kind in ENTITY_KINDS:
        ents = [e for e in town.entities if e.kind == kind]
        if not ents:
            continue
        table = Table(
            [
                Column("id", style="dim", no_wrap=True),
                Column("name"),
                Column("role"),
                Column("tags"),
                Column("note", style="dim"),
            ],
            title=f"{tr(out.lang, *ENTITY_KIND_LABELS.get(kind, (kind, kind)))} ({len(ents)})",
        )
        for e in ents:
            role = _both(e.role, e.role_en)
            table.add(
                e.id, e.display_name, role, "、".join(e.tags), note_in(out.lang, e.note, e.note_en)
            )
        out.table(table)
    out.heading(f"{word(out.lang, 'Sources')} ({len(town.sources)})")
    out.table(sources_table(ds, town.sources))
