"""What a record is linked to: an entity's towns, events, metrics and sources.

Shared by the app's entity screen and the command line's ``towntui entity``.
"""

from __future__ import annotations

from collections.abc import Sequence

from towntui.core.model import Dataset, Entity, Event, Metric


def _names(entity: Entity) -> list[str]:
    names = [entity.name, *entity.aliases]
    if entity.name_en:
        names.append(entity.name_en)
    # Very short names ("云") would match everywhere; two characters is the floor.
    return [n for n in dict.fromkeys(names) if len(n.strip()) >= 2]


def _mentions(text: str | None, names: Sequence[str]) -> bool:
    if not text:
        return False
    folded = text.casefold()
    return any(n.casefold() in folded for n in names)


def entity_events(ds: Dataset, entity: Entity) -> list[Event]:
    """Every event that lists the entity, or names it in its title or summary."""
    names = _names(entity)
    return [
        e
        for e in ds.events
        if entity.id in e.entities
        or any(_mentions(t, names) for t in (e.title, e.title_en, e.summary))
    ]


def entity_metrics(ds: Dataset, entity: Entity) -> list[Metric]:
    """Every metric whose label or note names the entity."""
    names = _names(entity)
    return [
        m
        for t in ds.towns
        for m in t.metrics
        if any(_mentions(x, names) for x in (m.label, m.label_en, m.note))
    ]


def entity_towns(entity: Entity) -> list[str]:
    """The ids of the entity's towns, its home town first."""
    return list(dict.fromkeys([entity.town, *entity.towns]))


def entity_sources(entity: Entity, events: Sequence[Event], metrics: Sequence[Metric]) -> list[str]:
    """The ids of the sources that name the entity, its events and its metrics, once each."""
    ids = [*entity.sources, *(e.source for e in events), *(m.source for m in metrics)]
    return list(dict.fromkeys(ids))


def event_towns(event: Event) -> list[str]:
    """The ids of every town an event involves, its own first."""
    return list(dict.fromkeys([event.town, *event.towns]))
