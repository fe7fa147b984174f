"""Curation notes in the interface's language, and the notes of a town's profile.

Every record may carry a ``note`` (Chinese) and a ``note_en`` (English): doubts about
the article's text, how a year was resolved, what a figure covers. :func:`note_in`
gives the form of the language asked for. A note written in one language only is shown
in that language with a marker saying so (``（仅有英文）`` / ``(Chinese only)``), never
passed off as the other: the language of a lone note is read from its script, so an
English text left in ``note`` is still marked as English. :func:`town_notes` lists the
notes a town's profile shows, each with what it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence

from towntui.core.frozen import frozen
from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, Event, Metric, Town
from towntui.core.qualitative import Goal, Ranking, Slogan


def script_of(text: str) -> str:
    """``"zh"`` when ``text`` has more Chinese characters than Latin letters, else
    ``"en"``: the language a note with a single form is written in."""
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "zh" if han > latin else "en"


def note_in(lang: str, note: str | None, note_en: str | None) -> str | None:
    """The note in ``lang`` (``note`` for Chinese, ``note_en`` for English); when only
    one form is written and it is in the other language, that form after a marker
    (``(Chinese only) …``); ``None`` when there is no note."""
    if lang == "en" and note_en:
        return note_en
    if lang != "en" and note and (note_en or script_of(note) == "zh"):
        return note
    text = note or note_en
    if not text:
        return None
    if script_of(text) == ("en" if lang == "en" else "zh"):
        return text
    return tr(lang, "（仅有英文）", "(Chinese only) ") + text


@frozen
class NoteRef:
    """One note of a profile: its ``text`` in the language asked for (marked when only
    the other form exists), what it is ``about`` (``面积`` / ``Area``, a metric's label
    and year, an event's date and title, a goal's, ranking's or slogan's text, a
    source's title), the ``kind`` of record (``town``, ``area``, ``metric``, ``goal``,
    ``ranking``, ``slogan``, ``event``, ``source``) and the record itself."""

    text: str
    about: str
    kind: str
    record: object


def _metric_about(lang: str, m: Metric) -> str:
    label = pick(lang, m.label, m.label_en)
    return f"{label} ({m.year})" if m.year is not None else label


def _event_about(lang: str, e: Event) -> str:
    return f"{e.date} {pick(lang, e.title, e.title_en)}"


def _aim_about(lang: str, r: Goal | Ranking | Slogan) -> str:
    if isinstance(r, Ranking):
        return pick(lang, r.ranking, r.ranking_en)
    return pick(lang, r.text, r.text_en)


def town_notes(ds: Dataset, town: Town, lang: str, events: Sequence[Event] = ()) -> list[NoteRef]:
    """The notes a town's profile shows, in its order: the town's own, its area's, each
    metric's, each goal's, ranking's and slogan's, each of ``events``' (the events the
    profile lists) and each of its sources'. Returns them in ``lang`` (:func:`note_in`),
    numbered by position."""
    found: list[NoteRef] = []

    def add(record: object, kind: str, about: str, note: str | None, note_en: str | None) -> None:
        text = note_in(lang, note, note_en)
        if text:
            found.append(NoteRef(text, about, kind, record))

    add(town, "town", tr(lang, "本镇", "The town"), town.note, town.note_en)
    if town.area is not None:
        add(town.area, "area", tr(lang, "面积", "Area"), town.area.note, town.area.note_en)
    for m in town.metrics:
        add(m, "metric", _metric_about(lang, m), m.note, m.note_en)
    for kind, records in (("goal", town.goals), ("ranking", town.rankings)):
        for r in records:
            add(r, kind, _aim_about(lang, r), r.note, r.note_en)
    for x in town.slogans:
        add(x, "slogan", _aim_about(lang, x), x.note, x.note_en)
    for e in events:
        add(e, "event", _event_about(lang, e), e.note, e.note_en)
    for sid in dict.fromkeys(town.sources):
        src = ds.sources.get(sid)
        if src is not None:
            add(src, "source", pick(lang, src.title, src.title_en), src.note, src.note_en)
    return found
