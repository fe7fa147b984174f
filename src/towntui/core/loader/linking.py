"""Linking the towns of every file: duplicate ids across files, references to sources,
towns and entities that do not exist, and each entity's towns derived from the events
that name it; the result frozen into a :class:`Dataset`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
from types import MappingProxyType

from towntui.core.loader.problems import Collector, noun_zh
from towntui.core.model import Dataset, Entity, MetricDef, Problem, Source, Town
from towntui.core.qualitative import Goal, Ranking, Slogan

_LEFT_OUT = "; this event is left out"
_LEFT_OUT_ZH = "；此事件已略去"


def _unknown_msg(what: str, value: str | None) -> tuple[str, str]:
    """``unknown source "x"`` in English and in Chinese."""
    return f'unknown {what} "{value}"', f'未知{noun_zh(what)} "{value}"'


#: The arrays of goals, rankings and slogans (fields of a town of the same names).
_AIMS = ("goals", "rankings", "slogans")

#: For each array whose ids are claimed: what a record is, and what befalls a repeat.
_CLAIMED = {
    "entities": ("entity", "", ""),
    "events": ("event", _LEFT_OUT, _LEFT_OUT_ZH),
    "goals": ("goal", "; this goal is left out", "；此目标已略去"),
    "rankings": ("ranking", "; this ranking is left out", "；此排名已略去"),
    "slogans": ("slogan", "; this slogan is left out", "；此口号已略去"),
}


def link(
    towns: list[Town],
    registry: dict[str, MetricDef],
    sources: dict[str, Source],
    cols: dict[str, Collector],
    unkept: list[Collector],
    problems: list[Problem],
) -> Dataset:
    """Check cross-references, derive entity towns, and freeze the result.

    Takes the towns, the registry and sources by id, each town's collector by town id,
    the collectors of files with records that were not kept (``unkept``: their ``refs``
    are checked too, so a dropped record reports all of its problems) and the list of
    every problem (sorted here, by file, line and field). Returns the dataset.
    """
    linker = _Linker(towns, sources, cols)
    linker.claim_ids()
    linked = [linker.check(town) for town in towns]
    ids: dict[str, Collection[str]] = {
        "source": sources,
        "town": linker.town_ids,
        "entity": linker.entity_owner,
    }
    for col in unkept:
        for where, what, value in col.refs:
            if value not in ids[what]:
                col.add(where, *_unknown_msg(what, value))
    for col in (*cols.values(), *unkept):
        col.summarise()
    final, entities = linker.entity_towns(linked)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.field or ""))
    return Dataset(
        towns=tuple(final),
        registry=MappingProxyType(dict(registry)),
        sources=MappingProxyType(dict(sources)),
        problems=tuple(problems),
        entities=MappingProxyType(entities),
    )


class _Linker:
    """The ids every town file defines, checked across files."""

    def __init__(
        self, towns: list[Town], sources: dict[str, Source], cols: dict[str, Collector]
    ) -> None:
        self.towns = towns
        self.sources = sources
        self.cols = cols
        self.town_ids = {t.id for t in towns}
        self.entity_owner: dict[str, str] = {}
        self.event_owner: dict[str, str] = {}
        self.dropped_entities: set[tuple[str, int]] = set()
        self.dropped_events: set[tuple[str, int]] = set()
        #: goals, rankings and slogans: the owner of each id, and the repeats dropped
        self.aim_owner: dict[str, dict[str, str]] = {a: {} for a in _AIMS}
        self.dropped_aims: set[tuple[str, str, int]] = set()
        #: the towns of the events that name each entity (only those: a set each is big)
        self.extra_towns: dict[str, set[str]] = {}

    def report(self, town: Town, where: str, message: str, message_zh: str) -> None:
        """Report a problem of a kept record of ``town``, at its index in the file."""
        col = self.cols[town.id]
        if "[" in where:  # "events[2].source": kept index 2 → its index in the file
            array, rest = where.split("[", 1)
            kept_index, suffix = rest.split("]", 1)
            where = col.at(array, int(kept_index)) + suffix
        col.add(where, message, message_zh)

    def claim_ids(self) -> None:
        """Give each entity and event id to the first town that defines it; the repeats
        are reported and dropped."""
        for town in self.towns:
            entities = (e.id for e in town.entities)
            self._claim(town, "entities", entities, self.entity_owner, self.dropped_entities)
            events = (e.id for e in town.events)
            self._claim(town, "events", events, self.event_owner, self.dropped_events)
            for array in _AIMS:
                owner, ids = self.aim_owner[array], (r.id for r in getattr(town, array))
                dropped: set[tuple[str, int]] = set()
                self._claim(town, array, ids, owner, dropped)
                self.dropped_aims.update((array, t, i) for t, i in dropped)

    def _claim(
        self,
        town: Town,
        array: str,
        ids: Iterable[str],
        owner: dict[str, str],
        dropped: set[tuple[str, int]],
    ) -> None:
        """Claim the ids of ``town``'s records in ``array`` for it, or report them."""
        what, more, more_zh = _CLAIMED[array]
        for i, id_ in enumerate(ids):
            if id_ in owner:
                first = self.cols[owner[id_]].display
                message = f'duplicate {what} id "{id_}" (also in {first}){more}'
                zh = f'{noun_zh(what)} id "{id_}" 重复（{first} 中也有）{more_zh}'
                self.report(town, f"{array}[{i}].id", message, zh)
                dropped.add((town.id, i))
            else:
                owner[id_] = town.id

    def check(self, town: Town) -> Town:
        """Report ``town``'s references that do not exist; returns the town without its
        dropped entities and events, with the sources it cites."""
        if town.area is not None and town.area.source not in self.sources:
            self.report(town, "town.area.source", *_unknown_msg("source", town.area.source))
        for i, m in enumerate(town.metrics):
            if m.source not in self.sources:
                self.report(town, f"metrics[{i}].source", *_unknown_msg("source", m.source))
        self._check_events(town)
        goals, rankings, slogans = (self._check_aims(town, a) for a in _AIMS)
        for i, ent in enumerate(town.entities):
            self._unknown(town, f"entities[{i}].towns", "town", ent.towns, self.town_ids)
            self._unknown(town, f"entities[{i}].sources", "source", ent.sources, self.sources)
        dropped = self.dropped_entities
        ents = tuple(e for i, e in enumerate(town.entities) if (town.id, i) not in dropped)
        evs = town.events
        if self.dropped_events:
            evs = tuple(e for i, e in enumerate(evs) if (town.id, i) not in self.dropped_events)
        return replace(
            town,
            entities=ents,
            events=evs,
            sources=town_sources(town),
            goals=goals,  # type: ignore[arg-type]
            rankings=rankings,  # type: ignore[arg-type]
            slogans=slogans,  # type: ignore[arg-type]
        )

    def _check_aims(self, town: Town, array: str) -> tuple[Goal | Ranking | Slogan, ...]:
        """Report the unknown sources of ``town``'s goals, rankings or slogans
        (``array``); returns them without the repeats of an id claimed before."""
        kept: list[Goal | Ranking | Slogan] = []
        for i, rec in enumerate(getattr(town, array)):
            if rec.source not in self.sources:
                self.report(town, f"{array}[{i}].source", *_unknown_msg("source", rec.source))
            if (array, town.id, i) not in self.dropped_aims:
                kept.append(rec)
        return tuple(kept)

    def _check_events(self, town: Town) -> None:
        """Report the unknown sources, towns and entities of ``town``'s events, and note
        the towns of the events that name each entity."""
        for i, ev in enumerate(town.events):
            where = f"events[{i}]"
            if ev.source not in self.sources:
                self.report(town, f"{where}.source", *_unknown_msg("source", ev.source))
            self._unknown(town, f"{where}.towns", "town", ev.towns, self.town_ids)
            for e in ev.entities:
                if e not in self.entity_owner:
                    self.report(town, f"{where}.entities", *_unknown_msg("entity", e))
                else:
                    known = (t for t in ev.towns if t in self.town_ids)
                    self.extra_towns.setdefault(e, set()).update(known)

    def _unknown(
        self, town: Town, where: str, what: str, ids: Iterable[str], known: Collection[str]
    ) -> None:
        """Report each of ``ids`` that is not ``known`` (an unknown ``what``) at ``where``."""
        for id_ in ids:
            if id_ not in known:
                self.report(town, where, *_unknown_msg(what, id_))

    def entity_towns(self, linked: list[Town]) -> tuple[list[Town], dict[str, Entity]]:
        """The towns with each entity's towns: those it names that exist, then those of
        the events that name it; and every entity by id."""
        entities: dict[str, Entity] = {}
        final: list[Town] = []
        for town in linked:
            kept: list[Entity] = []
            for ent in town.entities:
                known = [t for t in ent.towns if t in self.town_ids]
                more = sorted(self.extra_towns.get(ent.id, set()).difference(known))
                linked_towns = tuple(known + more)
                if linked_towns != ent.towns:  # most entities are unchanged: skip the copy
                    ent = replace(ent, towns=linked_towns)
                kept.append(ent)
                entities[ent.id] = ent
            final.append(replace(town, entities=tuple(kept)))
        return final, entities


def town_sources(town: Town) -> tuple[str, ...]:
    """The source ids ``town`` cites, in first-cited order."""
    seen: dict[str, None] = {}
    if town.area is not None and town.area.source:
        seen[town.area.source] = None
    for m in town.metrics:
        seen[m.source] = None
    for ev in town.events:
        seen[ev.source] = None
    for ent in town.entities:
        for s in ent.sources:
            seen[s] = None
    aims: tuple[Goal | Ranking | Slogan, ...] = (*town.goals, *town.rankings, *town.slogans)
    for rec in aims:
        seen[rec.source] = None
    return tuple(seen)
