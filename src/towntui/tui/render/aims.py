"""The goals, rankings, slogans and programmes of a town's profile, and one line about
each for a search result: built from plain strings (shown literally), in the
interface's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import RenderableType

from towntui.core.i18n import pick, tr
from towntui.core.model import Dataset, Town
from towntui.core.qualitative import (
    Goal,
    Qualitative,
    Ranking,
    Slogan,
    place_text,
    slogan_kind_label,
)
from towntui.core.textsafe import one_line
from towntui.tui.render.glyphs import Glyphs
from towntui.tui.render.labels import figure_text
from towntui.tui.render.wrap import WrapText as Text

if TYPE_CHECKING:  # the search engine is imported when Search first runs
    from towntui.core.search.hits import Hit

#: Which note a record has in a profile: ``id(record)`` → the note's number.
Marks = Mapping[int, int]


def _other(lang: str, zh: str, en: str) -> str | None:
    """In English, the Chinese as written (a slogan is quoted): ``None`` in Chinese or
    when the two are the same."""
    return zh if lang == "en" and zh.strip() and zh != en else None


def goal_facts(lang: str, goal: Goal, g: Glyphs) -> list[str]:
    """What a goal names besides its text: the year it is meant by, its target."""
    facts = []
    if goal.by is not None:
        facts.append(tr(lang, f"目标年份 {goal.by}", f"by {goal.by}"))
    if goal.value is not None and goal.unit:
        figure = figure_text(lang, g, goal.value, goal.unit, goal.qualifier)
        facts.append(tr(lang, "目标 ", "target ") + figure)
    return facts


def ranking_facts(lang: str, r: Ranking) -> list[str]:
    """Among whom, the place, and the year of a ranking."""
    facts = [pick(lang, r.among, r.among_en), place_text(lang, r)]
    if r.year is not None:
        facts.append(str(r.year))
    return [f for f in facts if f]


def slogan_facts(lang: str, x: Slogan) -> list[str]:
    """A slogan's kind, the Chinese as written (in English), its year and summary."""
    facts = [slogan_kind_label(lang, x.kind)]
    other = _other(lang, x.text, x.text_en)
    if other:
        facts.insert(0, other)
    if x.year is not None:
        facts.append(str(x.year))
    summary = pick(lang, x.summary, x.summary_en)
    if summary:
        facts.append(summary)
    return facts


def _line(head: str, facts: list[str], g: Glyphs, mark: int | None) -> Text:
    """``· head · fact · fact [n]``: the head in bold, the facts dim."""
    line = Text(f"{g.dot} ")
    line.append(one_line(head), style="bold")
    for fact in facts:
        line.append(f" {g.dot} {one_line(fact)}", style="dim")
    if mark is not None:
        line.append(f" [{mark}]", style="dim")
    return line


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def aims_sections(town: Town, lang: str, g: Glyphs, marks: Marks) -> list[RenderableType]:
    """The profile's goals (said to be aims, not results), rankings, and slogans and
    programmes, each section after a blank line; nothing for a kind the town has none of."""
    parts: list[RenderableType] = []
    if town.goals:
        title = tr(lang, "目标（规划所定，并非已实现）", "Goals (aims, not results)")
        parts += [Text(""), _heading(title)]
        for goal in town.goals:
            text = pick(lang, goal.text, goal.text_en)
            parts.append(_line(text, goal_facts(lang, goal, g), g, marks.get(id(goal))))
    if town.rankings:
        parts += [Text(""), _heading(tr(lang, "排名", "Rankings"))]
        for r in town.rankings:
            what = pick(lang, r.ranking, r.ranking_en)
            parts.append(_line(what, ranking_facts(lang, r), g, marks.get(id(r))))
    if town.slogans:
        parts += [Text(""), _heading(tr(lang, "口号与计划", "Slogans and programmes"))]
        for x in town.slogans:
            text = pick(lang, x.text, x.text_en)
            parts.append(_line(text, slogan_facts(lang, x), g, marks.get(id(x))))
    return parts


def find_aim(ds: Dataset, hit: Hit) -> Qualitative | None:
    """The goal, ranking, slogan or programme a search hit is about, or None."""
    town = ds.town(hit.towns[0]) if hit.towns else None
    if town is None:
        return None
    records: tuple[Qualitative, ...] = (*town.goals, *town.rankings, *town.slogans)
    return next((r for r in records if r.id == hit.id), None)


def aim_about(ds: Dataset, hit: Hit, lang: str, g: Glyphs) -> str:
    """One line about a goal, ranking, slogan or programme hit, in ``lang`` (the hit's
    own context when the record is gone)."""
    r = find_aim(ds, hit)
    if r is None:
        return hit.context
    if isinstance(r, Goal):
        facts = goal_facts(lang, r, g)
    elif isinstance(r, Ranking):
        facts = ranking_facts(lang, r)
    else:  # the kind and the text as written are on the result's first line
        summary = pick(lang, r.summary, r.summary_en)
        facts = [f for f in (str(r.year) if r.year else None, summary) if f]
    return f" {g.dot} ".join(facts)
