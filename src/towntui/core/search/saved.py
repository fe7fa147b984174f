"""The search index saved beside the load cache, so a start does not build it again.

:class:`SavedIndex` is the index file of one list of data folders (named by a digest of
their resolved paths, in the load cache's folder): ``search-<digest>.idx``. It holds the
index's documents, entries and views as sections of plain data (arrays of integers,
texts and JSON: :mod:`towntui.core.cache.sections`, so reading it can never run code),
restored as they were built, without deriving anything again; a one-shot query then
needs neither the dataset nor the build.

The index's per-letter pinyin views and its Latin view (what makes typing fast, and
took seconds to build at every start) are saved too, in sections of their own
(``views*``) that :meth:`SavedIndex.load` leaves unread (a one-shot query does without
them, and reads no more than before): the app asks for them next,
:meth:`SavedIndex.load_views`, and they are restored as they were built. An index saved
without them (by the CLI, which builds none), or whose views sections are damaged or
written again since :meth:`~SavedIndex.load`, gets no views from the file: the app
builds them and saves the index again with them.

The file is used only when everything it was built from is unchanged: the stamps (path,
size, modification and change times, inode, device) of every file of the folders, taken
when it was written, the load cache's :data:`~towntui.core.cache.FORMAT`, the model's
shape, towntui's version and a digest of the search code. Otherwise, or when it is
damaged in any way, it is ignored and written again after the next build; the files of
other folders are never touched.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Callable, Sequence
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any, NamedTuple

from towntui import __version__
from towntui.core.cache import FORMAT, SHAPE, user_cache_folder
from towntui.core.cache.sections import read_sections, write_sections
from towntui.core.digest import blake2b
from towntui.core.loader.reading import data_dirs
from towntui.core.loader.stamps import Stamp, data_stamps
from towntui.core.search.fuzzy import FuzzyKeys, LazyKeys
from towntui.core.search.index import SearchIndex
from towntui.core.search.pinyin import SymbolTable
from towntui.core.search.scan import View

#: The index files in the cache folder: ``search-<digest>.idx``.
INDEX_PREFIX = "search-"
INDEX_SUFFIX = ".idx"
#: An index file larger than this is neither read nor written (100k entities: ~70 MB).
MAX_INDEX_BYTES = 1 << 30
#: The sections of the views (read by :meth:`SavedIndex.load_views` only).
VIEWS = "views"
#: The files whose content shapes a saved index: a change to any of them voids it.
_CODE = ("build.py", "fuzzy.py", "hits.py", "pinyin.py", "pinyin_table.bin", "saved.py", "scan.py")


class TownNames(NamedTuple):
    """What a ``town:`` filter looks at in a town (see :func:`~towntui.core.resolve.filter_ids`)."""

    id: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]


class Lines(Sequence[str]):
    """Texts joined into one string, by their end offsets: ``lines[i]`` is a slice (no
    string per text is made until asked for)."""

    __slots__ = ("ends", "text")

    def __init__(self, text: str, ends: array[int]) -> None:
        self.text = text
        self.ends = ends

    def __len__(self) -> int:
        return len(self.ends) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self.text[self.ends[i] : self.ends[i + 1]]


def _joined(texts: Sequence[str]) -> tuple[str, array[int]]:
    ends = array("i", [0])
    total = 0
    for t in texts:
        total += len(t)
        ends.append(total)
    return "".join(texts), ends


def _code_digest() -> str:
    """A digest of the search code that shapes a saved index (see :data:`_CODE`)."""
    h = blake2b(digest_size=16)
    here = Path(__file__).parent
    for name in _CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()


class SavedIndex:
    """The saved index of the data folders ``dirs``, in the file ``path``.

    The folders' stamps are taken when this is made: make it before loading the data, so
    that an index saved after the load is never newer than the files it was built from.
    """

    def __init__(self, path: Path, dirs: Sequence[Path], stamps: list[Stamp] | None = None) -> None:
        self.path = path
        self.dirs = list(dirs)
        self.stamps = data_stamps(self.dirs) if stamps is None else stamps
        #: The number of problems the dataset had, when :meth:`load` found the index.
        self.problems = 0
        self._loaded: dict[str, Any] | None = None  # the header of the file read

    @classmethod
    def beside(
        cls,
        folder: Path | None,
        dirs: Sequence[Path] | None = None,
        stamps: list[Stamp] | None = None,
    ) -> SavedIndex | None:
        """The saved index of ``dirs`` (default: :func:`data_dirs`) in the cache folder
        ``folder`` (None: no cache, no saved index); ``stamps``: the folders' stamps, if
        taken already (:func:`~towntui.core.loader.stamps.data_stamps` of ``dirs``)."""
        if folder is None:
            return None
        dirs = list(dirs) if dirs is not None else data_dirs()
        key = json.dumps([os.path.realpath(d) for d in dirs]).encode("utf-8", "surrogateescape")
        digest = blake2b(key, digest_size=10).hexdigest()
        return cls(folder / f"{INDEX_PREFIX}{digest}{INDEX_SUFFIX}", dirs, stamps)

    @classmethod
    def default(cls, dirs: Sequence[Path] | None = None) -> SavedIndex | None:
        """The saved index in the user's cache folder (None with ``TOWNTUI_NO_CACHE``)."""
        return cls.beside(user_cache_folder(), dirs)

    def unchanged(self) -> bool:
        """Whether the folders' files are as they were when this was made."""
        return data_stamps(self.dirs) == self.stamps

    def _header(self) -> dict[str, Any]:
        return {
            "what": "towntui search index",
            "format": FORMAT,
            "version": __version__,
            "shape": SHAPE,
            "code": _code_digest(),
            "stamps": self.stamps,
        }

    def load(self) -> SearchIndex | None:
        """The saved index, if it is there, intact and of these very files (sets
        :attr:`problems`); None otherwise."""
        found = read_sections(self.path, MAX_INDEX_BYTES, _is_index)
        if found is None:
            return None
        header, sections = found
        expected = self._header()
        if any(header.get(k) != v for k, v in expected.items()):
            return None
        problems = header.get("problems")
        try:
            index = restore(sections)
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.problems = problems if type(problems) is int else 0
        self._loaded = header
        return index

    def load_views(self, index: SearchIndex) -> bool:
        """Put the saved views into ``index`` (the one :meth:`load` read); whether they
        were there. Not if the file holds none, is damaged, or is no longer the file
        :meth:`load` read (written again since): the views must then be built."""
        if self._loaded is None or index.has_views:
            return False
        found = read_sections(self.path, MAX_INDEX_BYTES, _is_views)
        if found is None or found[0] != self._loaded or VIEWS not in found[1]:
            return False
        try:
            letters, latin = _views_from(found[1])
        except (KeyError, TypeError, ValueError, IndexError):
            return False
        index.set_views(letters, latin)
        return True

    def save(
        self, index: SearchIndex, problems: int, pause: Callable[[], None] | None = None
    ) -> bool:
        """Write ``index`` (built from these folders' data, which had ``problems``);
        False if it was not written. ``pause``, if given, is called between the parts
        of the work and may block (the app's loader waits there while the user types)."""
        try:
            sections = dump(index, pause)
        except (TypeError, ValueError):
            return False
        header = {**self._header(), "problems": problems}
        return write_sections(self.path, header, sections, pause)


def dump(index: SearchIndex, pause: Callable[[], None] | None = None) -> dict[str, Any]:
    """The sections that :func:`restore` makes ``index`` from again (``pause`` as for
    :meth:`SavedIndex.save`)."""
    step = pause if pause is not None else _nothing
    n = len(index)
    tuples: dict[tuple[str, ...], int] = {}
    doc_towns = array("i", [tuples.setdefault(t, len(tuples)) for t in index._doc_towns])
    out: dict[str, Any] = {
        "doc_towns": doc_towns,
        "town_tuples": [list(t) for t in tuples],
        "doc_kind": bytes(index._doc_kind),
        "kind_info": [[k, ek, sorted(kinds)] for k, ek, kinds in index._kind_info],
        "town_name": index._town_name,
        "towns": [[t.id, t.name, t.name_en, list(t.aliases)] for t in index._towns],
        "entry_doc": index._entry_doc,
        "entry_field": index._entry_field,
        "by_text": index._by_text,
        "projected_line": index._projected_line,
        "listing": index._listing,
        "list_pos": index._list_pos,
        "town_docs": list(index._town_docs),
        "town_docs_flat": array("i", [d for ds in index._town_docs.values() for d in ds]),
        "town_docs_ends": array("i", accumulate(map(len, index._town_docs.values()), initial=0)),
        "readings": index._table.reading_sets,
    }
    for name, text_of in (
        ("doc_id", index._id),
        ("doc_name", index._name),
        ("doc_about", index._about),
        ("doc_about_en", lambda d: index._about(d, "en")),
    ):
        step()
        out[name], out[name + "_ends"] = _joined([text_of(d) for d in range(n)])
    step()
    out["entry_text"], out["entry_text_ends"] = _joined(index._entry_text)
    for name, view in (("plain", index._plain), ("projected", index._projected)):
        out[name] = view.text
        out[name + "_offsets"] = view.offsets
        out[name + "_first"] = view.first if view.first is not None else array("i")
    out["plain_line"] = index._plain_line
    out["projected_ids"] = array("i", index._projected.ids)
    step()
    out.update(_fuzzy_sections(index._fuzzy))
    if index.has_views:
        step()
        out.update(_views_sections(*index.views()))
    return out


def _nothing() -> None:
    pass


def _is_index(name: str) -> bool:
    return not name.startswith(VIEWS)


def _is_views(name: str) -> bool:
    return name.startswith(VIEWS)


def _views_sections(letters: dict[str, View], latin: View | None) -> dict[str, Any]:
    """The sections of the views: ``views`` lists each (its key, None for the Latin
    view) with the lengths of its parts, which the other sections hold one after the
    other."""
    rows: list[list[Any]] = []
    texts: list[str] = []
    offsets, ids, first = array("i"), array("i"), array("i")
    for key, view in [*letters.items(), *([(None, latin)] if latin is not None else [])]:
        runs = view.first if view.first is not None else array("i")
        rows.append([key, len(view.text), len(view.offsets), len(view.ids), len(runs)])
        texts.append(view.text)
        offsets.extend(view.offsets)
        ids.extend(view.ids)
        first.extend(runs)
    return {
        VIEWS: rows,
        VIEWS + "_text": "".join(texts),
        VIEWS + "_offsets": offsets,
        VIEWS + "_ids": ids,
        VIEWS + "_first": first,
    }


def _views_from(s: dict[str, Any]) -> tuple[dict[str, View], View | None]:
    """The views whose sections :func:`_views_sections` made."""
    text, offsets = s[VIEWS + "_text"], s[VIEWS + "_offsets"]
    ids, first = s[VIEWS + "_ids"], s[VIEWS + "_first"]
    if not isinstance(text, str) or not all(isinstance(a, array) for a in (ids, first)):
        raise TypeError("not views")
    letters: dict[str, View] = {}
    latin: View | None = None
    at = [0, 0, 0, 0]  # where the next view's parts start
    for key, *sizes in s[VIEWS]:
        ends = [a + n for a, n in zip(at, sizes, strict=True)]
        view = _view(
            text[at[0] : ends[0]],
            offsets[at[1] : ends[1]],
            ids[at[2] : ends[2]],
            first[at[3] : ends[3]],
        )
        if key is None:
            latin = view
        elif isinstance(key, str):
            letters[key] = view
        else:
            raise TypeError("not a view's key")
        at = ends
    if at != [len(text), len(offsets), len(ids), len(first)]:
        raise ValueError("the views do not fit")
    return letters, latin


def _fuzzy_sections(fuzzy: FuzzyKeys | LazyKeys) -> dict[str, Any]:
    if isinstance(fuzzy, LazyKeys):
        if fuzzy.keys is None:
            sections: dict[str, Any] = fuzzy.source
            return sections
        fuzzy = fuzzy.keys
    keys, ends = _joined(fuzzy._keys)
    return {
        "fuzzy_keys": keys,
        "fuzzy_ends": ends,
        "fuzzy_ordinal": fuzzy._ordinal,
        "fuzzy_start": fuzzy._start,
        "fuzzy_packed": fuzzy._packed,
        "fuzzy_span": [[*g, *s] for g, s in fuzzy._span.items()],
        "fuzzy_wide": fuzzy._wide.text,
        "fuzzy_wide_offsets": fuzzy._wide.offsets,
        "fuzzy_wide_ids": array("i", fuzzy._wide.ids),
        "fuzzy_wide_at": [[n, *s] for n, s in fuzzy._wide_at.items()],
    }


def _fuzzy_from(s: dict[str, Any]) -> FuzzyKeys:
    keys = FuzzyKeys.__new__(FuzzyKeys)
    text, ends = s["fuzzy_keys"], s["fuzzy_ends"]
    keys._keys = [text[a:b] for a, b in pairwise(ends)]
    keys._ordinal = s["fuzzy_ordinal"]
    keys._start = s["fuzzy_start"]
    keys._packed = s["fuzzy_packed"]
    keys._span = {(a, b): (c, d) for a, b, c, d in s["fuzzy_span"]}
    keys._wide = _view(s["fuzzy_wide"], s["fuzzy_wide_offsets"], s["fuzzy_wide_ids"])
    keys._wide_at = {n: (a, b) for n, a, b in s["fuzzy_wide_at"]}
    return keys


def _view(text: Any, offsets: Any, ids: Sequence[int], first: Any = None) -> View:
    """A view from its saved parts; ``first`` (empty or None: one line per entry) maps
    a line to the run of equal entries it stands for."""
    if not isinstance(text, str) or not isinstance(offsets, array):
        raise TypeError("not a view")
    if first is not None and not isinstance(first, array):
        raise TypeError("not a view")
    runs = first if first else None
    lines = len(ids) if runs is None else len(runs) - 1
    if runs is not None and (runs[0] != 0 or runs[-1] != len(ids)):
        raise ValueError("a view's runs do not fit")
    if len(offsets) != lines + 1 or (len(offsets) and offsets[-1] != len(text)):
        raise ValueError("a view's offsets do not fit")
    view = View.joined((), ids)
    view.text = text
    view.offsets = offsets
    view.first = runs
    return view


def _lines(s: dict[str, Any], name: str, count: int) -> Lines:
    text, ends = s[name], s[name + "_ends"]
    if not isinstance(text, str) or len(ends) != count + 1 or ends[-1] != len(text):
        raise ValueError(f"{name} does not fit")
    return Lines(text, ends)


def restore(s: dict[str, Any]) -> SearchIndex:
    """The index whose sections :func:`dump` made (raises ``KeyError``, ``TypeError``,
    ``ValueError`` or ``IndexError`` when they do not fit together). Lengths are
    checked; the numbers within are vouched for by the sections' checksums."""
    index = SearchIndex.__new__(SearchIndex)
    kind_info = [(k, ek, frozenset(kinds)) for k, ek, kinds in s["kind_info"]]
    tuples = [tuple(t) for t in s["town_tuples"]]
    n = len(s["doc_kind"])
    index._docs = (
        _lines(s, "doc_id", n),
        _lines(s, "doc_name", n),
        _lines(s, "doc_about", n),
        _lines(s, "doc_about_en", n),
    )
    index._doc_kind = bytearray(s["doc_kind"])
    index._kind_info = kind_info
    index._doc_towns = [tuples[i] for i in s["doc_towns"]]
    index._town_name = dict(s["town_name"])
    count = len(s["entry_field"])
    index._entry_doc = s["entry_doc"]
    index._entry_field = s["entry_field"]
    index._entry_text = _lines(s, "entry_text", count)
    index._plain = _view(s["plain"], s["plain_offsets"], range(count), s["plain_first"])
    index._plain_line = s["plain_line"]
    if len(index._plain_line) != count:
        raise ValueError("plain_line does not fit")
    index._by_text = s["by_text"]
    fuzzy = {k: v for k, v in s.items() if k.startswith("fuzzy_")}
    index._fuzzy = LazyKeys(fuzzy, _fuzzy_from)
    index._table = SymbolTable((), sets={c: tuple(r) for c, r in s["readings"].items()})
    index._projected = _view(
        s["projected"], s["projected_offsets"], s["projected_ids"], s["projected_first"]
    )
    index._projected_line = s["projected_line"]
    index._listing = s["listing"]
    index._list_pos = s["list_pos"]
    for name in ("entry_doc", "projected_line", "listing", "list_pos"):
        if len(s[name]) != (n if name in ("listing", "list_pos") else count):
            raise ValueError(f"{name} does not fit")
    flat, ends = s["town_docs_flat"], s["town_docs_ends"]
    if len(ends) != len(s["town_docs"]) + 1 or ends[-1] != len(flat):
        raise ValueError("town_docs does not fit")
    index._town_docs = {t: flat[ends[i] : ends[i + 1]] for i, t in enumerate(s["town_docs"])}
    index._records = []
    index._stop = None
    towns = [TownNames(i, nm, en, tuple(al)) for i, nm, en, al in s["towns"]]
    index._ready(towns)
    return index
