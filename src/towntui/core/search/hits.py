"""What a search returns: :class:`Hit` records, gathered in a :class:`SearchResult`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from towntui.core.frozen import frozen
from towntui.core.i18n import Msg

#: What a hit is: a town, an entity, a timeline event, or one of a town's goals,
#: rankings, slogans or programmes (:mod:`towntui.core.qualitative`).
HitKind = Literal["town", "entity", "event", "goal", "ranking", "slogan", "programme"]

#: Between the facts of a hit's ``context`` (``Yunqi Town · 西湖区 · 特色小镇``).
CONTEXT_SEP = " · "


@frozen
class Hit:
    """One search result.

    ``label`` is the text that matched (a name, alias, English name, tag or title) and
    ``positions`` the indices of its characters to highlight; ``field`` says which field
    matched (``"pinyin"`` for a pinyin match, whose record field is in ``origin``);
    ``towns`` are the ids of the towns the record belongs to; ``context`` is one line of
    explanation (kind, role, date, town), ``context_en`` its facts in English. ``name``
    is the record's own name and ``how`` the tier: exact, prefix, pinyin, substring,
    fuzzy or filter.
    """

    kind: HitKind
    id: str
    label: str
    positions: tuple[int, ...]
    score: float
    field: str
    towns: tuple[str, ...]
    entity_kind: str | None
    context: str
    name: str = ""
    origin: str = ""
    how: str = ""
    #: ``context``'s facts in English (English role, town and field names), without
    #: the name ``context`` may lead with
    context_en: str = ""


class SearchResult(list[Hit]):
    """The hits of one query, best first, and the query's ``problems``.

    It is the list of hits itself (callers index, count and compare it like one), with
    ``problems``: why filters match nothing (an unknown kind, a ``town:`` value that
    names no town), so no caller parses the query again to explain an empty result.
    """

    __slots__ = ("problems",)

    def __init__(self, hits: Iterable[Hit] = (), problems: tuple[Msg, ...] = ()) -> None:
        super().__init__(hits)
        self.problems = problems


def join_facts(*parts: str | None) -> str:
    """Non-empty parts joined with :data:`CONTEXT_SEP`, on one line."""
    return " ".join(CONTEXT_SEP.join(dict.fromkeys(p for p in parts if p)).split())
