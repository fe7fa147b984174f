"""Find a town from what a user typed: id, Chinese or English name, alias, fuzzy."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from towntui.core.model import Dataset, Town


class TownNotFound(LookupError):
    """No town, or more than one, matches; ``suggestions`` are the closest names."""

    def __init__(self, text: str, suggestions: list[str], *, ambiguous: bool = False) -> None:
        self.text = text
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        what = "ambiguous town" if ambiguous else "unknown town"
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"{what} '{text}'{hint}")


def _names(town: Town) -> list[str]:
    return [town.id, town.name, town.name_en, *town.aliases]


def resolve_town(ds: Dataset, text: str) -> Town:
    """The town ``text`` names: exact id/name/alias, then a unique substring, then fuzzy.

    Raises :class:`TownNotFound` with the closest names when nothing (or more than one
    town) fits.
    """
    want = text.strip().casefold()
    if not want:
        raise TownNotFound(text, [t.id for t in ds.towns])
    for town in ds.towns:
        if any(want == n.casefold() for n in _names(town)):
            return town
    partial = [t for t in ds.towns if any(want in n.casefold() for n in _names(t))]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise TownNotFound(text, [f"{t.id} ({t.name})" for t in partial], ambiguous=True)
    choices = {(i, n): n.casefold() for i, t in enumerate(ds.towns) for n in _names(t)}
    scored = process.extract(want, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=50)
    best: dict[int, float] = {}
    for _, score, (index, _name) in scored:
        best[index] = max(best.get(index, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 85 and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 10):
        return ds.towns[ranked[0][0]]
    suggestions = [f"{ds.towns[i].id} ({ds.towns[i].name})" for i, _ in ranked[:3]]
    raise TownNotFound(text, suggestions)
