"""Guided tours as data: TOML files in a data folder's ``tours/``, read and checked here.

A tour is a list of stops. Each stop names the screen it shows, the actions that bring
the app there (open a town, an event or an entity, type a search letter by letter, compare
towns, send keys), a caption in Chinese and English, and how long it stays when the tour
advances by itself. The file format is in ``data/README.md``::

    title = "从玉皇山南到云栖大会"
    title_en = "From Yuhuangshan South to the Apsara Conference"

    [[stops]]
    screen = "towns"
    actions = [{ town = "yuhuangshan" }]
    caption_zh = "…"
    caption_en = "…"
    dwell = 8

Problems are :class:`~towntui.core.model.Problem` records with the file, the line of the
stop's ``[[stops]]`` header and the field path (``stops[2].actions[0].town``), like the
data files'. A broken stop is dropped and the rest of the tour kept. Nothing here runs
code from a file: an action is one of a fixed set, a key is a key name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from towntui.core import schema
from towntui.core.frozen import frozen
from towntui.core.i18n import Msg
from towntui.core.loader.problems import Collector, noun_zh
from towntui.core.loader.reading import data_dirs, read_toml
from towntui.core.model import Dataset, Problem

#: The folder of a data folder that holds its tours.
TOURS_DIR = "tours"

#: The tour ``towntui tour`` starts when no name is given.
DEFAULT_TOUR = "story"

#: The screens a stop can show (the app's main screens).
SCREENS: tuple[str, ...] = ("towns", "search", "timeline", "compare")

#: Each action, the kind of its value, and the screen it shows (None: over any screen).
ACTIONS: Mapping[str, tuple[str, str | None]] = {
    "town": ("id", "towns"),
    "timeline": ("id", "timeline"),
    "event": ("id", "timeline"),
    "entity": ("id", None),
    "search": ("str", "search"),
    "compare": ("strlist", "compare"),
    "keys": ("strlist", None),
}

#: The keys the presenter drives the tour with: a stop may not send them.
PRESENTER_KEYS = frozenset({"space", " ", "right", "left", "p", "escape"})

#: A key name as Textual spells it (``down``, ``right_square_bracket``, ``shift+tab``), or
#: one printable character.
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*(\+[a-z0-9_]+)*|[!-~]")

#: Seconds a stop stays at least and at most when the tour advances by itself.
MIN_DWELL, MAX_DWELL = 1, 600

#: The longest search a stop types, and the most keys or towns one action names.
MAX_SEARCH, MAX_LIST = 40, 20

TOUR: Mapping[str, schema.Field] = {
    "title": schema.Field("str", True),
    "title_en": schema.Field("str", True),
    "stops": schema.Field("list", True),
}

STOP: Mapping[str, schema.Field] = {
    "screen": schema.Field("str", True),
    "actions": schema.Field("list"),
    "caption_zh": schema.Field("str", True),
    "caption_en": schema.Field("str", True),
    "dwell": schema.Field("number"),
}


@frozen
class Action:
    """One thing a stop does: ``kind`` (a key of :data:`ACTIONS`) and its ``value``
    (an id, a search, or a tuple of town ids or key names)."""

    kind: str
    value: str | tuple[str, ...]


@frozen
class Stop:
    """One stop of a tour: the ``screen`` it shows, its ``actions`` in order, its
    captions, ``dwell`` seconds (None: the tour's default) and the ``line`` of its
    ``[[stops]]`` header."""

    screen: str
    actions: tuple[Action, ...]
    caption_zh: str
    caption_en: str
    dwell: float | None = None
    line: int | None = None


@frozen
class Tour:
    """A tour read from ``path``: its ``id`` (the file's name without ``.toml``), titles
    and the stops that are valid."""

    id: str
    title: str
    title_en: str
    path: str
    stops: tuple[Stop, ...] = ()


@frozen
class Tours:
    """Every tour found (by id, the last folder's winning) and the problems of the files."""

    tours: Mapping[str, Tour] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def tour_files(folders: Iterable[Path]) -> list[Path]:
    """The ``tours/*.toml`` files of ``folders``, in folder order, sorted by name."""
    out: list[Path] = []
    for folder in folders:
        tours = Path(folder).expanduser() / TOURS_DIR
        try:
            if tours.is_dir():
                out.extend(sorted(p for p in tours.iterdir() if p.suffix == ".toml"))
        except OSError:  # an unreadable folder: the data load reports the folder
            continue
    return out


def load_tours(folders: Sequence[Path] | None = None, dataset: Dataset | None = None) -> Tours:
    """Read the tours of ``folders`` (default: every data folder a normal load reads).

    With a ``dataset``, every town, event and entity an action names is checked against
    it. Returns a :class:`Tours`: a tour with a broken stop keeps its valid stops; a file
    that cannot be read or has no valid stop is left out, its problems listed.
    """
    tours: dict[str, Tour] = {}
    problems: list[Problem] = []
    for path in tour_files(data_dirs() if folders is None else folders):
        tour = read_tour(path, problems, dataset)
        if tour is not None:
            tours[tour.id] = tour
    return Tours(tours, tuple(problems))


def read_tour(path: Path, problems: list[Problem], dataset: Dataset | None = None) -> Tour | None:
    """One tour file: its :class:`Tour`, or None when it has no valid stop. Every problem
    goes to ``problems``."""
    doc = read_toml(path)
    problems.extend(doc.problems)
    if doc.doc is None:
        return None
    col = Collector(doc.display, doc.text, problems)
    bad = col.fields(doc.doc, TOUR, "") or set()
    stops_raw = doc.doc.get("stops") if "stops" not in bad else None
    stops = () if stops_raw is None else _stops(stops_raw, col, dataset)
    if not stops:
        if stops_raw is not None:
            col.add("stops", "the tour has no valid stop", "这个导览没有一个有效的站点")
        col.summarise()
        return None
    col.summarise()
    title = doc.doc.get("title") if "title" not in bad else None
    title_en = doc.doc.get("title_en") if "title_en" not in bad else None
    return Tour(path.stem, title or path.stem, title_en or title or path.stem, doc.display, stops)


def _stops(raw: list[Any], col: Collector, dataset: Dataset | None) -> tuple[Stop, ...]:
    """The valid stops of ``raw`` (the ``stops`` array); the others reported."""
    out: list[Stop] = []
    for i, record in enumerate(raw):
        stop = _stop(record, f"stops[{i}]", col, dataset)
        if stop is not None:
            out.append(replace(stop, line=col.line_of("stops", i)))
    return tuple(out)


def _stop(record: Any, path: str, col: Collector, dataset: Dataset | None) -> Stop | None:
    """One stop, or None (its problems reported)."""
    bad = col.fields(record, STOP, path)
    if bad is None:
        return None
    ok = _plain_fields(record, bad, path, col)
    screen = record.get("screen")
    actions: list[Action] = []
    for j, raw in enumerate(record.get("actions", []) if "actions" not in bad else []):
        action = _action(raw, f"{path}.actions[{j}]", col, dataset)
        if action is None or not _fits(action, screen, f"{path}.actions[{j}]", col):
            ok = False
        else:
            actions.append(action)
    if not ok:
        return None
    dwell = record.get("dwell")
    return Stop(
        screen,
        tuple(actions),
        record["caption_zh"].strip(),
        record["caption_en"].strip(),
        float(dwell) if dwell is not None else None,
    )


def _plain_fields(record: dict[str, Any], bad: AbstractSet[str], path: str, col: Collector) -> bool:
    """Whether a stop's screen, captions and dwell are right (beyond their types, which
    ``bad`` names when wrong); each problem reported."""
    ok = not bad
    if "screen" not in bad and not col.known(f"{path}.screen", "screen", record["screen"], SCREENS):
        ok = False
    for name in ("caption_zh", "caption_en"):
        if name not in bad and "\n" in record[name].strip():
            col.add(
                f"{path}.{name}",
                "a caption is one paragraph (one or two sentences)",
                "说明文字只能有一段（一两句话）",
            )
            ok = False
    dwell = record.get("dwell")
    if "dwell" not in bad and dwell is not None and not MIN_DWELL <= dwell <= MAX_DWELL:
        col.add(
            f"{path}.dwell",
            f"expected {MIN_DWELL} to {MAX_DWELL} seconds, got {dwell}",
            f"应为 {MIN_DWELL} 到 {MAX_DWELL} 秒，实为 {dwell}",
        )
        ok = False
    return ok


def _fits(action: Action, screen: str | None, path: str, col: Collector) -> bool:
    """Whether ``action`` shows the stop's ``screen`` (reported at ``path`` if not)."""
    shows = ACTIONS[action.kind][1]
    if shows is None or screen not in SCREENS or shows == screen:
        return True
    col.add(
        path,
        f'the action "{action.kind}" shows the {shows} screen, not "{screen}"',
        f'动作 "{action.kind}" 显示的是 "{shows}" 界面，不是 "{screen}"',
    )
    return False


def _action(raw: Any, path: str, col: Collector, dataset: Dataset | None) -> Action | None:
    """One action (a table of one known key), or None (its problems reported)."""
    known = ", ".join(ACTIONS)
    if not isinstance(raw, dict):
        col.add(
            path,
            f'expected a table such as {{ town = "yunqi" }}, got {schema.type_name(raw)}',
            f'应为表，例如 {{ town = "yunqi" }}，实为{schema.type_name(raw, "zh")}',
        )
        return None
    if len(raw) != 1:
        col.add(
            path,
            f"expected exactly one action (one of: {known}), got {len(raw)}",
            f"应恰好有一个动作（可选：{known}），实有 {len(raw)} 个",
        )
        return None
    ((kind, value),) = raw.items()
    where = f"{path}.{kind}"
    if kind not in ACTIONS:
        col.add(where, f"unknown action (known actions: {known})", f"未知动作（已知动作：{known}）")
        return None
    problem = schema.check({kind: value}, {kind: schema.Field(ACTIONS[kind][0], True)}, path)
    if problem:
        col.add(where, problem[0][1].en, problem[0][1].zh)
        return None
    message = _value_problem(kind, value, dataset)
    if message:
        col.add(where, message.en, message.zh)
        return None
    return Action(kind, tuple(value) if isinstance(value, list) else value)


def _value_problem(kind: str, value: Any, dataset: Dataset | None) -> Msg | None:
    """What is wrong with an action's well-typed ``value``, or None."""
    if kind == "search":
        if not value.strip() or len(value) > MAX_SEARCH or not value.isprintable():
            return Msg(
                f"expected 1 to {MAX_SEARCH} printable characters",
                f"应为 1 到 {MAX_SEARCH} 个可打印字符",
            )
        return None
    if kind in ("compare", "keys") and not 1 <= len(value) <= MAX_LIST:
        return Msg(
            f"expected 1 to {MAX_LIST} items, got {len(value)}",
            f"应有 1 到 {MAX_LIST} 项，实有 {len(value)} 项",
        )
    if kind == "keys":
        return _keys_problem(value)
    if dataset is None:
        return None
    ids = value if kind == "compare" else [value]
    missing = [v for v in ids if not _exists(kind, v, dataset)]
    if missing:
        what = {"compare": "town", "timeline": "town"}.get(kind, kind)
        return Msg(f'unknown {what} "{missing[0]}"', f'未知{noun_zh(what)} "{missing[0]}"')
    return None


def _keys_problem(keys: list[str]) -> Msg | None:
    """What is wrong with the keys a stop sends, or None."""
    for key in keys:
        if key in PRESENTER_KEYS:
            return Msg(
                f'"{key}" is a presenter key (space, ←, →, p, escape drive the tour)',
                f'"{key}" 是演示者的按键（space、←、→、p、escape 控制导览）',
            )
        if not _KEY_RE.fullmatch(key):
            return Msg(
                f'"{key}" is not a key name (down, enter, right_square_bracket, a …)',
                f'"{key}" 不是按键名（例如 down、enter、right_square_bracket、a）',
            )
    return None


def _exists(kind: str, value: str, dataset: Dataset) -> bool:
    """Whether the town, event or entity ``value`` is in ``dataset``."""
    if kind == "entity":
        return value in dataset.entities
    if kind == "event":
        return any(e.id == value for e in dataset.events)
    return dataset.town(value) is not None
