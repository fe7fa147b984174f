"""Load data folders into an immutable :class:`Dataset`, collecting every problem.

The loader never stops at the first problem: a TOML syntax error names the file, line
and column; a schema error names the file and the field path. Every problem of a record
is reported (not only its first), and a problem in ``[town]`` does not hide the problems
of the file's records. A broken record is dropped, a file that cannot be parsed is
skipped, and everything valid still loads.
"""

from __future__ import annotations

import os
import re
import sys
import time
import tomllib
from collections.abc import Callable, Collection, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from towntui.core import schema, units
from towntui.core.cache import Entry, LoadCache, file_key
from towntui.core.fsutil import NotRegularFile, TooLarge, read_regular
from towntui.core.gcpause import gc_paused
from towntui.core.model import (
    ENTITY_KINDS,
    EVENT_CATEGORIES,
    Dataset,
    DateError,
    Entity,
    Event,
    Metric,
    MetricDef,
    PartialDate,
    Problem,
    Quantity,
    Severity,
    Source,
    Town,
)

#: Files larger than this are refused (a profile is a few tens of kilobytes).
MAX_FILE_BYTES = 5 * 1024 * 1024

ENV_VAR = "TOWNTUI_DATA"

Progress = Callable[[int, int], None]
Preview = Callable[[Dataset], None]

#: A reference made by a record that was not kept: (field path, "source" | "town" |
#: "entity", id). The linker reports the ids that do not exist.
Ref = tuple[str, str, str]

_NONE_BAD: frozenset[str] = frozenset()

_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")
_RECORD_PATH = re.compile(r"(\w+)\[(\d+)\]")

#: At most this many problems of one file are listed; the rest are counted in one more
#: problem (a file of 400,000 broken records would list millions of lines).
MAX_PROBLEMS_PER_FILE = 1000


def bundled_data_dir() -> Path:
    """The data folder shipped with towntui (the checkout's ``data/`` in a source tree)."""
    here = Path(__file__).resolve()
    repo = here.parents[3]
    if (repo / "pyproject.toml").is_file() and (repo / "data" / "metrics.toml").is_file():
        return repo / "data"
    return here.parents[1] / "_bundled" / "data"


def data_dirs(extra: Sequence[str | Path] = (), *, use_env: bool = True) -> list[Path]:
    """The folders to load, in order: bundled, then ``extra``, then ``TOWNTUI_DATA``."""
    dirs = [bundled_data_dir(), *(Path(p) for p in extra)]
    if use_env:
        env = os.environ.get(ENV_VAR, "")
        dirs.extend(Path(p) for p in env.split(os.pathsep) if p.strip())
    seen: set[Path] = set()
    out: list[Path] = []
    for d in dirs:
        try:
            key = d.expanduser().resolve() if d.exists() else d
        except (OSError, RuntimeError):  # unreadable: the load reports it
            key = d.expanduser()
        if key not in seen:
            seen.add(key)
            out.append(d.expanduser())
    return out


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working directory where possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass(slots=True)
class FileDoc:
    """A data file read and parsed (``doc`` is None when it could not be)."""

    path: Path
    display: str
    doc: dict[str, Any] | None
    text: str = ""
    problems: list[Problem] = field(default_factory=list)


def read_toml(path: Path) -> FileDoc:
    """Read and parse one TOML file, turning every failure into a :class:`Problem`."""
    shown = display_path(path)

    def fail(message: str, line: int | None = None, col: int | None = None) -> FileDoc:
        return FileDoc(path, shown, None, problems=[Problem(shown, message, None, line, col)])

    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        return fail(f"not a regular file ({exc.what}): not read")
    except TooLarge as exc:
        if exc.grew:
            return fail(f"file grew past the {MAX_FILE_BYTES:,}-byte limit while loading")
        return fail(f"file is {exc.size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
    except FileNotFoundError:
        if path.is_symlink():
            return fail("a symlink to a file that does not exist")
        return fail("file disappeared while loading")
    except PermissionError:
        return fail("cannot read file: permission denied")
    except IsADirectoryError:
        return fail("is a directory, not a file")
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return fail(f"not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)", line, col)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip(" \t\r\n"):  # TOML whitespace only: other controls are errors
        return fail("file is empty")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_POS.search(msg)
        clean = _TOML_POS.sub("", msg).strip()
        clean = clean.replace("(at end of document)", "").strip()
        if m:
            return fail(f"invalid TOML: {clean}", int(m.group(1)), int(m.group(2)))
        lines = text.count("\n") + 1
        return fail(f"invalid TOML: {clean}", lines, None)
    except (ValueError, RecursionError) as exc:  # pragma: no cover - tomllib edge cases
        return fail(f"invalid TOML: {exc}")
    return FileDoc(path, shown, doc, text)


def _header_lines(text: str, name: str) -> list[int]:
    """Line numbers of each ``[[name]]`` header, to point at array-table entries."""
    pat = re.compile(r"^[ \t]*\[\[[ \t]*" + re.escape(name) + r"[ \t]*\]\]", re.MULTILINE)
    out: list[int] = []
    line, pos = 1, 0
    for m in pat.finditer(text):  # count the newlines since the last header: linear
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.append(line)
    return out


class _Collector:
    """Problems of one file, with line numbers for array-table entries where known."""

    def __init__(self, display: str, text: str, out: list[Problem]) -> None:
        self.display = display
        self.text = text
        self.out = out
        self._lines: dict[str, list[int]] = {}
        #: for each array, the file index of every record that was kept
        self.kept: dict[str, list[int]] = {"metrics": [], "events": [], "entities": []}
        #: the references of the records that were not kept, checked when linking
        self.refs: list[Ref] = []
        #: problems listed, and problems over MAX_PROBLEMS_PER_FILE only counted
        self.listed = 0
        self.hidden = 0

    def at(self, array: str, kept_index: int) -> str:
        """The field path of a kept record, with its index in the file."""
        return f"{array}[{self.kept[array][kept_index]}]"

    def line_of(self, array: str, index: int) -> int | None:
        if array not in self._lines:
            self._lines[array] = _header_lines(self.text, array)
        lines = self._lines[array]
        return lines[index] if 0 <= index < len(lines) else None

    def add(
        self,
        field_path: str,
        message: str,
        *,
        line: int | None = None,
        severity: str = "error",
    ) -> None:
        if self.listed >= MAX_PROBLEMS_PER_FILE:
            self.hidden += 1
            return
        self.listed += 1
        if line is None:
            m = _RECORD_PATH.match(field_path)
            if m:
                line = self.line_of(m.group(1), int(m.group(2)))
        sev: Severity = "warning" if severity == "warning" else "error"
        self.out.append(Problem(self.display, message, field_path or None, line, None, sev))

    def summarise(self) -> None:
        """Count the problems that were not listed in one more problem."""
        if self.hidden:
            self.out.append(
                Problem(
                    self.display,
                    f"{self.hidden:,} more problem{'s' if self.hidden != 1 else ''} in this "
                    f"file not listed (the first {MAX_PROBLEMS_PER_FILE:,} are)",
                )
            )
            self.hidden = 0

    def freeze(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """What link-time reports need, without the text: kept indexes and header lines."""
        lines = {a: _header_lines(self.text, a) for a in self.kept}
        return self.kept, lines

    @classmethod
    def thaw(
        cls,
        display: str,
        frozen: tuple[dict[str, list[int]], dict[str, list[int]]],
        out: list[Problem],
        refs: Iterable[Ref] = (),
    ) -> _Collector:
        """A collector for a file restored from the cache."""
        col = cls(display, "", out)
        col.kept, col._lines = frozen
        col.refs = list(refs)
        return col

    def known(self, path: str, what: str, value: str, choices: Collection[str]) -> bool:
        """Whether ``value`` is one of ``choices``; if not, report it at ``path``."""
        if value in choices:
            return True
        self.add(path, f'unknown {what} "{value}" (known: {", ".join(choices)})')
        return False

    def check(self, record: Any, spec: Any, path: str) -> bool:
        """Check ``record`` against ``spec``, reporting every problem; True if none."""
        return self.fields(record, spec, path) is _NONE_BAD

    def fields(self, record: Any, spec: Any, path: str) -> AbstractSet[str] | None:
        """Check ``record`` against ``spec``, reporting every problem.

        Returns the names of the fields that are wrong (missing, mistyped or unknown),
        so the checks that look inside the other fields still run and report too; None
        when the record is not a table at all.
        """
        errors = schema.check(record, spec, path)
        for where, msg in errors:
            self.add(where, msg)
        if not isinstance(record, dict):
            return None
        if not errors:  # most records: no set to build
            return _NONE_BAD
        return {where[len(path) + 1 :] for where, _ in errors}

    def refer(self, path: str, what: str, values: Iterable[str]) -> None:
        """Remember that a record not kept names ``values`` (sources, towns, entities) at
        ``path``: they are checked when linking, like the references of kept records."""
        self.refs.extend((path, what, v) for v in values)


def _array(col: _Collector, doc: dict[str, Any], name: str) -> list[Any]:
    value = doc.get(name, [])
    if not isinstance(value, list):
        col.add(name, f"expected an array of tables ([[{name}]]), got {schema.type_name(value)}")
        return []
    return value


def _load_registry(fd: FileDoc, col: _Collector) -> list[MetricDef]:
    assert fd.doc is not None
    for key in fd.doc:
        if key != "metric":
            col.add(key, "unknown top-level key in metrics.toml (expected [[metric]])")
    out: list[MetricDef] = []
    for i, rec in enumerate(_array(col, fd.doc, "metric")):
        where = f"metric[{i}]"
        bad = col.fields(rec, schema.REGISTRY_METRIC, where)
        if bad is None:
            continue
        fine = not bad
        if "unit" not in bad and not units.is_unit(rec["unit"]):
            col.add(f"{where}.unit", f'unknown unit "{rec["unit"]}"')
            fine = False
        if not fine:
            continue
        out.append(
            MetricDef(
                rec["key"],
                rec["label"],
                rec["label_en"],
                rec["unit"],
                rec.get("higher_is_better", True),
                rec.get("description"),
            )
        )
    return out


def _source(rec: dict[str, Any]) -> Source:
    return Source(
        id=rec["id"],
        title=rec["title"],
        year=rec["year"],
        byline=tuple(rec.get("byline", ())),
        publication=rec.get("publication"),
        file=rec.get("file"),
        title_en=rec.get("title_en"),
        note=rec.get("note"),
    )


def _load_sources(fd: FileDoc, col: _Collector, *, in_town: bool) -> list[Source]:
    assert fd.doc is not None
    if not in_town:
        for key in fd.doc:
            if key != "sources":
                col.add(key, "unknown top-level key in sources.toml (expected [[sources]])")
    out: list[Source] = []
    for i, rec in enumerate(_array(col, fd.doc, "sources")):
        if col.check(rec, schema.SOURCE, f"sources[{i}]"):
            out.append(_source(rec))
    return out


def _shared(value: Any) -> Any:
    """One shared copy of a string that repeats across records (units, kinds, tags ...).

    tomllib makes a new string for every occurrence: at 1,000 towns sharing them saves
    about 40 MB. Other values pass through unchanged.
    """
    return sys.intern(value) if type(value) is str else value


def _unit_problem(unit: str) -> str | None:
    return None if units.is_unit(unit) else f'unknown unit "{unit}"'


def _once_each(
    rec: dict[str, Any],
    bad: AbstractSet[str],
    where: str,
    once: Callable[[str, str, list[str]], list[str]],
    *lists: tuple[str, str],
) -> dict[str, Any]:
    """``rec`` with each list of ids in ``lists`` (field, what) without repeats."""
    for name, what in lists:
        values = rec.get(name)
        if values is not None and name not in bad:
            unique = once(f"{where}.{name}", what, values)
            if unique is not values:
                rec = {**rec, name: unique}
    return rec


def _build_town(
    fd: FileDoc, col: _Collector, registry: dict[str, MetricDef]
) -> tuple[Town | None, list[Source]]:
    """Build one town from a parsed file; bad records are dropped and reported.

    Every problem of the file is reported, not just the first: each record is checked
    in full (a metric with an unknown unit and an unknown source reports both), and a
    problem in ``[town]`` does not stop the records from being checked. A wrong optional
    field of ``[town]`` is reported and left out, and the town still loads; without a
    usable identity (a valid id and every required field) no town is built, but the
    records are still checked and their own sources still load. The references of
    records that are not kept go to ``col.refs`` and are checked when linking.
    """
    doc = fd.doc
    assert doc is not None
    for key in doc:
        if key not in ("town", "metrics", "events", "entities", "sources"):
            col.add(
                key,
                "unknown top-level key (expected [town], [[metrics]], [[events]], "
                "[[entities]] or [[sources]])",
            )
    ident: dict[str, Any] = {}
    #: the town id when the identity is usable (None: records are checked, not kept)
    tid: str | None = None
    #: the file's own id when it is valid, even if the rest of [town] is not
    own_id: str | None = None
    raw_ident = doc.get("town")
    if raw_ident is None:
        col.add("town", "missing the [town] table with the town's identity")
    else:
        bad = col.fields(raw_ident, schema.TOWN, "town")
        if bad is not None:
            ident = {k: v for k, v in raw_ident.items() if k in schema.TOWN and k not in bad}
            own_id = ident.get("id")
            if all(k in ident for k, f in schema.TOWN.items() if f.required):
                tid = own_id
    tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def shared_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
        """One copy per file of an equal tuple: most records of a file name the same
        towns, sources and tags (about 15 MB at 1,000 towns)."""
        items = tuple(map(_shared, values))
        return tuples.setdefault(items, items) if items else ()

    def other_towns(values: Iterable[str]) -> list[str]:
        return [t for t in values if t != own_id]

    def once(path: str, what: str, values: list[str]) -> list[str]:
        """``values`` without repeats; each repeat is reported (and left out)."""
        if len(set(values)) == len(values):
            return values
        seen: dict[str, None] = {}
        for v in values:
            if v in seen:
                col.add(path, f'{what} "{v}" is listed more than once; the repeat is left out')
            seen[v] = None
        return list(seen)

    area: Quantity | None = None
    if "area" in ident:
        a = ident["area"]
        bad = col.fields(a, schema.QUANTITY, "town.area")
        assert bad is not None  # the town's check made sure it is a table
        fine = not bad
        if "unit" not in bad:
            problem = _unit_problem(a["unit"])
            if problem:
                col.add("town.area.unit", problem)
                fine = False
            elif units.unit(a["unit"]).dimension != "area":
                col.add("town.area.unit", f'"{a["unit"]}" is not a unit of area')
                fine = False
        if fine and tid is not None:
            area = Quantity(
                float(a["value"]),
                a["unit"],
                a.get("year"),
                a.get("qualifier"),
                a["source"],
                a.get("note"),
            )
        elif "source" in a and "source" not in bad:
            col.refer("town.area.source", "source", [a["source"]])
    metrics: list[Metric] = []
    for i, rec in enumerate(_array(col, doc, "metrics")):
        where = f"metrics[{i}]"
        bad = col.fields(rec, schema.METRIC, where)
        if bad is None:
            continue
        fine = not bad
        unit_ok = False
        if "unit" not in bad:
            problem = _unit_problem(rec["unit"])
            if problem:
                col.add(f"{where}.unit", problem)
                fine = False
            else:
                unit_ok = True
        mkey: str | None = rec.get("key") if "key" not in bad else None
        if mkey is not None:
            mdef = registry.get(mkey)
            if mdef is None:
                col.add(f"{where}.key", f'unknown metric key "{mkey}" (not in metrics.toml)')
                fine = False
            elif unit_ok and not units.compatible(rec["unit"], mdef.unit):
                col.add(
                    f"{where}.unit",
                    f'"{rec["unit"]}" cannot convert to "{mdef.unit}", the unit of "{mkey}"',
                )
                fine = False
        qual = rec.get("qualifier") if "qualifier" not in bad else None
        if qual is not None and not col.known(
            f"{where}.qualifier", "qualifier", qual, units.QUALIFIERS
        ):
            fine = False
        if not fine or tid is None:
            if "source" in rec and "source" not in bad:
                col.refer(f"{where}.source", "source", [rec["source"]])
            continue
        col.kept["metrics"].append(i)
        metrics.append(
            Metric(
                label=_shared(rec["label"]),
                value=float(rec["value"]) if isinstance(rec["value"], float) else rec["value"],
                unit=_shared(rec["unit"]),
                source=_shared(rec["source"]),
                key=_shared(mkey),
                label_en=_shared(rec.get("label_en")),
                year=rec.get("year"),
                qualifier=_shared(qual),
                note=rec.get("note"),
                town=tid,
            )
        )
    entities: list[Entity] = []
    # Events name this file's entities by the entities' own id strings (not a copy
    # each); an event of a town without a usable identity may name them too.
    own: dict[str, str] = {}
    for i, rec in enumerate(_array(col, doc, "entities")):
        where = f"entities[{i}]"
        bad = col.fields(rec, schema.ENTITY, where)
        if bad is None:
            continue
        fine = not bad
        rec = _once_each(rec, bad, where, once, ("towns", "town"), ("sources", "source"))
        if "kind" not in bad and not col.known(
            f"{where}.kind", "entity kind", rec["kind"], ENTITY_KINDS
        ):
            fine = False
        if not fine or tid is None:
            if "towns" in rec and "towns" not in bad:
                col.refer(f"{where}.towns", "town", other_towns(rec["towns"]))
            if "sources" in rec and "sources" not in bad:
                col.refer(f"{where}.sources", "source", rec["sources"])
            if fine:
                own[rec["id"]] = rec["id"]
            continue
        others = other_towns(rec.get("towns", ()))
        col.kept["entities"].append(i)
        own[rec["id"]] = rec["id"]
        entities.append(
            Entity(
                id=rec["id"],
                name=rec["name"],
                kind=_shared(rec["kind"]),
                town=tid,
                towns=shared_tuple([tid, *others]),
                name_en=rec.get("name_en"),
                aliases=tuple(rec.get("aliases", ())),
                role=_shared(rec.get("role")),
                role_en=_shared(rec.get("role_en")),
                tags=shared_tuple(rec.get("tags", ())),
                sources=shared_tuple(rec.get("sources", ())),
                note=rec.get("note"),
            )
        )
    events: list[Event] = []
    for i, rec in enumerate(_array(col, doc, "events")):
        where = f"events[{i}]"
        bad = col.fields(rec, schema.EVENT, where)
        if bad is None:
            continue
        fine = not bad
        rec = _once_each(rec, bad, where, once, ("towns", "town"), ("entities", "entity"))
        date: PartialDate | None = None
        if "date" not in bad:
            try:
                raw = rec["date"]
                date = PartialDate.parse(raw.isoformat() if hasattr(raw, "isoformat") else raw)
            except DateError as exc:
                col.add(f"{where}.date", str(exc))
                fine = False
        if "category" not in bad and not col.known(
            f"{where}.category", "category", rec["category"], EVENT_CATEGORIES
        ):
            fine = False
        if not fine or tid is None or date is None:
            if "source" in rec and "source" not in bad:
                col.refer(f"{where}.source", "source", [rec["source"]])
            if "towns" in rec and "towns" not in bad:
                col.refer(f"{where}.towns", "town", other_towns(rec["towns"]))
            if "entities" in rec and "entities" not in bad:
                col.refer(
                    f"{where}.entities", "entity", [e for e in rec["entities"] if e not in own]
                )
            continue
        others = other_towns(rec.get("towns", ()))
        col.kept["events"].append(i)
        events.append(
            Event(
                id=rec.get("id") or f"{tid}-e{i + 1}",
                date=date,
                title=_shared(rec["title"]),
                category=_shared(rec["category"]),
                source=_shared(rec["source"]),
                town=tid,
                towns=shared_tuple([tid, *others]),
                title_en=_shared(rec.get("title_en")),
                summary=rec.get("summary"),
                entities=tuple(own.get(e, e) for e in rec.get("entities", ())),
                note=rec.get("note"),
            )
        )
    local_sources = _load_sources(fd, col, in_town=True)
    if tid is None:
        return None, local_sources
    town = Town(
        id=tid,
        name=ident["name"],
        name_en=ident["name_en"],
        path=str(fd.path),
        aliases=tuple(ident.get("aliases", ())),
        district=ident.get("district"),
        district_en=ident.get("district_en"),
        city=ident.get("city", "杭州"),
        kind=ident.get("kind"),
        kind_en=ident.get("kind_en"),
        area=area,
        founded=ident.get("founded"),
        industries=tuple(ident.get("industries", ())),
        industries_en=tuple(ident.get("industries_en", ())),
        summary=ident["summary"],
        summary_en=ident["summary_en"],
        note=ident.get("note"),
        metrics=tuple(metrics),
        events=tuple(events),
        entities=tuple(entities),
    )
    return town, local_sources


def _files(directory: Path, problems: list[Problem]) -> tuple[list[Path], list[Path]]:
    """The top-level files (metrics, sources) and the town files of one data folder."""
    shown = display_path(directory)
    try:
        if not directory.exists():
            problems.append(Problem(shown, "data folder does not exist"))
            return [], []
        if not directory.is_dir():
            problems.append(Problem(shown, "is not a folder"))
            return [], []
        os.listdir(directory)  # a folder we may not read (mode 000) fails here
        top = [  # a dangling symlink is there too: reading it reports it
            p
            for p in (directory / "metrics.toml", directory / "sources.toml")
            if p.exists() or p.is_symlink()
        ]
    except OSError as exc:
        problems.append(Problem(shown, f"cannot read data folder: {_reason(exc)}"))
        return [], []
    towns_dir = directory / "towns"
    towns: list[Path] = []
    try:
        if towns_dir.is_dir():
            towns = sorted(p for p in towns_dir.iterdir() if p.suffix == ".toml")
        elif not top:
            problems.append(Problem(shown, "no towns/ folder, metrics.toml or sources.toml"))
    except OSError as exc:
        problems.append(Problem(display_path(towns_dir), f"cannot list folder: {_reason(exc)}"))
    return top, towns


def _reason(exc: OSError) -> str:
    """``permission denied``: an OS error's reason, in lower case as messages have it."""
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _town_file(
    path: Path,
    registry: dict[str, MetricDef],
    fingerprint: str,
    cache: LoadCache | None,
    problems: list[Problem],
) -> tuple[Town | None, list[Source], _Collector]:
    """Load one town file, from the cache when its path, size and mtime are unchanged."""
    key = file_key(path, fingerprint) if cache is not None else None
    entry = cache.get(key) if cache is not None else None
    shown = display_path(path)
    if entry is not None:
        problems.extend(replace(p, path=shown) for p in entry.problems)
        col = _Collector.thaw(shown, (entry.kept, entry.lines), problems, entry.refs)
        col.listed = len(entry.problems)
        return entry.town, list(entry.sources), col
    fd = read_toml(path)
    mine: list[Problem] = list(fd.problems)
    col = _Collector(fd.display, fd.text, mine)
    town: Town | None = None
    local: list[Source] = []
    if fd.doc is not None:
        town, local = _build_town(fd, col, registry)
    col.summarise()
    # Keep the header lines link-time reports need, not the file's text (~50 MB at
    # 1,000 towns if every collector held its text until linking).
    kept, lines = col.freeze()
    col._lines, col.text = lines, ""
    if cache is not None:
        cache.put(key, Entry(town, tuple(local), tuple(mine), kept, lines, tuple(col.refs)))
    problems.extend(mine)
    col.out = problems
    return town, local, col


def load(
    dirs: Sequence[Path] | None = None,
    *,
    progress: Progress | None = None,
    cache: LoadCache | None = None,
    preview: Preview | None = None,
    preview_every: float = 0.1,
) -> Dataset:
    """Load every data folder in ``dirs`` (default: :func:`data_dirs`) into a Dataset.

    ``progress(done, total)`` is called after each file, possibly from a worker thread.
    With a ``cache``, town files unchanged since they were last loaded are not parsed or
    validated again (cross-file checks always run); the cache is saved at the end unless
    its ``autosave`` is off.

    ``preview(dataset)`` is called with the towns loaded so far, after the first town
    file and then at most every ``preview_every`` seconds, so a screen can fill while
    a large folder loads. A preview is not linked: entities list the towns their own
    records name, and cross-file problems (unknown sources, towns or entities, duplicate
    entity ids) are only in the final dataset.

    The cyclic garbage collector is paused meanwhile (see :func:`gc_paused`).
    """
    with gc_paused():
        return _load(dirs, progress, cache, preview, preview_every)


def _load(
    dirs: Sequence[Path] | None,
    progress: Progress | None,
    cache: LoadCache | None,
    preview: Preview | None,
    preview_every: float,
) -> Dataset:
    """:func:`load`, with the collector paused."""
    folders = list(dirs) if dirs is not None else data_dirs()
    problems: list[Problem] = []
    plan = [(i, d, *_files(Path(d), problems)) for i, d in enumerate(folders)]
    total = sum(len(top) + len(towns) for _, _, top, towns in plan)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    registry: dict[str, MetricDef] = {}
    sources: dict[str, tuple[Source, str]] = {}

    def add_source(src: Source, shown: str, where: str, col: _Collector) -> None:
        prior = sources.get(src.id)
        if prior is not None and prior[0] != src:
            col.add(where, f'duplicate source id "{src.id}" (first defined in {prior[1]})')
            return
        sources.setdefault(src.id, (src, shown))

    # 1. registries and shared sources of every folder
    for _, _, top, _ in plan:
        for path in top:
            fd = read_toml(path)
            problems.extend(fd.problems)
            step()
            if fd.doc is None:
                continue
            col = _Collector(fd.display, fd.text, problems)
            if path.name == "metrics.toml":
                for i, mdef in enumerate(_load_registry(fd, col)):
                    if mdef.key in registry and registry[mdef.key] != mdef:
                        col.add(f"metric[{i}].key", f'duplicate metric key "{mdef.key}"')
                    else:
                        registry[mdef.key] = mdef
            else:
                for i, src in enumerate(_load_sources(fd, col, in_town=False)):
                    add_source(src, fd.display, f"sources[{i}].id", col)
            col.summarise()

    # 2. towns, later folders replacing earlier ones by id
    fingerprint = repr(sorted((k, m.unit) for k, m in registry.items()))
    sketch = _Sketch()
    towns: dict[str, tuple[Town, int, str, _Collector]] = {}
    unkept: list[_Collector] = []  # files with records that were not kept
    for index, _, _, town_files in plan:
        for path in town_files:
            town, local, col = _town_file(path, registry, fingerprint, cache, problems)
            step()
            if col.refs:
                unkept.append(col)
            for i, src in enumerate(local):
                add_source(src, col.display, f"sources[{i}].id", col)
            if town is None:
                continue
            prior = towns.get(town.id)
            if prior is not None:
                if prior[1] == index:
                    col.add(
                        "town.id",
                        f'duplicate town id "{town.id}" (also in {prior[2]}); this file is skipped',
                    )
                    continue
                col.add("town.id", f'replaces town "{town.id}" from {prior[2]}', severity="warning")
            towns[town.id] = (town, index, col.display, col)
            if preview is not None:
                sketch.add(town)
                if time.monotonic() - sketch.sent >= preview_every:
                    preview(sketch.dataset(registry, sources, problems))
    if cache is not None and cache.autosave:
        cache.save()

    return _link(
        [t for t, _, _, _ in towns.values()],
        registry,
        {k: v[0] for k, v in sources.items()},
        {t.id: c for t, _, _, c in towns.values()},
        unkept,
        problems,
    )


class _Sketch:
    """The towns loaded so far, for previews: each with its sources, entities by id."""

    def __init__(self) -> None:
        self.towns: dict[str, Town] = {}
        self.entities: dict[str, Entity] = {}
        self.sent = float("-inf")

    def add(self, town: Town) -> None:
        self.towns[town.id] = replace(town, sources=_town_sources(town))
        for ent in town.entities:
            self.entities.setdefault(ent.id, ent)

    def dataset(
        self,
        registry: dict[str, MetricDef],
        sources: dict[str, tuple[Source, str]],
        problems: list[Problem],
    ) -> Dataset:
        self.sent = time.monotonic()
        return Dataset(
            towns=tuple(self.towns.values()),
            registry=MappingProxyType(dict(registry)),
            sources=MappingProxyType({k: v[0] for k, v in sources.items()}),
            problems=tuple(problems),
            entities=MappingProxyType(dict(self.entities)),
        )


def _link(
    towns: list[Town],
    registry: dict[str, MetricDef],
    sources: dict[str, Source],
    cols: dict[str, _Collector],
    unkept: list[_Collector],
    problems: list[Problem],
) -> Dataset:
    """Check cross-references, derive entity towns, and freeze the result.

    The references of records that were not kept (``unkept``: each collector's
    ``refs``) are checked too, so a dropped record reports all of its problems.
    """
    town_ids = {t.id for t in towns}
    entity_owner: dict[str, str] = {}
    event_owner: dict[str, str] = {}
    dropped_entities: set[tuple[str, int]] = set()
    dropped_events: set[tuple[str, int]] = set()

    def report(town: Town, where: str, message: str) -> None:
        col = cols[town.id]
        if "[" in where:  # "events[2].source": kept index 2 → its index in the file
            array, rest = where.split("[", 1)
            kept_index, suffix = rest.split("]", 1)
            where = col.at(array, int(kept_index)) + suffix
        col.add(where, message)

    for town in towns:
        for i, ent in enumerate(town.entities):
            if ent.id in entity_owner:
                report(
                    town,
                    f"entities[{i}].id",
                    f'duplicate entity id "{ent.id}" '
                    f"(also in {cols[entity_owner[ent.id]].display})",
                )
                dropped_entities.add((town.id, i))
            else:
                entity_owner[ent.id] = town.id
        for i, ev in enumerate(town.events):
            if ev.id in event_owner:
                report(
                    town,
                    f"events[{i}].id",
                    f'duplicate event id "{ev.id}" (also in {cols[event_owner[ev.id]].display}); '
                    "this event is left out",
                )
                dropped_events.add((town.id, i))
            else:
                event_owner[ev.id] = town.id

    extra_towns: dict[str, set[str]] = {}  # only entities events name (a set each is big)
    linked: list[Town] = []
    for town in towns:
        if town.area is not None and town.area.source not in sources:
            report(town, "town.area.source", f'unknown source "{town.area.source}"')
        for i, m in enumerate(town.metrics):
            if m.source not in sources:
                report(town, f"metrics[{i}].source", f'unknown source "{m.source}"')
        for i, ev in enumerate(town.events):
            where = f"events[{i}]"
            if ev.source not in sources:
                report(town, f"{where}.source", f'unknown source "{ev.source}"')
            for t in ev.towns:
                if t not in town_ids:
                    report(town, f"{where}.towns", f'unknown town "{t}"')
            for e in ev.entities:
                if e not in entity_owner:
                    report(town, f"{where}.entities", f'unknown entity "{e}"')
                else:
                    extra_towns.setdefault(e, set()).update(t for t in ev.towns if t in town_ids)
        for i, ent in enumerate(town.entities):
            for t in ent.towns:
                if t not in town_ids:
                    report(town, f"entities[{i}].towns", f'unknown town "{t}"')
            for s in ent.sources:
                if s not in sources:
                    report(town, f"entities[{i}].sources", f'unknown source "{s}"')
        ents = tuple(e for i, e in enumerate(town.entities) if (town.id, i) not in dropped_entities)
        evs = town.events
        if dropped_events:
            evs = tuple(e for i, e in enumerate(evs) if (town.id, i) not in dropped_events)
        linked.append(replace(town, entities=ents, events=evs, sources=_town_sources(town)))
    ids: dict[str, Collection[str]] = {
        "source": sources,
        "town": town_ids,
        "entity": entity_owner,
    }
    for col in unkept:
        for where, what, value in col.refs:
            if value not in ids[what]:
                col.add(where, f'unknown {what} "{value}"')
    for col in (*cols.values(), *unkept):
        col.summarise()

    entities: dict[str, Entity] = {}
    final: list[Town] = []
    for town in linked:
        kept: list[Entity] = []
        for ent in town.entities:
            known = [t for t in ent.towns if t in town_ids]
            more = sorted(extra_towns.get(ent.id, set()).difference(known))
            linked_towns = tuple(known + more)
            if linked_towns != ent.towns:  # most entities are unchanged: skip the copy
                ent = replace(ent, towns=linked_towns)
            kept.append(ent)
            entities[ent.id] = ent
        final.append(replace(town, entities=tuple(kept)))

    problems.sort(key=lambda p: (p.path, p.line or 0, p.field or ""))
    return Dataset(
        towns=tuple(final),
        registry=MappingProxyType(dict(registry)),
        sources=MappingProxyType(dict(sources)),
        problems=tuple(problems),
        entities=MappingProxyType(entities),
    )


def _town_sources(town: Town) -> tuple[str, ...]:
    """The source ids a town cites, in first-cited order."""
    seen: dict[str, None] = {}
    if town.area is not None and town.area.source:
        seen[town.area.source] = None
    for m in town.metrics:
        seen[m.source] = None
    for ev in town.events:
        seen[ev.source] = None
    for ent in town.entities:
        for s in ent.sources:
            seen[s] = None
    return tuple(seen)
