"""Immutable records for loaded town data.

Everything the loader returns is a frozen, slotted dataclass whose collections are
tuples (or read-only mappings), so no screen or command can change what it shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import Literal

from towntui.core.frozen import frozen
from towntui.core.qualitative import QUALITATIVE_KIND_LABELS, Goal, Ranking, Slogan

#: The kinds an entity may be.
ENTITY_KINDS: tuple[str, ...] = (
    "company",
    "institution",
    "person",
    "fund",
    "work",
    "platform",
    "event",
    "policy",
    "place",
)

#: Every entity kind as the app labels it: kind → (Chinese, English).
ENTITY_KIND_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "company": ("企业", "company"),
        "institution": ("机构", "institution"),
        "person": ("人物", "person"),
        "fund": ("基金", "fund"),
        "work": ("作品", "work"),
        "platform": ("平台", "platform"),
        "event": ("活动", "activity"),  # not "event": that is a timeline event
        "policy": ("政策", "policy"),
        "place": ("地点", "place"),
    }
)

#: What a search result is, besides an entity kind: a town, a timeline event, a goal,
#: a ranking, a slogan or a programme.
RECORD_KIND_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"town": ("小镇", "town"), "event": ("事件", "event"), **QUALITATIVE_KIND_LABELS}
)


#: Event categories with their English label.
EVENT_CATEGORIES: Mapping[str, str] = MappingProxyType(
    {
        "founding": "founding",
        "planning": "planning & policy",
        "construction": "construction",
        "renovation": "renovation",
        "opening": "opening",
        "milestone": "milestone",
        "recognition": "award & recognition",
        "investment": "investment & funds",
        "company": "company",
        "conference": "conference",
        "launch": "launch & release",
        "culture": "culture",
    }
)

#: Event categories with their Chinese label.
EVENT_CATEGORIES_ZH: Mapping[str, str] = MappingProxyType(
    {
        "founding": "创立",
        "planning": "规划政策",
        "construction": "建设",
        "renovation": "改造",
        "opening": "开放",
        "milestone": "里程碑",
        "recognition": "荣誉",
        "investment": "投资基金",
        "company": "企业",
        "conference": "会议",
        "launch": "发布",
        "culture": "文化",
    }
)


def category_label(key: str, lang: str) -> str:
    """An event category's label in ``lang`` (the key itself when it has none)."""
    labels = EVENT_CATEGORIES_ZH if lang == "zh" else EVENT_CATEGORIES
    return labels.get(key, key)


Precision = Literal["year", "month", "day"]


def _fold_name(text: str) -> str:
    """A name folded for comparing spellings: case, width and runs of spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two spellings (either may be ``None``: read as empty) are the same name,
    ignoring case, width and runs of spaces (``Intel`` and `` intel ``) → bool."""
    return _fold_name(a or "") == _fold_name(b or "")


def other_name(name: str, name_en: str | None) -> str | None:
    """The English name ``name_en`` to show beside the Chinese ``name``: ``None`` when
    there is none or it is the same name (``Intel`` / ``Intel``), so no name is ever
    shown twice."""
    if not name_en or not name_en.strip() or same_name(name, name_en):
        return None
    return name_en


def both_names(name: str, name_en: str | None) -> str:
    """The Chinese ``name`` with the English ``name_en`` beside it, as one string:
    ``阿里云 (Alibaba Cloud)``; a name once when the English one is missing or the same
    (the English one alone when ``name`` is blank).

    Used for every name, title and label the app and the command line show in both
    languages.
    """
    other = other_name(name, name_en)
    if not name.strip():
        return other or name
    return f"{name} ({other})" if other else name


#: ASCII digits only (``\d`` takes full-width and Arabic-Indic digits too), the whole
#: string (``fullmatch``: ``$`` takes a trailing newline).
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _month_days(year: int, month: int) -> int:
    """The days of ``month`` in ``year`` (``calendar.monthrange`` without importing
    :mod:`calendar` at every start)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


class DateError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or names no real day: its
    message in English (``str()``) and in Chinese (``zh``)."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


@frozen(order=True)
class PartialDate:
    """A date known to the year, the month or the day (``month`` and ``day`` are 0 when
    unknown). Orders chronologically; ``str()`` gives ``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str | int) -> PartialDate:
        """Parse ``2015``, ``"2015"``, ``"2015-04"`` or ``"2015-04-17"`` → a
        :class:`PartialDate`.

        Raises :class:`DateError` for malformed text and for impossible dates such as
        ``2023-13`` or ``2023-02-30``.
        """
        if isinstance(text, bool):
            raise DateError(f"expected a date, got {text!r}", f"应为日期，实为 {text!r}")
        if isinstance(text, int):
            text = str(text)
        m = _DATE_RE.fullmatch(text)
        if not m:
            raise DateError(
                f'"{text}" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD',
                f'"{text}" 不是日期：应为 YYYY、YYYY-MM 或 YYYY-MM-DD',
            )
        year = int(m.group(1))
        month = int(m.group(2) or 0)
        day = int(m.group(3) or 0)
        if year < 1800 or year > 2200:
            raise DateError(
                f'"{text}": year {year} is out of range 1800-2200',
                f'"{text}"：年份 {year} 超出 1800-2200 的范围',
            )
        if m.group(2) is not None and not 1 <= month <= 12:
            raise DateError(f'"{text}": month {month} does not exist', f'"{text}"：没有 {month} 月')
        if m.group(3) is not None:
            last = _month_days(year, month)
            if not 1 <= day <= last:
                raise DateError(
                    f'"{text}": day {day} does not exist in {year}-{month:02d}',
                    f'"{text}"：{year}-{month:02d} 没有 {day} 日',
                )
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        """How precisely the date is known: ``"year"``, ``"month"`` or ``"day"``."""
        if self.day:
            return "day"
        if self.month:
            return "month"
        return "year"

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


@frozen
class Source:
    """One article that facts are taken from (``sources.toml``): the ``id`` records cite
    it by, its title (and English title), year, authors (``byline``), publication, the
    ``file`` of its text under the data folder and a note."""

    id: str
    title: str
    year: int
    byline: tuple[str, ...] = ()
    publication: str | None = None
    file: str | None = None
    title_en: str | None = None
    note: str | None = None
    note_en: str | None = None


@frozen
class MetricDef:
    """A comparable metric from the registry (``metrics.toml``): the ``key`` metrics
    name it by, its label in both languages, its unit, which way is better and a
    description."""

    key: str
    label: str
    label_en: str
    unit: str
    higher_is_better: bool = True
    description: str | None = None
    scope: str | None = None


@frozen
class Quantity:
    """A value with its unit as written, the year it is for, its qualifier (``余``,
    ``多`` …), the id of its source and a note: a town's area."""

    value: float
    unit: str
    year: int | None = None
    qualifier: str | None = None
    source: str | None = None
    note: str | None = None
    note_en: str | None = None


@frozen
class Metric:
    """One figure about a town, as the article gives it: its label (and English label),
    value, unit, year, qualifier, source id and note; ``key`` names its registry entry
    (:class:`MetricDef`) when it is comparable, ``town`` is the id of its town."""

    label: str
    value: float
    unit: str
    source: str
    key: str | None = None
    label_en: str | None = None
    year: int | None = None
    qualifier: str | None = None
    note: str | None = None
    note_en: str | None = None
    town: str = ""
    scope: str | None = None


@frozen
class Entity:
    """A company, institution, person, fund, work, platform, event, policy or place
    (``kind``, one of :data:`ENTITY_KINDS`): its id, names, aliases, role, tags and
    source ids; ``town`` is the id of the town whose file holds it, ``towns`` that town
    and every other town it belongs to."""

    id: str
    name: str
    kind: str
    town: str
    towns: tuple[str, ...] = ()
    name_en: str | None = None
    aliases: tuple[str, ...] = ()
    role: str | None = None
    role_en: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    note_en: str | None = None

    @property
    def display_name(self) -> str:
        """The Chinese name with the English one beside it, where there is a different
        one (:func:`both_names`)."""
        return both_names(self.name, self.name_en)


@frozen
class Event:
    """A dated step in a town's history: its id, date, title (and English title),
    category (a key of :data:`EVENT_CATEGORIES`), source id, summary (and English
    summary), note and the ids of the entities it involves; ``town`` is the id of the
    town whose file holds it, ``towns`` that town and every other town it concerns."""

    id: str
    date: PartialDate
    title: str
    category: str
    source: str
    town: str
    towns: tuple[str, ...] = ()
    title_en: str | None = None
    summary: str | None = None
    summary_en: str | None = None
    entities: tuple[str, ...] = ()
    note: str | None = None
    note_en: str | None = None

    @property
    def sort_key(self) -> tuple[int, int, int, str, str]:
        """The key that sorts events chronologically, then by town id, then by id:
        ``(year, month, day, town, id)``."""
        return (self.date.year, self.date.month, self.date.day, self.town, self.id)


@frozen
class Town:
    """A town or park profile, from one data file (``path``): its id, names, aliases,
    district, kind, area, founding year, industries, summary and note in both languages,
    with its metrics, events, entities, the ids of its sources, and its goals, rankings
    and slogans and programmes (:mod:`towntui.core.qualitative`)."""

    id: str
    name: str
    name_en: str
    path: str
    aliases: tuple[str, ...] = ()
    district: str | None = None
    district_en: str | None = None
    city: str = "杭州"
    kind: str | None = None
    kind_en: str | None = None
    area: Quantity | None = None
    founded: int | None = None
    industries: tuple[str, ...] = ()
    industries_en: tuple[str, ...] = ()
    summary: str = ""
    summary_en: str = ""
    note: str | None = None
    note_en: str | None = None
    metrics: tuple[Metric, ...] = ()
    events: tuple[Event, ...] = ()
    entities: tuple[Entity, ...] = ()
    sources: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    rankings: tuple[Ranking, ...] = ()
    slogans: tuple[Slogan, ...] = ()

    @property
    def display_name(self) -> str:
        """The Chinese name with the English one beside it (once when they are the
        same; :func:`both_names`)."""
        return both_names(self.name, self.name_en)


Severity = Literal["error", "warning"]


@frozen
class Problem:
    """Something wrong with a data file, located as precisely as we can: the file's
    path, the message in English and in Chinese (``message_zh``), the field, the 1-based
    line and column, and its severity. ``str()`` gives ``path:line:column: field:
    message`` in English; :meth:`format` in either language. The paths, field, line and
    column, and the ids and values quoted in the message, read the same in both."""

    path: str
    message: str
    field: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    message_zh: str = ""

    def text(self, lang: str) -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``). A problem made without its
        Chinese form shows the English one inside a Chinese frame."""
        if lang != "zh":
            return self.message
        return self.message_zh or f"（未译）{self.message}"

    def format(self, lang: str = "en") -> str:
        """``path:line:column: field: message`` with the message in ``lang``."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            return f"{where}: {self.field}: {self.text(lang)}"
        return f"{where}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.format("en")


@frozen
class Dataset:
    """Everything loaded from one or more data folders: the towns in load order, the
    metric registry and the sources by id, the problems found and every entity by id."""

    towns: tuple[Town, ...] = ()
    registry: Mapping[str, MetricDef] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, Source] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()
    entities: Mapping[str, Entity] = field(default_factory=lambda: MappingProxyType({}))
    # Derived on first use and kept (the record stays immutable to its users): screens
    # ask for towns by id and for the sorted events once per row at 1,000 towns.
    _by_id: dict[str, Town] | None = field(default=None, init=False, repr=False, compare=False)
    _events: tuple[Event, ...] | None = field(default=None, init=False, repr=False, compare=False)

    def town(self, town_id: str) -> Town | None:
        """The town with id ``town_id``, or ``None`` when no such town is loaded."""
        by_id = self._by_id
        if by_id is None:
            by_id = {}
            for t in self.towns:
                by_id.setdefault(t.id, t)
            object.__setattr__(self, "_by_id", by_id)
        return by_id.get(town_id)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event of every town, in date order."""
        events = self._events
        if events is None:
            events = tuple(
                sorted((e for t in self.towns for e in t.events), key=lambda e: e.sort_key)
            )
            object.__setattr__(self, "_events", events)
        return events

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``, in the order found."""
        return tuple(p for p in self.problems if p.severity == "error")
