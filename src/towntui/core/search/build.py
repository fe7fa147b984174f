"""Building a search index: the documents, their searchable entries and the views over them.

:class:`Corpus` is what :class:`~towntui.core.search.index.SearchIndex` searches, built
once from a dataset. Documents (towns, entities, events) are parallel lists: the record,
the towns it belongs to and a code into the kind table. Entries (one searchable text of a
document: a name, an alias, a tag ...) are parallel arrays in ranking order, joined into
line views for the scans (see :mod:`towntui.core.search.scan`).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

from towntui.core.gcpause import gc_paused
from towntui.core.model import (
    ENTITY_KIND_LABELS,
    Dataset,
    Entity,
    Event,
    Town,
    category_label,
    other_name,
    same_name,
)
from towntui.core.qualitative import Goal, Qualitative, Ranking, Slogan
from towntui.core.resolve import Named
from towntui.core.search.fuzzy import FuzzyKeys, LazyKeys
from towntui.core.search.hits import Hit, HitKind, join_facts
from towntui.core.search.pinyin import HAN_RE, SymbolTable, fold
from towntui.core.search.query import entity_filter
from towntui.core.search.scan import View, joined_in_batches

#: Ranking of the field an entry comes from: names first, roles last.
FIELD_RANK = {
    "name": 0,
    "title": 0,
    "alias": 1,
    "name_en": 2,
    "title_en": 2,
    "text": 2,
    "text_en": 3,
    "tag": 3,
    "district": 4,
    "district_en": 4,
    "role": 5,
    "role_en": 5,
    "summary": 6,
    "summary_en": 6,
}
#: Ranking of a document's kind: towns beat entities beat events beat what towns say
#: of themselves (goals, rankings, slogans and programmes).
KIND_RANK = {
    "town": 0,
    "entity": 1,
    "event": 2,
    "goal": 3,
    "ranking": 3,
    "slogan": 3,
    "programme": 3,
}
_FUZZY_FIELDS = frozenset({"name", "alias", "name_en", "title", "title_en"})

#: Field names by code: an entry's field is one byte of ``Corpus._entry_field``.
FIELDS: tuple[str, ...] = tuple(FIELD_RANK)
_FIELD_CODE = {f: i for i, f in enumerate(FIELDS)}
_FUZZY_CODES = frozenset(_FIELD_CODE[f] for f in _FUZZY_FIELDS)

Record = Town | Entity | Event | Goal | Ranking | Slogan
#: Entries in buckets by (field rank, kind rank): docs, field codes and texts.
Buckets: TypeAlias = "dict[tuple[int, int], tuple[array[int], bytearray, list[str]]]"


class IndexCancelled(Exception):
    """Raised by :class:`SearchIndex` when its ``stop`` callback asks it to give up."""


def _ranked(docs: array[int], texts: list[str], records: list[Record]) -> list[int]:
    """The order of one bucket's entries: shorter texts first, then by text and record id."""
    return sorted(range(len(texts)), key=lambda j: (len(texts[j]), texts[j], records[docs[j]].id))


def _projected_view(table: SymbolTable, texts: Sequence[str], han: array[int]) -> View:
    """The projected texts of entries ``han``, one line each."""
    project = table.project
    return joined_in_batches((project(texts[i]) for i in han), han)


class Corpus:
    """The documents and entries of a dataset, and the views the search tiers scan.

    ``stop``, if given, is called now and then while it is built; when it returns true
    the build gives up with :class:`IndexCancelled`.
    """

    #: A restored index's documents (ids, names, one-line facts): it has no records.
    _docs: tuple[Sequence[str], Sequence[str], Sequence[str], Sequence[str]] | None = None
    #: the towns' English names by id, made when an English line is first asked for
    _town_name_en: dict[str, str] | None = None
    #: the towns a ``town:`` filter looks in (set by the index, built or restored)
    _towns: Sequence[Named]
    _entry_text: Sequence[str]
    _fuzzy: FuzzyKeys | LazyKeys

    def __init__(self, dataset: Dataset, stop: Callable[[], bool] | None = None) -> None:
        self._stop = stop
        with gc_paused():  # a million short-lived objects, no cycles (see loader.load)
            self._build(dataset)
        self._stop = None

    def _build(self, dataset: Dataset) -> None:
        """Collect the documents, rank their entries and build the views over them."""
        self._records: list[Record] = []
        self._doc_towns: list[tuple[str, ...]] = []
        self._doc_kind = bytearray()
        self._kind_info: list[tuple[HitKind, str | None, frozenset[str]]] = []
        self._kind_code: dict[tuple[HitKind, str | None], int] = {}
        # Entries (doc, field code, text) in buckets by (field rank, kind rank), so the
        # ranking sort needs keys for one bucket at a time (one tuple per entry for all
        # of them at once was ~50 MB at 100k entities).
        buckets: Buckets = {}
        self._collect(dataset, buckets)
        self._check()
        self._order(buckets)
        self._check()
        self._plain_views()
        self._check()
        self._pinyin_views()
        self._check()
        self._list_order()

    def _order(self, buckets: Buckets) -> None:
        """The entries of ``buckets`` as parallel arrays, in ranking order."""
        records = self._records
        self._entry_doc = array("i")
        fields = bytearray()
        entry_text: list[str] = []
        for rank in sorted(buckets):
            docs, codes, texts = buckets.pop(rank)
            order = _ranked(docs, texts, records)
            self._entry_doc.extend([docs[j] for j in order])
            fields.extend([codes[j] for j in order])
            entry_text.extend([texts[j] for j in order])
        self._entry_text = entry_text
        self._entry_field = bytes(fields)

    def _plain_views(self) -> None:
        """The plain view, the exact-tier order and the fuzzy keys."""
        count = len(self._entry_text)
        # Lower-cased texts live only in the plain view (``_folded`` slices one out);
        # the list is kept just long enough for the exact-tier order and fuzzy keys.
        folded = [fold(t) for t in self._entry_text]
        # equal neighbouring texts once (a run of one tag): entry e is on _plain_line[e]
        self._plain = joined_in_batches(folded, range(count))
        self._plain_line = array("i", self._plain.line_of_entries())
        self._by_text = array("i", sorted(range(count), key=folded.__getitem__))
        self._check()
        fuzzy = _FUZZY_CODES
        field = self._entry_field
        self._fuzzy = FuzzyKeys((i, t) for i, t in enumerate(folded) if field[i] in fuzzy)

    def _pinyin_views(self) -> None:
        """The symbol table and the projected view of the entries with Chinese text."""
        self._table = SymbolTable(self._entry_text)
        han = array("i", (i for i, t in enumerate(self._entry_text) if HAN_RE.search(t)))
        self._projected = _projected_view(self._table, self._entry_text, han)
        self._check()
        self._projected_line = array("i", [-1]) * len(self._entry_text)
        for e, k in zip(han, self._projected.line_of_entries(), strict=True):
            self._projected_line[e] = k

    def _list_order(self) -> None:
        """The order a filter-only query lists documents in (towns first), by town."""
        records = self._records
        info, codes = self._kind_info, self._doc_kind
        listing = sorted(
            range(len(records)),
            key=lambda d: (KIND_RANK[info[codes[d]][0]], info[codes[d]][1] or "", self._name(d)),
        )
        self._listing = array("i", listing)
        self._town_docs: dict[str, array[int]] = {}
        for d in listing:
            for t in self._doc_towns[d]:
                self._town_docs.setdefault(t, array("i")).append(d)
        self._list_pos = array("i", [0]) * len(listing)
        for i, d in enumerate(listing):
            self._list_pos[d] = i

    def _check(self) -> None:
        """Give up the build if ``stop`` says so."""
        if self._stop is not None and self._stop():
            raise IndexCancelled

    def _collect(self, ds: Dataset, buckets: Buckets) -> None:
        """Fill the documents, and ``buckets`` with their entries (doc, field code, text)
        by (field rank, kind rank)."""
        self._town_name = {t.id: t.name for t in ds.towns}
        entities: dict[str, Entity] = {e.id: e for t in ds.towns for e in t.entities}
        entities.update(ds.entities)
        for n, t in enumerate(ds.towns):
            if n % 64 == 0:
                self._check()
            self._add(buckets, t, (t.id,), "town", None, _fields(t))
            for ev in t.events:
                home = ev.town or t.id
                towns = tuple(dict.fromkeys((home, *ev.towns)))
                towns = ev.towns if towns == ev.towns else towns  # share the record's
                fields = [
                    ("title", ev.title),
                    ("title_en", ev.title_en),
                    ("summary", ev.summary),
                    ("summary_en", ev.summary_en),
                ]
                self._add(buckets, ev, towns, "event", None, fields)
            aims: tuple[Qualitative, ...] = (*t.goals, *t.rankings, *t.slogans)
            for rec in aims:
                self._add(buckets, rec, (t.id,), _aim_kind(rec), None, _aim_fields(rec))
        for n, e in enumerate(entities.values()):
            if n % 4096 == 0:
                self._check()
            towns = tuple(dict.fromkeys(x for x in (e.town, *e.towns) if x))
            towns = e.towns if towns == e.towns else towns  # share the record's
            self._add(buckets, e, towns, "entity", e.kind, _fields(e))

    def _add(
        self,
        buckets: Buckets,
        record: Record,
        towns: tuple[str, ...],
        kind: HitKind,
        entity_kind: str | None,
        fields: Iterable[tuple[str, str | None]],
    ) -> None:
        """Add ``record`` as a document, and its non-blank ``fields`` as entries."""
        index = len(self._records)
        self._records.append(record)
        self._doc_towns.append(towns)
        code = self._kind_code.get((kind, entity_kind))
        if code is None:
            # one per code, shared by its records
            kinds = frozenset({entity_filter(entity_kind) if entity_kind else kind})
            code = self._kind_code[(kind, entity_kind)] = len(self._kind_info)
            self._kind_info.append((kind, entity_kind, kinds))
        self._doc_kind.append(code)
        seen: set[tuple[str, str]] = set()
        for fname, text in fields:
            if text and text.strip() and (fname, text) not in seen:
                seen.add((fname, text))
                rank = (FIELD_RANK[fname], KIND_RANK[kind])
                bucket = buckets.get(rank)
                if bucket is None:
                    bucket = buckets[rank] = (array("i"), bytearray(), [])
                bucket[0].append(index)
                bucket[1].append(_FIELD_CODE[fname])
                bucket[2].append(text)

    def _name(self, d: int) -> str:
        """The record's own name (an event's title, a goal's or slogan's text, what a
        ranking ranks)."""
        if self._docs is not None:
            return self._docs[1][d]
        r = self._records[d]
        return r.title if isinstance(r, Event) else r.name

    def _id(self, d: int) -> str:
        """The record's id."""
        return self._docs[0][d] if self._docs is not None else self._records[d].id

    def town_name(self, town: str) -> str | None:
        """The Chinese name of the town with id ``town`` (None if there is none)."""
        return self._town_name.get(town)

    def town_name_in(self, town: str, lang: str) -> str | None:
        """The name of the town with id ``town`` in ``lang``: its English name in
        English when it has one, else its name as written (None if there is none)."""
        if lang == "en":
            if self._town_name_en is None:  # (the index's towns, built or restored)
                self._town_name_en = {t.id: t.name_en for t in self._towns if t.name_en}
            english = self._town_name_en.get(town)
            if english:
                return english
        return self._town_name.get(town)

    def _folded(self, e: int) -> str:
        """Entry ``e``'s lower-cased text (sliced from the plain view)."""
        offsets, k = self._plain.offsets, self._plain_line[e]
        return self._plain.text[offsets[k] + 1 : offsets[k + 1]]

    def __len__(self) -> int:
        """The number of searchable records."""
        return len(self._doc_kind)

    def _make(
        self,
        d: int,
        label: str,
        positions: tuple[int, ...],
        score: float,
        field: str,
        origin: str,
        how: str,
    ) -> Hit:
        """The hit for document ``d`` matched by ``label``."""
        kind, entity_kind, _ = self._kind_info[self._doc_kind[d]]
        name = self._name(d)
        return Hit(
            kind=kind,
            id=self._id(d),
            label=label,
            positions=positions,
            score=round(score, 3),
            field=field,
            towns=self._doc_towns[d],
            entity_kind=entity_kind,
            context=self._context(d, name, label),
            name=name,
            origin=origin,
            how=how,
            context_en=self._about(d, "en"),
        )

    def _context(self, d: int, name: str, label: str) -> str:
        """One line about a record: its name (if not the label) and facts, made per hit."""
        about = self._about(d)
        return about if same_name(label, name) else join_facts(name, about)

    def _about(self, d: int, lang: str = "zh") -> str:
        """The facts of a record's one line (date, town, category; kind, role ...), with
        the towns' names and the roles as written, or (``lang`` ``en``) in English."""
        if self._docs is not None:
            return self._docs[2 if lang == "zh" else 3][d]
        en = lang == "en"
        return _facts(
            self._records[d], en, lambda t: self.town_name_in(t, lang), self._doc_towns[d]
        )


def _facts(
    r: Town | Entity | Event | Qualitative,
    en: bool,
    town_name: Callable[[str], str | None],
    towns: tuple[str, ...],
) -> str:
    """The facts of record ``r``'s one line, in English with ``en`` (town names from
    ``town_name``; ``towns``: the record's towns, for an event without its own)."""
    if isinstance(r, Town):
        other = r.name if en else other_name(r.name, r.name_en)
        district, kind = (r.district_en, r.kind_en) if en else (None, None)
        return join_facts(other, district or r.district, kind or r.kind)
    lang = "en" if en else "zh"
    if isinstance(r, Event):
        home = r.town or (towns[0] if towns else "")
        return join_facts(str(r.date), town_name(home), category_label(r.category, lang))
    if isinstance(r, Goal | Ranking | Slogan):
        return join_facts(*_aim_facts(r, en), town_name(r.town))
    role = (r.role_en or r.role) if en else (r.role or r.role_en)
    kind = ENTITY_KIND_LABELS.get(r.kind, (r.kind, r.kind))[1 if en else 0]
    return join_facts(kind, role, town_name(r.town))


def _aim_kind(r: Qualitative) -> HitKind:
    """The hit kind of a goal, ranking, slogan or programme."""
    if isinstance(r, Goal):
        return "goal"
    if isinstance(r, Ranking):
        return "ranking"
    return "programme" if r.kind == "programme" else "slogan"


def _aim_fields(r: Qualitative) -> list[tuple[str, str | None]]:
    """The searchable fields of a goal, ranking, slogan or programme: its text (what is
    ranked, and among whom) in Chinese and English, and a slogan's summary."""
    if isinstance(r, Ranking):
        return [("text", r.ranking), ("text_en", r.ranking_en)]
    fields: list[tuple[str, str | None]] = [("text", r.text), ("text_en", r.text_en)]
    if isinstance(r, Slogan):
        fields += [("summary", r.summary), ("summary_en", r.summary_en)]
    return fields


def _aim_facts(r: Qualitative, en: bool = False) -> tuple[str | None, ...]:
    """What a hit's context says of a goal (its English and year), a ranking (the field
    and the place, in English with ``en``) or a slogan (its English and year)."""
    if isinstance(r, Ranking):
        year = str(r.year) if r.year is not None else None
        band = (r.band_en or r.band) if en else r.band
        place = band if r.rank is None else f"No. {r.rank}"
        return ((r.among_en or r.among) if en else r.among, place, year)
    when = r.by if isinstance(r, Goal) else r.year
    return (r.text_en, str(when) if when is not None else None)


def _fields(r: Town | Entity) -> list[tuple[str, str | None]]:
    """A town's or an entity's searchable fields (name, text), in order."""
    if isinstance(r, Town):
        tail = [("district", r.district), ("district_en", r.district_en)]
    else:
        tail = [*(("tag", g) for g in r.tags), ("role", r.role), ("role_en", r.role_en)]
    return [("name", r.name), ("name_en", r.name_en), *(("alias", a) for a in r.aliases), *tail]
