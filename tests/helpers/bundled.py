"""The bundled data, loaded once, and lookups that fail with a clear message (for the
tests that pin the bundled facts)."""

from __future__ import annotations

from functools import cache

from towntui.core.loader import bundled_data_dir, load
from towntui.core.model import Dataset, Event, Town


@cache
def dataset() -> Dataset:
    """The bundled data, loaded once."""
    return load([bundled_data_dir()])


def town(town_id: str) -> Town:
    """A bundled town, which must exist."""
    found = dataset().town(town_id)
    assert found is not None, f"town {town_id} is not in the bundled data"
    return found


def event(town_id: str, event_id: str) -> Event:
    """A town's event by id."""
    hits = [e for e in town(town_id).events if e.id == event_id]
    assert hits, f"{town_id}: no event {event_id}"
    return hits[0]
