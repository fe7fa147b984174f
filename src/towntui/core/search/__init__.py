"""Search over towns, entities and event titles, built for per-keystroke use.

:class:`SearchIndex` is built once per dataset and answers ``search(query)`` with a
:class:`SearchResult`: ranked :class:`Hit` records and the query's problems. The package
is split by role: :mod:`.query` parses a query into text and ``kind:``/``town:``
filters; :mod:`.build` collects the searchable entries of a dataset and :mod:`.index`
ranks them tier by tier (exact, prefix, pinyin, substring) with the regular-expression
scans of :mod:`.scan`; :mod:`.fuzzy` is the last tier (close spellings, with rapidfuzz);
:mod:`.pinyin` holds the readings of Chinese characters and pinyin matching; :mod:`.hits`
the results. Towns named in a ``town:`` filter are found by :mod:`towntui.core.resolve`.
"""

from towntui.core.search.hits import CONTEXT_SEP, Hit, HitKind, SearchResult
from towntui.core.search.index import FUZZY_BELOW, IndexCancelled, SearchIndex
from towntui.core.search.query import KINDS, MAX_QUERY_CHARS, ParsedQuery, parse_query

__all__ = [
    "CONTEXT_SEP",
    "FUZZY_BELOW",
    "KINDS",
    "MAX_QUERY_CHARS",
    "Hit",
    "HitKind",
    "IndexCancelled",
    "ParsedQuery",
    "SearchIndex",
    "SearchResult",
    "parse_query",
]
