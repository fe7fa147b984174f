"""What a town says of itself besides figures and dated events: its goals, the rankings
it holds, and its slogans and programmes.

Three record kinds of a town file (``[[goals]]``, ``[[rankings]]``, ``[[slogans]]``),
frozen like every other record of :mod:`towntui.core.model`:

- a :class:`Goal` is something the town aims at, never a fact achieved: its text in
  both languages, the year it is meant for when the article gives one, and an optional
  target quantity in the units of the metrics;
- a :class:`Ranking` is a place in a named ranking (``数字经济发展综合评价`` among the
  province's districts): a rank number or a band (``前列``, ``第一方阵``), the year and
  how many years in a row; two rankings are the same ranking only when
  :func:`ranking_identity` says so, and only then may they stand side by side;
- a :class:`Slogan` is a slogan or a programme (:data:`SLOGAN_KINDS`) as the article
  quotes it, with an English rendering.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from towntui.core.frozen import frozen
from towntui.core.i18n import pick, tr

#: What a ``[[slogans]]`` record may be, with its label in Chinese and English.
SLOGAN_KINDS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {"slogan": ("口号", "slogan"), "programme": ("计划", "programme")}
)

#: The search-result kinds of these records, with their labels (``kind:goal`` …).
QUALITATIVE_KIND_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "goal": ("目标", "goal"),
        "ranking": ("排名", "ranking"),
        **SLOGAN_KINDS,
    }
)


@frozen
class Goal:
    """Something a town aims at (``[[goals]]``): its ``text`` and ``text_en``, the year
    it is meant ``by`` when the article gives one, an optional target quantity
    (``value`` in ``unit``, with a ``qualifier``), the source id and a note; ``town`` is
    the id of the town whose file holds it."""

    id: str
    text: str
    text_en: str
    source: str
    town: str
    by: int | None = None
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    note: str | None = None
    note_en: str | None = None

    @property
    def name(self) -> str:
        """The goal's own text (what search results show)."""
        return self.text


@frozen
class Ranking:
    """A town's place in a ranking (``[[rankings]]``): what is ranked (``ranking``,
    ``ranking_en``) and among whom (``among``, ``among_en``), the ``rank`` as a number
    or a ``band`` (``前列``, with ``band_en``), the ``year``, how many years in a row
    (``streak``), the source id and a note; ``key`` names the ranking when several
    towns hold a place in it."""

    id: str
    ranking: str
    ranking_en: str
    among: str
    among_en: str
    source: str
    town: str
    key: str | None = None
    rank: int | None = None
    band: str | None = None
    band_en: str | None = None
    year: int | None = None
    streak: int | None = None
    note: str | None = None
    note_en: str | None = None

    @property
    def name(self) -> str:
        """What is ranked (what search results show)."""
        return self.ranking


@frozen
class Slogan:
    """A slogan or a programme (``kind``, one of :data:`SLOGAN_KINDS`) as the article
    quotes it (``text``), its English rendering, what it means in a few words of our own
    (``summary``, ``summary_en``), the year it dates from, the source id and a note."""

    id: str
    text: str
    text_en: str
    kind: str
    source: str
    town: str
    summary: str | None = None
    summary_en: str | None = None
    year: int | None = None
    note: str | None = None
    note_en: str | None = None

    @property
    def name(self) -> str:
        """The slogan as written (what search results show)."""
        return self.text


Qualitative = Goal | Ranking | Slogan


def ranking_identity(r: Ranking) -> tuple[str, ...]:
    """What makes two rankings the same ranking: the same ``key`` when both have one;
    otherwise the same ranking and field (``ranking`` and ``among``, as written). Two
    places are only ever set side by side when their identities are equal."""
    if r.key:
        return ("key", r.key)
    return ("text", r.ranking.strip(), r.among.strip())


def same_ranking(a: Ranking, b: Ranking) -> bool:
    """Whether ``a`` and ``b`` are places in the same ranking (:func:`ranking_identity`)."""
    return ranking_identity(a) == ranking_identity(b)


def rankings_side_by_side(
    rankings: Iterable[Ranking],
) -> list[tuple[tuple[str, ...], list[Ranking]]]:
    """``rankings`` grouped by ranking (:func:`ranking_identity`), in first-seen order:
    the only way towntui sets places side by side, so a 全省第一 of one ranking is never
    ranked against a 全省第一 of another."""
    groups: dict[tuple[str, ...], list[Ranking]] = {}
    for r in rankings:
        groups.setdefault(ranking_identity(r), []).append(r)
    return list(groups.items())


def place_text(lang: str, r: Ranking) -> str:
    """The place itself: ``第1`` / ``No. 1``, or the band (``前列`` / ``among the
    leaders``), with the run of years (``连续6年`` / ``6 years running``)."""
    if r.rank is not None:
        place = tr(lang, f"第{r.rank}", f"No. {r.rank}")
    else:
        place = pick(lang, r.band or "", r.band_en)
    if r.streak and r.streak > 1:
        place += tr(lang, f"（连续{r.streak}年）", f" ({r.streak} years running)")
    return place


def ranking_text(lang: str, r: Ranking) -> str:
    """A ranking on one line: ``数字经济发展综合评价 · 全省 · 第1（连续6年）``."""
    what = pick(lang, r.ranking, r.ranking_en)
    among = pick(lang, r.among, r.among_en)
    return " · ".join(p for p in (what, among, place_text(lang, r)) if p)


def slogan_kind_label(lang: str, kind: str) -> str:
    """A slogan's kind as a label (``口号`` / ``programme``)."""
    labels = SLOGAN_KINDS.get(kind)
    return tr(lang, *labels) if labels else kind
