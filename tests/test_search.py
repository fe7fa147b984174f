"""The search engine against the bundled data: text, pinyin, filters, ranking, narrowing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from towntui.core.loader import load
from towntui.core.model import Dataset
from towntui.core.search import Hit, SearchIndex, parse_query
from towntui.core.search.pinyin import fold, match, readings


@pytest.fixture(scope="module")
def ds() -> Dataset:
    dataset = load()
    assert not dataset.errors
    return dataset


@pytest.fixture(scope="module")
def index(ds: Dataset) -> SearchIndex:
    return SearchIndex(ds)


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def marked(hit: Hit) -> str:
    """The characters of the label that the positions point at."""
    return "".join(hit.label[i] for i in hit.positions)


# ---------------------------------------------------------------- text


def test_chinese_substring_points_at_the_characters(index: SearchIndex) -> None:
    hits = index.search("栖小镇")
    assert hits and hits[0].id == "yunqi"
    for h in hits:
        assert "栖小镇" in h.label
        assert marked(h) == "栖小镇"
        assert h.positions == tuple(range(h.positions[0], h.positions[0] + 3))


def test_english_is_case_insensitive(index: SearchIndex) -> None:
    hits = index.search("Alibaba")
    assert hits[0].id == "alibaba"
    assert hits[0].how == "exact"
    assert ids(index.search("alibaba")) == ids(hits) == ids(index.search("ALIBABA"))
    for h in hits:
        assert fold(marked(h)) == "alibaba"


def test_alias_and_tag_matches_name_their_field(index: SearchIndex) -> None:
    cloud = index.search("Cloud Town")
    assert cloud[0].id == "yunqi" and cloud[0].field == "alias"
    tagged = index.search("视觉智能")
    assert "hikvision" in ids(tagged)
    assert {h.field for h in tagged if h.id == "hikvision"} == {"tag"}
    assert index.search("海康")[0].id == "hikvision"


# ---------------------------------------------------------------- pinyin


@pytest.mark.parametrize("query", ["yunqi", "yq", "yun栖", "yun 栖", "yunxi", "yunqixiaozhen"])
def test_pinyin_finds_yunqi_town_first(index: SearchIndex, query: str) -> None:
    hits = index.search(query)
    first = next(h for h in hits if h.kind == "town")
    assert first.id == "yunqi"
    assert hits[0].id == "yunqi"


def test_pinyin_positions_cover_the_matched_characters(index: SearchIndex) -> None:
    for query, chars in [("yq", "云栖"), ("yunqi", "云栖"), ("yunxi", "云栖"), ("lingpao", "零跑")]:
        hit = next(h for h in index.search(query) if h.field == "pinyin")
        assert marked(hit) == chars, (query, hit)


def test_polyphonic_character_has_every_reading() -> None:
    assert {"qi", "xi"} <= set(readings("栖"))
    assert {"chang", "zhang"} <= set(readings("长"))
    assert match("yunxi", "云栖小镇") == (0, 1)
    assert match("yunqi", "云栖小镇") == (0, 1)
    assert match("yqxz", "云栖小镇") == (0, 1, 2, 3)
    assert match("xz", "云栖小镇", start_only=True) is None
    assert match("xz", "云栖小镇") == (2, 3)


def test_initials_zh_ch_sh_stand_for_a_syllable() -> None:
    assert match("zhx", "智慧") is None
    assert match("zhh", "智慧") == (0, 1)
    assert match("zh", "智慧") == (0,)


# ---------------------------------------------------------------- filters


def test_kind_filter(index: SearchIndex) -> None:
    hits = index.search("kind:company yq")
    assert hits
    assert {h.entity_kind for h in hits} == {"company"}
    assert ids(index.search("KIND:comp yq")) == ids(hits)


def test_kind_filter_alone_lists_records(index: SearchIndex, ds: Dataset) -> None:
    hits = index.search("kind:person", limit=1000)
    people = {e.id for t in ds.towns for e in t.entities if e.kind == "person"}
    assert set(ids(hits)) == people
    assert {h.how for h in hits} == {"filter"}


def test_kind_event_covers_timeline_events(index: SearchIndex) -> None:
    hits = index.search("kind:event 云栖大会", limit=100)
    assert {h.kind for h in hits} <= {"event", "entity"}
    assert any(h.kind == "event" for h in hits)
    assert all(h.kind == "event" or h.entity_kind == "event" for h in hits)


@pytest.mark.parametrize("flt", ["town:云栖", "town:yunqi", "town:Yunqi", "town:yq"])
def test_town_filter(index: SearchIndex, flt: str) -> None:
    hits = index.search(f"{flt} 阿里")
    assert hits
    assert all("yunqi" in h.towns for h in hits)
    assert index.town_ids(flt.partition(":")[2]) == frozenset({"yunqi"})


def test_unknown_kind_is_a_problem_and_matches_nothing(index: SearchIndex) -> None:
    parsed = parse_query("kind:foo 阿里")
    assert parsed.text == "阿里"
    assert len(parsed.problems) == 1 and '"foo"' in parsed.problems[0]
    assert index.search("kind:foo 阿里") == []
    # a space after the colon still names the kind: never searched as text (issue 10, 14)
    spaced = parse_query("kind: yq")
    assert spaced.text == "" and spaced.kinds == frozenset() and '"yq"' in spaced.problems[0]
    assert parse_query("kind:").kinds is None  # half-typed filter is ignored


def test_two_town_filters_must_both_hold(index: SearchIndex) -> None:
    hits = index.search("town:yunqi town:binjiang 阿里")
    assert hits and all({"yunqi", "binjiang"} <= set(h.towns) for h in hits)
    assert index.search("town:nowhere 阿里") == []


# ---------------------------------------------------------------- ranking


def test_exact_beats_prefix_beats_substring(index: SearchIndex) -> None:
    hits = index.search("阿里", limit=200)
    hows = [h.how for h in hits]
    assert hows[0] == "exact" and hits[0].id == "alibaba"
    assert "prefix" in hows and "substring" in hows
    assert max(i for i, h in enumerate(hows) if h == "exact") < hows.index("prefix")
    assert max(i for i, h in enumerate(hows) if h == "prefix") < hows.index("substring")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_one_hit_per_record_and_limit(index: SearchIndex) -> None:
    hits = index.search("y", limit=30)
    assert len(hits) == 30
    assert len({(h.kind, h.id) for h in hits}) == 30
    assert index.search("y", limit=0) == []


def test_fuzzy_fallback_for_typos(index: SearchIndex) -> None:
    for typo, wanted in [("hikvison", "hikvision"), ("aliaba", "alibaba"), ("yunqii", "yunqi")]:
        hits = index.search(typo)
        assert hits and hits[0].id == wanted, typo
        assert hits[0].how == "fuzzy"
        assert all(0 <= i < len(hits[0].label) for i in hits[0].positions)


def test_empty_and_blank_queries(index: SearchIndex) -> None:
    assert index.search("") == []
    assert index.search("   ") == []
    assert index.search("kind:") == []


# ---------------------------------------------------------------- narrowing

ALPHABET = "abcdefghijklmnopqrstuvwxyz yqxzh 云栖阿里滨江小镇海康大会Ay1-"
QUERIES = st.one_of(
    st.text(alphabet=ALPHABET, min_size=1, max_size=10),
    st.sampled_from(["yunqixiaozhen", "alibaba cloud", "lingpao", "yun栖xiao", "hzyq", "binjiang"]),
)
PREFIX = st.sampled_from(["", "", "kind:company ", "town:yunqi ", "kind:event "])


def fingerprint(hits: list[Hit]) -> list[tuple[object, ...]]:
    return [(h.kind, h.id, h.label, h.positions, h.score, h.how) for h in hits]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=PREFIX, query=QUERIES, limit=st.sampled_from([5, 50]))
def test_typing_one_key_at_a_time_equals_a_fresh_index(
    index: SearchIndex, ds: Dataset, prefix: str, query: str, limit: int
) -> None:
    typed = prefix + query
    for k in range(1, len(typed) + 1):
        index.search(typed[:k], limit=limit)
    fresh = _fresh(ds)
    fresh.clear_cache()
    assert fingerprint(index.search(typed, limit=limit)) == fingerprint(
        fresh.search(typed, limit=limit)
    )


def test_backspace_returns_the_earlier_results(index: SearchIndex, ds: Dataset) -> None:
    fresh = _fresh(ds)
    for k in range(1, 9):
        index.search("yunqixia"[:k])
    for k in range(8, 0, -1):
        fresh.clear_cache()
        assert fingerprint(index.search("yunqixia"[:k])) == fingerprint(
            fresh.search("yunqixia"[:k])
        )


_FRESH: dict[int, SearchIndex] = {}


def _fresh(ds: Dataset) -> SearchIndex:
    """A second index over the same data, built once (its cache is cleared per use)."""
    if id(ds) not in _FRESH:
        _FRESH[id(ds)] = SearchIndex(ds)
    return _FRESH[id(ds)]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40), limit=st.integers(min_value=-1, max_value=60))
def test_arbitrary_strings_never_raise(index: SearchIndex, text: str, limit: int) -> None:
    hits = index.search(text, limit=limit)
    assert len(hits) <= max(limit, 0)
    for h in hits:
        assert all(0 <= i < len(h.label) for i in h.positions)
        assert list(h.positions) == sorted(set(h.positions))
    parse_query(text)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_strict_hits_come_in_score_order(index: SearchIndex, query: str) -> None:
    hits = [h for h in index.search(query) if h.how != "fuzzy"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    for h in hits:
        if h.how in ("exact", "prefix", "substring"):
            assert fold(marked(h)) == " ".join(fold(query).split())


def test_a_town_filter_naming_no_town_says_so(index: SearchIndex) -> None:
    assert index.search("town:nowhere 阿里") == []
    assert index.problems("town:nowhere 阿里") == ('no town matches "nowhere"',)
    assert index.problems("town:yunqi 阿里") == ()
    assert index.problems("kind:xyz town:yunqi")[0].startswith('unknown kind "xyz"')
