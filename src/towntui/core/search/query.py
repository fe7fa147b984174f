"""Query parsing: free text and the ``kind:`` / ``town:`` filters.

:func:`parse_query` splits what a user typed into the text to match and the filters;
:func:`normalise` folds the text the way the index stores it.
"""

from __future__ import annotations

from towntui.core.frozen import frozen
from towntui.core.i18n import Msg
from towntui.core.model import ENTITY_KIND_LABELS, ENTITY_KINDS, RECORD_KIND_LABELS
from towntui.core.qualitative import QUALITATIVE_KIND_LABELS
from towntui.core.search.pinyin import RESERVED, fold

#: Every value ``kind:`` accepts: ``town``, the entity kinds, and ``event``; and
#: ``goal``, ``ranking``, ``slogan`` and ``programme``.
KINDS: tuple[str, ...] = ("town", *ENTITY_KINDS, *QUALITATIVE_KIND_LABELS)

#: The longest query searched, in characters, filters included. Longer ones (a paste of
#: a whole page) find nothing and their problems say why: no name is this
#: long, and matching costs grow with the query.
MAX_QUERY_CHARS = 200


@frozen
class ParsedQuery:
    """A query split into free text and filters.

    ``kinds`` is None without a ``kind:`` filter, else the kinds a hit may have
    (``event`` means timeline events and entities of kind event). ``towns`` holds each
    ``town:`` value; a hit must belong to a town matching every one. ``problems``
    explains filters that match nothing (an unknown kind).
    """

    text: str
    kinds: frozenset[str] | None = None
    towns: tuple[str, ...] = ()
    problems: tuple[Msg, ...] = ()

    @property
    def has_filters(self) -> bool:
        """Whether any filter was given."""
        return self.kinds is not None or bool(self.towns)


def _kind_names() -> dict[str, str]:
    """Every name ``kind:`` accepts (folded) → the kind: the kinds themselves and their
    labels in the app, in Chinese and English (``人物``, ``小镇``, ``事件`` …)."""
    names: dict[str, str] = {}
    # record kinds first: "event" is a timeline event; entities of kind event are
    # activities (活动), a filter of their own
    for kind, labels in RECORD_KIND_LABELS.items():
        for name in (kind, *labels):
            names.setdefault(name.casefold(), kind)
    for kind, labels in ENTITY_KIND_LABELS.items():
        for name in (kind, *labels):
            names.setdefault(name.casefold(), entity_filter(kind))
    return names


def entity_filter(kind: str) -> str:
    """The ``kind:`` an entity kind is filtered by: the kind itself, but ``activity``
    for entities of kind ``event`` (``event`` is a timeline event)."""
    return "activity" if kind == "event" else kind


#: ``kind:`` values: kinds and their Chinese and English labels (see :func:`_kind_names`).
KIND_NAMES: dict[str, str] = _kind_names()


def kinds_named(value: str) -> frozenset[str]:
    """The kinds a ``kind:`` value names: a kind or label, else every one it begins."""
    want = value.strip().casefold()
    if not want:
        return frozenset()
    if want in KIND_NAMES:
        return frozenset({KIND_NAMES[want]})
    return frozenset(kind for name, kind in KIND_NAMES.items() if name.startswith(want))


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into free text and ``kind:``/``town:`` filters.

    Filter names are case-insensitive; a kind is named as in the app, in either language
    (``kind:company``, ``kind:企业``, ``kind:人物``) and ``kind:comp`` completes to
    ``company``. A filter with a space after the colon takes the next word
    (``kind: company``); an empty filter at the end (``kind:`` while typing) is ignored.
    Several ``kind:`` filters widen the kinds; several ``town:`` filters must all hold.
    A query longer than :data:`MAX_QUERY_CHARS` is not searched: it parses to no text
    and no filters, with a problem saying so.
    """
    if len(text) > MAX_QUERY_CHARS:
        return ParsedQuery(
            text="",
            problems=(
                Msg(
                    f"query too long: {len(text):,} characters (at most {MAX_QUERY_CHARS} "
                    "are searched)",
                    f"查询太长：{len(text):,} 个字符（最多搜索 {MAX_QUERY_CHARS} 个）",
                ),
            ),
        )
    words: list[str] = []
    kinds: set[str] | None = None
    towns: list[str] = []
    problems: list[Msg] = []
    tokens = text.split()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        name, sep, value = token.partition(":")
        key = name.lower()
        if not sep or key not in ("kind", "town"):
            words.append(token)
            continue
        if not value and i < len(tokens):
            value = tokens[i]
            i += 1
        if not value:
            continue
        if key == "town":
            towns.append(value)
            continue
        found = kinds_named(value)
        if not found:
            problems.append(_unknown_kind(value.lower()))
        kinds = (kinds or set()) | found
    return ParsedQuery(
        text=" ".join(words),
        kinds=None if kinds is None else frozenset(kinds),
        towns=tuple(towns),
        problems=tuple(problems),
    )


def _unknown_kind(value: str) -> Msg:
    """Why ``kind:value`` matches nothing, with the kinds a query may name: in English
    their English names, in Chinese their Chinese names and then the English ones."""
    names = ", ".join(KINDS)
    labels = [*ENTITY_KIND_LABELS.values(), *RECORD_KIND_LABELS.values()]
    names_zh = "、".join(zh for zh, _ in labels)
    return Msg(
        f'unknown kind "{value}": expected one of {names}',
        f'未知类型 "{value}"：可用 {names_zh}（或 {names}）',
    )


def normalise(text: str) -> str:
    """``text`` as the index compares it: case folded, reserved and unprintable characters
    dropped, runs of spaces collapsed to one."""
    text = "".join(ch for ch in text if ch not in RESERVED and ch.isprintable())
    return " ".join(fold(text).split())
