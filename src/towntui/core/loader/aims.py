"""Building a town file's goals, rankings and slogans (``[[goals]]``, ``[[rankings]]``,
``[[slogans]]``), as :mod:`.records` builds its metrics, events and entities: every
problem of a record reported, a record with a problem dropped, the rest kept."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from towntui.core import units
from towntui.core.loader.records import _known_unit, _refer, _shared, _TownFile
from towntui.core.qualitative import SLOGAN_KINDS, Goal, Ranking, Slogan


def _record_id(tf: _TownFile, rec: dict[str, Any], stem: str, i: int) -> str:
    """The record's own id, or ``<town>-<stem><n>`` (its place in the file) without one."""
    given: str | None = rec.get("id")
    return given or f"{tf.tid}-{stem}{i + 1}"


def _unkept(tf: _TownFile, where: str, rec: dict[str, Any], bad: AbstractSet[str]) -> None:
    """A record that is not kept: its source is still checked when linking."""
    _refer(tf, where, rec, bad, "source")


def _target(tf: _TownFile, where: str, rec: dict[str, Any], bad: AbstractSet[str]) -> bool:
    """Whether a goal's target quantity is well formed: a value and a known unit go
    together, and a qualifier needs a value; every problem is reported."""
    col = tf.col
    fine = True
    has_value, has_unit = "value" in rec, "unit" in rec
    if has_value and not has_unit:
        col.add(f"{where}.unit", "a target value needs its unit", "目标数值需要单位")
        fine = False
    if has_unit and not has_value:
        col.add(
            f"{where}.value",
            "a unit needs the target value it is the unit of",
            "有单位却没有它所属的目标数值",
        )
        fine = False
    if has_unit and "unit" not in bad and not _known_unit(col, f"{where}.unit", rec["unit"]):
        fine = False
    qual = rec.get("qualifier")
    if qual is not None and "qualifier" not in bad:
        if not has_value:
            col.add(
                f"{where}.qualifier",
                "a qualifier needs the target value it qualifies",
                "限定词需要它所限定的目标数值",
            )
            fine = False
        elif not col.known(f"{where}.qualifier", "qualifier", qual, units.QUALIFIERS):
            fine = False
    return fine


def goal(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Goal | None:
    """The ``i``-th ``[[goals]]`` record (at ``where``, its wrong fields ``bad``), or None
    when it is wrong or not kept."""
    fine = _target(tf, where, rec, bad) and not bad
    if not fine or tf.tid is None:
        _unkept(tf, where, rec, bad)
        return None
    tf.col.kept["goals"].append(i)
    value = rec.get("value")
    return Goal(
        id=_record_id(tf, rec, "goal", i),
        text=rec["text"],
        text_en=rec["text_en"],
        source=_shared(rec["source"]),
        town=tf.tid,
        by=rec.get("by"),
        value=float(value) if isinstance(value, float) else value,
        unit=_shared(rec.get("unit")),
        qualifier=_shared(rec.get("qualifier")),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )


def _place(tf: _TownFile, where: str, rec: dict[str, Any], bad: AbstractSet[str]) -> bool:
    """Whether a ranking gives its place once: a rank or a band (with its English)."""
    col = tf.col
    has_rank, has_band = "rank" in rec, "band" in rec
    if not has_rank and not has_band:
        col.add(
            f"{where}.rank",
            'give the place: a "rank" (1, 2 …) or a "band" (such as "前列")',
            '请给出名次："rank"（1、2 …）或 "band"（例如 "前列"）',
        )
        return False
    if has_rank and has_band:
        col.add(f"{where}.band", "give a rank or a band, not both", '"rank" 与 "band" 只能给一个')
        return False
    if has_band and "band" not in bad and not rec.get("band_en"):
        col.add(
            f"{where}.band_en",
            "a band needs its English (band_en)",
            '"band" 需要英文形式 "band_en"',
        )
        return False
    if "band_en" in rec and not has_band:
        col.add(f"{where}.band_en", "band_en without a band", '有 "band_en" 却没有 "band"')
        return False
    return True


def ranking(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Ranking | None:
    """The ``i``-th ``[[rankings]]`` record, as :func:`goal` builds a goal."""
    fine = _place(tf, where, rec, bad) and not bad
    if not fine or tf.tid is None:
        _unkept(tf, where, rec, bad)
        return None
    tf.col.kept["rankings"].append(i)
    return Ranking(
        id=_record_id(tf, rec, "ranking", i),
        ranking=rec["ranking"],
        ranking_en=rec["ranking_en"],
        among=_shared(rec["among"]),
        among_en=_shared(rec["among_en"]),
        source=_shared(rec["source"]),
        town=tf.tid,
        key=_shared(rec.get("key")),
        rank=rec.get("rank"),
        band=_shared(rec.get("band")),
        band_en=_shared(rec.get("band_en")),
        year=rec.get("year"),
        streak=rec.get("streak"),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )


def slogan(
    tf: _TownFile, i: int, where: str, rec: dict[str, Any], bad: AbstractSet[str]
) -> Slogan | None:
    """The ``i``-th ``[[slogans]]`` record, as :func:`goal` builds a goal."""
    fine = not bad
    if "kind" not in bad and not tf.col.known(
        f"{where}.kind", "slogan kind", rec["kind"], SLOGAN_KINDS
    ):
        fine = False
    if not fine or tf.tid is None:
        _unkept(tf, where, rec, bad)
        return None
    tf.col.kept["slogans"].append(i)
    return Slogan(
        id=_record_id(tf, rec, "slogan", i),
        text=rec["text"],
        text_en=rec["text_en"],
        kind=_shared(rec["kind"]),
        source=_shared(rec["source"]),
        town=tf.tid,
        summary=rec.get("summary"),
        summary_en=rec.get("summary_en"),
        year=rec.get("year"),
        note=rec.get("note"),
        note_en=rec.get("note_en"),
    )
