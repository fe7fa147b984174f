"""The rows of Search's results: what each leads with, in the interface's language,
and the line under it (towns, then role, date or district)."""

from __future__ import annotations

import re
from itertools import chain

from rich.cells import cell_len
from textual.content import Content

from towntui.core.model import Event, same_name
from towntui.core.qualitative import Ranking
from towntui.core.search import Hit
from towntui.core.textsafe import one_line
from towntui.tui.render.aims import aim_about, find_aim
from towntui.tui.render.highlight import highlighted
from towntui.tui.render.labels import category_label, crop, from_match
from towntui.tui.render.profile import result_kind
from towntui.tui.state import AppState

#: How the characters that matched the query are drawn.
MATCH_STYLE = "bold $accent underline"

#: A Chinese character: a label without one is an English match (in Chinese, a row found
#: by it leads with the record as written)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class ResultRows:
    """Makes the two lines of a result for the app's state (its data and language)."""

    def __init__(self, state: AppState) -> None:
        self._state = state

    def town_name(self, town_id: str) -> str:
        town = self._state.dataset.town(town_id)
        if town is None:
            return one_line(town_id)
        return one_line(self._state.pick(town.name, town.name_en))

    def _about(self, hit: Hit) -> str:
        """The second line after the towns: role, date and category, or district and kind.

        Read from the record itself in the label language (the core's one-line
        ``context``, meant for the CLI, repeats the town and names kinds in English).
        """
        app = self._state
        en = app.lang == "en"
        ds = app.dataset
        dot = f" {app.glyphs.dot} "
        if hit.kind == "entity":
            e = ds.entities.get(hit.id)
            if e is not None:
                return one_line(app.pick(e.role, e.role_en) or "")
        elif hit.kind == "town":
            t = ds.town(hit.id)
            if t is not None:
                district = app.pick(t.district, t.district_en)
                kind = app.pick(t.kind, t.kind_en)
                other = t.name if en else t.name_en
                parts = (None if same_name(other, t.name) else other, district, kind)
                return one_line(dot.join(p for p in parts if p))
        elif hit.kind == "event":
            ev = self._event(hit)
            if ev is not None:
                category = category_label(ev.category, app.lang)
                return one_line(f"{ev.date}{dot}{category}")
        else:
            return one_line(aim_about(ds, hit, app.lang, app.glyphs))
        return one_line(hit.context)

    def _event_title(self, hit: Hit) -> str:
        """An event's title in the label language (its record's ``name`` is the Chinese)."""
        ev = self._event(hit)
        return hit.name if ev is None else self._state.pick(ev.title, ev.title_en)

    def _event(self, hit: Hit) -> Event | None:
        """The event ``hit`` is about, looked for among its towns' events (a few dozen
        each; a map of every event, made on the first event hit, took ~30 ms at 100k:
        a stall on a keystroke), then among all (event ids are unique)."""
        ds = self._state.dataset
        towns = chain((t for t in map(ds.town, hit.towns) if t is not None), ds.towns)
        return next((e for t in towns for e in t.events if e.id == hit.id), None)

    def _english(self, hit: Hit) -> str:
        """The English form of the record ``hit`` is about (a town's or an entity's name,
        an event's title, a goal's or slogan's text, what a ranking ranks), or ``""``."""
        ds = self._state.dataset
        if hit.kind == "entity":
            e = ds.entities.get(hit.id)
            return e.name_en or "" if e is not None else ""
        if hit.kind == "event":
            ev = self._event(hit)
            return ev.title_en or "" if ev is not None else ""
        if hit.kind == "town":
            t = ds.town(hit.id)
            return t.name_en or "" if t is not None else ""
        r = find_aim(ds, hit)
        if r is None:
            return ""
        return r.ranking_en if isinstance(r, Ranking) else r.text_en

    def _chinese(self, hit: Hit) -> str:
        """The record ``hit`` is about as written: a town's or an entity's name, an
        event's title, a goal's or slogan's text, what a ranking ranks."""
        if hit.kind in ("town", "entity"):
            return hit.name
        if hit.kind == "event":
            ev = self._event(hit)
            return hit.name if ev is None else ev.title
        r = find_aim(self._state.dataset, hit)
        if r is None:
            return ""
        return r.ranking if isinstance(r, Ranking) else r.text

    def _lead(self, hit: Hit) -> tuple[str, list[int], str, list[int]]:
        """What a result's first line leads with and the name beside it, each with the
        positions to highlight. In English a record found by its Chinese name or text (or
        by a filter) leads with its English form, the Chinese beside it as written; in
        Chinese one found by an English name, alias or text leads with the record as
        written, what matched beside it."""
        label = one_line(hit.label)
        name = self._event_title(hit) if hit.kind == "event" else hit.name
        if self._state.lang == "en" and same_name(label, hit.name):
            english = one_line(self._english(hit))
            if english and not same_name(english, label):
                return english, [], label, list(hit.positions)
        if self._state.lang == "zh" and not _HAN.search(label):
            chinese = one_line(self._chinese(hit))
            if _HAN.search(chinese) and not same_name(chinese, label):
                return chinese, [], label, list(hit.positions)
        return label, list(hit.positions), name, []

    def row(self, hit: Hit, width: int) -> Content:
        """A result's two lines, ``width`` cells wide at most (made when first drawn)."""
        g = self._state.glyphs
        kind_part = f"  {result_kind(self._state.lang, hit.kind, hit.entity_kind)}"
        label, positions, name, name_positions = self._lead(hit)
        shown_name = name and not same_name(name, label)
        prefix = f"  {g.dot} "
        name_part = f"{prefix}{one_line(name)}" if shown_name else ""
        # one line: the matched text gets what the name and kind leave (a long English
        # role that matched is cropped, never wrapped into the next result)
        room = max(8, width - cell_len(kind_part) - min(cell_len(name_part), width // 3))
        label, matched = from_match(label, positions, room, g.ellipsis)
        shown = crop(label, room, g.ellipsis)
        kept = len(shown) if shown == label else len(shown) - len(g.ellipsis)
        line1 = highlighted(shown, [p for p in matched if p < kept], style=MATCH_STYLE)
        if name_part:
            rest = max(4, width - cell_len(shown) - cell_len(kind_part))
            beside = crop(name_part, rest, g.ellipsis)
            marks = [p + len(prefix) for p in name_positions]
            line1 += highlighted(beside, [p for p in marks if p < len(beside)], style=MATCH_STYLE)
        line1 += Content.styled(kind_part, "$text-muted")
        towns = ""
        if hit.kind != "town":  # a town's own name is already the first line
            towns = ", ".join(dict.fromkeys(self.town_name(t) for t in hit.towns))
        detail = f" {g.dot} ".join(p for p in (towns, self._about(hit)) if p)
        line2 = Content("  " + crop(detail, width, g.ellipsis)).stylize("$text-muted")
        return Content("\n").join([line1, line2])
