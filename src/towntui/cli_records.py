"""Plain records for the command line's ``--json`` output.

Every record always has the same keys (absent values are ``null``, absent lists ``[]``),
so scripts can rely on them. Numbers are kept exact: whole numbers are integers.
"""

from __future__ import annotations

from typing import Any

from towntui.core.model import Dataset, Entity, Event, Metric, Problem, Quantity, Source, Town
from towntui.core.units import QUALIFIERS


def number(value: float) -> float | int:
    """A whole number as an int (``7`` rather than ``7.0``), anything else unchanged."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def qualifier_en(qualifier: str | None) -> str | None:
    """The English reading of a qualifier (``超`` → ``over``)."""
    if qualifier is None:
        return None
    return QUALIFIERS[qualifier][0] if qualifier in QUALIFIERS else qualifier


def quantity_record(q: Quantity | None) -> dict[str, Any] | None:
    """A town's area or another quantity."""
    if q is None:
        return None
    return {
        "value": number(q.value),
        "unit": q.unit,
        "year": q.year,
        "qualifier": q.qualifier,
        "source": q.source,
        "note": q.note,
    }


def town_summary(t: Town) -> dict[str, Any]:
    """A town's identity and how much is known about it (for ``towns``)."""
    return {
        "id": t.id,
        "name": t.name,
        "name_en": t.name_en,
        "aliases": list(t.aliases),
        "district": t.district,
        "district_en": t.district_en,
        "city": t.city,
        "kind": t.kind,
        "kind_en": t.kind_en,
        "founded": t.founded,
        "area": quantity_record(t.area),
        "industries": list(t.industries),
        "industries_en": list(t.industries_en),
        "metrics": len(t.metrics),
        "events": len(t.events),
        "entities": len(t.entities),
    }


def metric_record(m: Metric) -> dict[str, Any]:
    """One figure as the article gives it."""
    return {
        "key": m.key,
        "label": m.label,
        "label_en": m.label_en,
        "value": number(m.value),
        "unit": m.unit,
        "year": m.year,
        "qualifier": m.qualifier,
        "qualifier_en": qualifier_en(m.qualifier),
        "source": m.source,
        "note": m.note,
    }


def event_record(e: Event) -> dict[str, Any]:
    """One timeline event; ``towns`` lists every town involved, its own first."""
    return {
        "id": e.id,
        "date": str(e.date),
        "precision": e.date.precision,
        "year": e.date.year,
        "title": e.title,
        "title_en": e.title_en,
        "category": e.category,
        "town": e.town,
        "towns": list(e.towns),
        "entities": list(e.entities),
        "summary": e.summary,
        "source": e.source,
        "note": e.note,
    }


def entity_record(e: Entity) -> dict[str, Any]:
    """One company, institution, person, fund, work, platform, event, policy or place."""
    return {
        "id": e.id,
        "name": e.name,
        "name_en": e.name_en,
        "kind": e.kind,
        "aliases": list(e.aliases),
        "role": e.role,
        "role_en": e.role_en,
        "tags": list(e.tags),
        "town": e.town,
        "towns": list(e.towns),
        "sources": list(e.sources),
        "note": e.note,
    }


def source_record(s: Source) -> dict[str, Any]:
    """One source article."""
    return {
        "id": s.id,
        "title": s.title,
        "title_en": s.title_en,
        "byline": list(s.byline),
        "year": s.year,
        "publication": s.publication,
        "file": s.file,
        "note": s.note,
    }


def town_detail(ds: Dataset, t: Town) -> dict[str, Any]:
    """Everything about one town (for ``show``)."""
    record = town_summary(t)
    for key in ("metrics", "events", "entities"):
        del record[key]
    record.update(
        {
            "summary": t.summary,
            "summary_en": t.summary_en,
            "note": t.note,
            "metrics": [metric_record(m) for m in t.metrics],
            "events": [event_record(e) for e in sorted(t.events, key=lambda e: e.sort_key)],
            "entities": [entity_record(e) for e in t.entities],
            "sources": [source_record(ds.sources[s]) for s in t.sources if s in ds.sources],
        }
    )
    return record


def problem_record(p: Problem) -> dict[str, Any]:
    """One loader problem, located."""
    return {
        "severity": p.severity,
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "field": p.field,
        "message": p.message,
    }
