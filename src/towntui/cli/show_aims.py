"""The goals, rankings, and slogans and programmes of ``towntui show TOWN`` as text:
one table each, after the metrics, for a town that has any."""

from __future__ import annotations

from towntui.cli.render import Column, Output, Table
from towntui.cli.words import word
from towntui.core.i18n import pick
from towntui.core.model import Town, both_names
from towntui.core.notes import note_in
from towntui.core.qualitative import place_text, slogan_kind_label
from towntui.core.units import ascii_units, display_quantity, format_quantity


def _goals(town: Town, out: Output) -> Table:
    table = Table(
        [
            Column("goal"),
            Column("by", "right", no_wrap=True),
            Column("target", no_wrap=True),
            Column("source", no_wrap=True),
            Column("note", style="dim"),
        ]
    )
    for g in town.goals:
        target = None
        if g.value is not None and g.unit:
            shown = display_quantity(g.value, g.unit, g.qualifier, out.lang)
            shown = ascii_units(shown) if out.ascii else shown
            target = f"{shown} ({format_quantity(g.value, g.unit, g.qualifier)})"
        by = str(g.by) if g.by is not None else None
        note = note_in(out.lang, g.note, g.note_en)
        table.add(both_names(g.text, g.text_en), by, target, g.source, note)
    return table


def _rankings(town: Town, out: Output) -> Table:
    table = Table(
        [
            Column("ranking"),
            Column("among"),
            Column("place", no_wrap=True),
            Column("year", "right", no_wrap=True),
            Column("source", no_wrap=True),
            Column("note", style="dim"),
        ]
    )
    for r in town.rankings:
        year = str(r.year) if r.year is not None else None
        among = pick(out.lang, r.among, r.among_en)
        note = note_in(out.lang, r.note, r.note_en)
        what = both_names(r.ranking, r.ranking_en)
        table.add(what, among, place_text(out.lang, r), year, r.source, note)
    return table


def _slogans(town: Town, out: Output) -> Table:
    table = Table(
        [
            Column("kind", no_wrap=True),
            Column("text"),
            Column("year", "right", no_wrap=True),
            Column("summary"),
            Column("source", no_wrap=True),
            Column("note", style="dim"),
        ]
    )
    for x in town.slogans:
        year = str(x.year) if x.year is not None else None
        summary = pick(out.lang, x.summary, x.summary_en)
        note = note_in(out.lang, x.note, x.note_en)
        kind = slogan_kind_label(out.lang, x.kind)
        table.add(kind, both_names(x.text, x.text_en), year, summary, x.source, note)
    return table


def show_aims(out: Output, town: Town) -> None:
    """Print ``town``'s goals, rankings, slogans and programmes, a table per kind it has."""
    if town.goals:
        out.heading(f"{word(out.lang, 'Goals')} ({len(town.goals)})")
        out.table(_goals(town, out))
    if town.rankings:
        out.heading(f"{word(out.lang, 'Rankings')} ({len(town.rankings)})")
        out.table(_rankings(town, out))
    if town.slogans:
        out.heading(f"{word(out.lang, 'Slogans and programmes')} ({len(town.slogans)})")
        out.table(_slogans(town, out))
