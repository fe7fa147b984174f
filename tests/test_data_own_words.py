"""Facts carry over, sentences do not: the data's free text is in our own words.

Every summary, title, role, label and note in the bundled data is checked against the
five articles in ``../shared/seeds/``: a run of :data:`MIN_RUN` or more characters that
also occurs in an article, outside quotation marks, is a copied sentence and fails the
test. Allowed are quoted text (“…”, "…", ‘…’, 《…》, 「…」: a note may quote its article,
a summary may quote a slogan) and names: a run in which every character but two belongs
to a name written there (the data's entity and town names and aliases, and
:data:`OFFICIAL_NAMES`, titles no entity carries) or to list punctuation. The checks are
skipped, with the reason, when the seeds are absent (as in a CI clone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from towntui.core.loader import bundled_data_dir, load
from towntui.core.model import Dataset, Town

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"source articles not found at {SEEDS} (the shared seeds folder beside the repo)",
)

#: The shortest run of characters shared with an article that counts as copied.
MIN_RUN = 15

#: Official names that no entity carries but that free text may name as written.
OFFICIAL_NAMES: tuple[str, ...] = (
    "浙江大学国家大学科技园",
    "中国美院国家大学科技园",
    "西湖科技经济园（国家广告产业园）",
    "西溪创意产业园",
    "福地创业园",
    "文三路电子信息街",
)

#: Quoted text, which may repeat its article word for word.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|《[^》]*》|「[^」]*」")
#: Quotation marks an article puts inside a phrase that is copied as a whole.
_MARKS = re.compile(r"[“”‘’\"]")
#: What may join names in a list without making the run a sentence.
_JOINERS = re.compile(r"[、，,。；：（）()和及与等\s]")


@cache
def dataset() -> Dataset:
    """The bundled data, loaded once for the whole module."""
    return load([bundled_data_dir()])


@cache
def corpus() -> str:
    """All the articles, without whitespace or quotation marks, one per line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return "\n".join(_MARKS.sub("", re.sub(r"\s+", "", t)) for t in texts)


@cache
def grams() -> frozenset[str]:
    """Every run of :data:`MIN_RUN` characters in the articles."""
    text = corpus()
    return frozenset(text[i : i + MIN_RUN] for i in range(len(text) - MIN_RUN + 1))


@cache
def names() -> tuple[str, ...]:
    """The names that free text may repeat, longest first."""
    ds = dataset()
    found = set(OFFICIAL_NAMES)
    for town in ds.towns:
        found.add(town.name)
        found.update(town.aliases)
        for ent in town.entities:
            found.add(ent.name)
            found.update(ent.aliases)
    return tuple(sorted((n for n in found if len(n) > 1), key=len, reverse=True))


def copied_runs(text: str) -> list[str]:
    """The longest unquoted runs of ``text`` that an article also has, names aside."""
    runs: list[str] = []
    whole = corpus()
    for part in _QUOTED.split(re.sub(r"\s+", "", text)):
        named = name_mask(part)
        i = 0
        while i + MIN_RUN <= len(part):
            if part[i : i + MIN_RUN] not in grams():
                i += 1
                continue
            j = i + MIN_RUN
            while j < len(part) and part[i : j + 1] in whole:
                j += 1
            own = [c for c, n in zip(part[i:j], named[i:j], strict=True) if not n]
            if len(_JOINERS.sub("", "".join(own))) > 2:  # more than names and joiners
                runs.append(part[i:j])
            i = j
    return runs


def name_mask(text: str) -> list[bool]:
    """For each character of ``text``, whether it is part of a name written there."""
    mask = [False] * len(text)
    for name in names():
        start = text.find(name)
        while start != -1:
            mask[start : start + len(name)] = [True] * len(name)
            start = text.find(name, start + 1)
    return mask


def _notes(where: str, record: object) -> Iterator[tuple[str, str]]:
    """A record's note in each language it is written in (``note``, ``note_en``)."""
    for field in ("note", "note_en"):
        value = getattr(record, field)
        if value:
            yield f"{where}: {field}", value


def free_text(ds: Dataset) -> Iterator[tuple[str, str]]:
    """(where, text) for every field the data writes in its own words."""
    for src in ds.sources.values():
        yield from _notes(f"source {src.id}", src)
    for town in ds.towns:
        yield f"{town.id}: summary", town.summary
        yield from _notes(town.id, town)
        if town.area is not None:
            yield from _notes(f"{town.id}: area", town.area)
        for m in town.metrics:
            yield f"{town.id}: metric {m.label}: label", m.label
            yield from _notes(f"{town.id}: metric {m.label}", m)
        for ev in town.events:
            for field in ("title", "summary"):
                value = getattr(ev, field)
                if value:
                    yield f"{town.id}: event {ev.id}: {field}", value
            yield from _notes(f"{town.id}: event {ev.id}", ev)
        for ent in town.entities:
            if ent.role:
                yield f"{town.id}: entity {ent.id}: role", ent.role
            yield from _notes(f"{town.id}: entity {ent.id}", ent)
        yield from _aims_text(town)


def _aims_text(town: Town) -> Iterator[tuple[str, str]]:
    """(where, text) for a town's goals, rankings and slogans: a goal's text, what a
    ranking ranks, a slogan's summary (its text is a quotation) and every note."""
    for g in town.goals:
        yield f"{town.id}: goal {g.id}: text", g.text
        yield from _notes(f"{town.id}: goal {g.id}", g)
    for r in town.rankings:
        yield f"{town.id}: ranking {r.id}: ranking", r.ranking
        yield from _notes(f"{town.id}: ranking {r.id}", r)
    for x in town.slogans:
        if x.summary:
            yield f"{town.id}: slogan {x.id}: summary", x.summary
        yield from _notes(f"{town.id}: slogan {x.id}", x)


@needs_seeds
def test_no_free_text_copies_an_article() -> None:
    bad = [
        f"{where}: copies {len(run)} characters: {run}"
        for where, text in free_text(dataset())
        for run in copied_runs(text)
    ]
    assert not bad, "unquoted runs copied from the articles (rewrite or quote):\n" + "\n".join(bad)


# The finder itself: if these fail, the check above would pass or fail for the wrong reason.


@needs_seeds
def test_finder_catches_a_copied_sentence() -> None:
    # seed 004, word for word
    assert copied_runs("总部在上海的工业零部件产业链服务平台海智在线把杭州子公司设在滨江")


@needs_seeds
def test_finder_sees_through_the_articles_quotation_marks() -> None:
    # seed 000 writes 国内首个“商业卫星全产业链”交易平台
    assert copied_runs("航天五院推出的国内首个商业卫星全产业链交易平台")


@needs_seeds
def test_finder_allows_quotes_names_and_own_words() -> None:
    assert not copied_runs('"今年我们将围绕重点企业走访、企业困难收集、惠企政策宣讲" in 2023')
    assert not copied_runs("按“2023年正式启动、两年初具形象、三年基本完成、五年全面完成”的部署")
    assert not copied_runs("国家机器人检测与评定中心（总部）浙江分中心")  # an entity's name
    # a name the run only partly covers still counts as a name (seed 002: 全国五个云计算…)
    assert not copied_runs("杭州是五个全国云计算服务创新发展试点示范城市之一")
    assert not copied_runs("管委会围绕五个方面列出服务清单，让专员与企业一对一沟通。")
