"""What a record is linked to: an entity's towns, events, metrics and sources; a
town's entities by kind and its recent events.

Shared by the app's profiles (:func:`entity_links`) and the command line's
``towntui entity``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from towntui.core.frozen import frozen
from towntui.core.model import ENTITY_KINDS, Dataset, Entity, Event, Metric, Town

#: How many recent events a town profile lists.
RECENT_EVENTS = 8


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
    """Every event of ``ds`` that lists ``entity``, or names it in its title or summary,
    in the dataset's order."""
    names = _names(entity)
    return [
        e
        for e in ds.events
        if entity.id in e.entities
        or any(_mentions(t, names) for t in (e.title, e.title_en, e.summary, e.summary_en))
    ]


def entity_metrics(ds: Dataset, entity: Entity) -> list[Metric]:
    """Every metric of every town of ``ds`` whose label or note names ``entity``."""
    names = _names(entity)
    return [
        m
        for t in ds.towns
        for m in t.metrics
        if any(_mentions(x, names) for x in (m.label, m.label_en, m.note, m.note_en))
    ]


def entity_towns(entity: Entity) -> list[str]:
    """The ids of the entity's towns, its home town first."""
    return list(dict.fromkeys([entity.town, *entity.towns]))


def entity_sources(entity: Entity, events: Sequence[Event], metrics: Sequence[Metric]) -> list[str]:
    """The ids of the sources that name the entity, its events and its metrics, once each."""
    ids = [*entity.sources, *(e.source for e in events), *(m.source for m in metrics)]
    return list(dict.fromkeys(ids))


def event_towns(event: Event) -> list[str]:
    """The ids of every town ``event`` involves, its own first, once each."""
    return list(dict.fromkeys([event.town, *event.towns]))


@frozen
class EntityLinks:
    """What an entity is linked to, each town and event with the town it names."""

    #: the entity's towns, its home town first: (id, the town or None when unknown)
    towns: tuple[tuple[str, Town | None], ...]
    #: the events that list or name it: (event, the event's own town or None)
    events: tuple[tuple[Event, Town | None], ...]
    #: the metrics that name it
    metrics: tuple[Metric, ...]
    #: the ids of the sources of the entity, its events and metrics, once each
    sources: tuple[str, ...]


def entity_links(ds: Dataset, entity: Entity) -> EntityLinks:
    """Everything of ``ds`` that ``entity`` is linked to (see :class:`EntityLinks`):
    :func:`entity_towns`, :func:`entity_events`, :func:`entity_metrics` and
    :func:`entity_sources` in one."""
    events = entity_events(ds, entity)
    metrics = entity_metrics(ds, entity)
    return EntityLinks(
        towns=tuple((t, ds.town(t)) for t in entity_towns(entity)),
        events=tuple((e, ds.town(e.town)) for e in events),
        metrics=tuple(metrics),
        sources=tuple(entity_sources(entity, events, metrics)),
    )


def entities_by_kind(entities: Iterable[Entity]) -> list[tuple[str, list[Entity]]]:
    """``entities`` grouped by kind: (kind, its entities in the given order), kinds in the
    order of :data:`~towntui.core.model.ENTITY_KINDS`, unknown kinds after them sorted."""
    groups: dict[str, list[Entity]] = {}
    for e in entities:
        groups.setdefault(e.kind, []).append(e)
    order = [k for k in ENTITY_KINDS if k in groups] + sorted(set(groups) - set(ENTITY_KINDS))
    return [(k, groups[k]) for k in order]


def recent_events(town: Town, count: int = RECENT_EVENTS) -> list[Event]:
    """The ``count`` latest events of ``town``, newest first."""
    return sorted(town.events, key=lambda e: e.sort_key)[-count:][::-1] if count > 0 else []
