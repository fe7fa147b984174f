"""What the Search screen says and keeps beside its results: the status line's text, and
the keys that came before the results of the query typed ahead of them."""

from __future__ import annotations

from towntui.core.i18n import Msg
from towntui.core.textsafe import one_line
from towntui.tui.state import AppState


def status_text(
    app: AppState,
    query: str,
    shown: int,
    total: int | None,
    problems: tuple[Msg, ...],
    waiting: str | None,
) -> str:
    """The status line: how many results (``50 of 102``; ``50+`` while counting), what
    opens once the data is in (``waiting``, a result's label), or how to search."""
    g = app.glyphs
    if waiting is not None:
        label = one_line(waiting)
        opening = app.tr(f"数据载入后打开“{label}”", f'Opening "{label}" once the data is in')
        return opening + g.ellipsis
    if app.search_index is None:
        return app.tr("正在载入数据", "Loading data") + g.ellipsis
    if not query.strip():
        down = "up/down" if app.ascii else "↑↓"
        return app.tr(
            f"输入即搜索。{down} 选择结果，回车打开。",
            f"Type to search: {down} picks a result, enter opens it.",
        )
    if total is None:
        count = app.tr(f"{shown} 个以上结果", f"{shown}+ results")
    elif total > shown:
        count = app.tr(f"显示 {shown} 个，共 {total} 个结果", f"{shown} of {total} results")
    else:
        count = app.tr(f"{shown} 个结果", f"{shown} result" + ("s" if shown != 1 else ""))
    if problems:
        said = app.tr("；", "; ").join(p.text(app.lang) for p in problems)
        count += " " + g.dot + " " + one_line(said)
    return count


class KeysBehind:
    """``down``, ``up`` and ``open`` keys that came before the results of the query as
    typed then (a burst from a slow link: ``alibaba ↓ enter``), kept until that query's
    results are shown; those typed before more letters are dropped then, as when typed
    slowly (the new letters made a new list)."""

    def __init__(self) -> None:
        self._keys: list[tuple[str, str]] = []

    def keep(self, typed: str, name: str) -> None:
        """``name`` came while ``typed`` was the query and its results were not shown."""
        self._keys.append((typed, name))

    def take(self, query: str) -> list[str]:
        """The keys to run now that the results of ``query`` are shown, in order, up to
        the first ``open`` (the others are forgotten)."""
        keys, self._keys = self._keys, []
        names = [name for typed, name in keys if typed == query]
        return names[: names.index("open") + 1] if "open" in names else names
