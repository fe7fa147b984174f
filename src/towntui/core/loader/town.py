"""Building one town from a parsed town file: its identity, then each kind of record
(:mod:`.records` for metrics, entities and events, :mod:`.aims` for goals, rankings and
slogans), then its own sources."""

from __future__ import annotations

from towntui.core import schema
from towntui.core.loader.aims import goal, ranking, slogan
from towntui.core.loader.problems import Collector
from towntui.core.loader.reading import FileDoc
from towntui.core.loader.records import (
    _area,
    _entity,
    _event,
    _identity,
    _metric,
    _records,
    _TownFile,
    load_sources,
)
from towntui.core.model import MetricDef, Source, Town

#: The top-level keys of a town file.
TOWN_KEYS = ("town", "metrics", "events", "entities", "goals", "rankings", "slogans", "sources")


def build_town(
    fd: FileDoc, col: Collector, registry: dict[str, MetricDef]
) -> tuple[Town | None, list[Source]]:
    """Build one town from a parsed file; bad records are dropped and reported.

    Takes the parsed file, its collector and the metric registry; returns the town
    (None without a usable identity) and the file's own sources. A problem in ``[town]``
    does not stop the records from being checked: a wrong optional field of ``[town]``
    is reported and left out, and the town still loads; without a usable identity (a
    valid id and every required field) no town is built, but the records are still
    checked and their own sources still load.
    """
    doc = fd.doc
    assert doc is not None
    _unknown_keys(doc, col)
    ident, tid, own_id = _identity(doc, col)
    tf = _TownFile(col, registry, tid, own_id)
    area = _area(tf, ident["area"]) if "area" in ident else None
    metrics = _records(tf, doc, "metrics", schema.METRIC, _metric)
    entities = _records(tf, doc, "entities", schema.ENTITY, _entity)
    events = _records(tf, doc, "events", schema.EVENT, _event)
    goals = _records(tf, doc, "goals", schema.GOAL, goal)
    rankings = _records(tf, doc, "rankings", schema.RANKING, ranking)
    slogans = _records(tf, doc, "slogans", schema.SLOGAN, slogan)
    local_sources = load_sources(fd, col, in_town=True)
    if tid is None:
        return None, local_sources
    town = Town(
        id=tid,
        name=ident["name"],
        name_en=ident["name_en"],
        path=str(fd.path),
        aliases=tuple(ident.get("aliases", ())),
        district=ident.get("district"),
        district_en=ident.get("district_en"),
        city=ident.get("city", "杭州"),
        kind=ident.get("kind"),
        kind_en=ident.get("kind_en"),
        area=area,
        founded=ident.get("founded"),
        industries=tuple(ident.get("industries", ())),
        industries_en=tuple(ident.get("industries_en", ())),
        summary=ident["summary"],
        summary_en=ident["summary_en"],
        note=ident.get("note"),
        note_en=ident.get("note_en"),
        metrics=tuple(metrics),
        events=tuple(events),
        entities=tuple(entities),
        goals=tuple(goals),
        rankings=tuple(rankings),
        slogans=tuple(slogans),
    )
    return town, local_sources


def _unknown_keys(doc: dict[str, object], col: Collector) -> None:
    """Report every top-level key of a town file that the format does not know."""
    for key in doc:
        if key not in TOWN_KEYS:
            col.add(
                key,
                "unknown top-level key (expected [town], [[metrics]], [[events]], "
                "[[entities]], [[goals]], [[rankings]], [[slogans]] or [[sources]])",
                "未知的顶层键（应为 [town]、[[metrics]]、[[events]]、[[entities]]、"
                "[[goals]]、[[rankings]]、[[slogans]] 或 [[sources]]）",
            )
