"""Nothing in the bundled data is invented: every figure and date traces to its article.

For every town in ``data/``: each metric value (and the town's area) must appear in the
text of the article its source names, each event year (and metric year) too, unless the
record's note says how a relative date (今年, 去年, 截至目前 …) was resolved. Every
source file named must exist, and every town needs a summary in both languages.

The articles live in ``../shared/seeds/`` beside the repository; the checks that need
them are skipped, with the reason, when that folder is absent. A failure names the town,
the field and the value, so a data author can fix the record in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from towntui.core.loader import bundled_data_dir, load
from towntui.core.model import Dataset
from towntui.core.units import format_value

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason=f"source articles not found at {SEEDS} (the shared seeds folder beside the repo)",
)

#: Words in a record's note that say how a relative date was resolved against the
#: article's year. A year that does not appear in the article is accepted only then.
RELATIVE_DATE_MARKERS: tuple[str, ...] = (
    "今年",
    "去年",
    "前年",
    "近日",
    "目前",
    "至今",
    "如今",
    "年前",
    "过去一年",
    "近3年",
    "岁",
    "农历",
)

_DIGITS = "零一二三四五六七八九"


def chinese_numerals(n: int) -> set[str]:
    """How an article may write a small whole number in Chinese numerals.

    Some figures are only written this way: 004 has 连续六年 / 连续五年 / 连续四年 and
    不足千分之一, 003 has 近千家 and 第二家. Only whole numbers up to 9999 occur, so
    only those are rendered: ``6`` → 六, ``2`` → 二 / 两, ``12`` → 十二, ``1000`` → 千 / 一千.
    """
    if not 0 < n < 10000:
        return set()
    parts: list[str] = []
    rest = n
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十")):
        digit, rest = divmod(rest, unit_value)
        if digit:
            parts.append(_DIGITS[digit] + unit_char)
        elif parts and rest and not parts[-1].endswith("零"):
            parts.append("零")
    if rest:
        parts.append(_DIGITS[rest])
    full = "".join(parts)
    forms = {full}
    if full.startswith("一") and len(full) > 1:
        forms.add(full[1:])  # 十二, 千 (as in 近千家, 千分之一)
    if n == 2:
        forms.add("两")
    return forms


def number_forms(value: float) -> set[str]:
    """The spellings of ``value`` to look for in an article."""
    forms = {format_value(value)}
    if float(value).is_integer():
        forms |= chinese_numerals(int(value))
    return forms


def appears(value: float, text: str) -> bool:
    """Whether ``value`` is written in ``text`` as a whole number, not inside another.

    ``7.67`` is found in ``7.67亿元`` but ``7.6`` is not, and ``46`` is not found in
    ``2446``. The articles never use thousands separators (``7,543``), so none are handled.
    """
    for form in number_forms(value):
        if form[0].isdigit():
            if re.search(rf"(?<![0-9.]){re.escape(form)}(?!\.?[0-9])", text):
                return True
        elif form in text:
            return True
    return False


def year_appears(year: int, text: str) -> bool:
    """Whether the four-digit ``year`` is written in ``text``."""
    return re.search(rf"(?<![0-9]){year}(?![0-9])", text) is not None


def explains_relative_date(note: str | None) -> bool:
    """Whether a note says how a relative date was resolved."""
    return note is not None and any(m in note for m in RELATIVE_DATE_MARKERS)


@cache
def dataset() -> Dataset:
    """The bundled data, loaded once for the whole module."""
    return load([bundled_data_dir()])


@cache
def article(file_name: str) -> str:
    """An article's text with all whitespace removed (002 writes ``2011 年 10 月``)."""
    return re.sub(r"\s+", "", (SEEDS / file_name).read_text(encoding="utf-8"))


def source_text(ds: Dataset, source_id: str) -> str | None:
    """The text of the article a source names, or None when it names none."""
    src = ds.sources.get(source_id)
    if src is None or src.file is None or not (SEEDS / src.file).is_file():
        return None
    return article(src.file)


def _figures(ds: Dataset) -> Iterator[tuple[str, str, float, int | None, str | None, str]]:
    """(town, field, value, year, note, source) for every metric and town area."""
    for town in ds.towns:
        if town.area is not None and town.area.source is not None:
            a = town.area
            yield town.id, "town.area", a.value, a.year, a.note_en, a.source
        for i, m in enumerate(town.metrics):
            yield town.id, f"metrics[{i}] {m.label}", m.value, m.year, m.note_en, m.source


def test_bundled_data_loads_without_errors() -> None:
    errors = [str(p) for p in dataset().errors]
    assert not errors, "towntui validate reports:\n" + "\n".join(errors)


def test_every_town_has_summaries() -> None:
    missing = [
        f"{t.id}: {name} is empty"
        for t in dataset().towns
        for name, text in (("summary", t.summary), ("summary_en", t.summary_en))
        if not text.strip()
    ]
    assert dataset().towns, "no towns in the bundled data"
    assert not missing, "\n".join(missing)


@needs_seeds
def test_every_source_file_exists() -> None:
    ds = dataset()
    bad = [
        f'source {s.id}: file "{s.file}" not found in {SEEDS}'
        if s.file
        else f"source {s.id}: names no seed file"
        for s in ds.sources.values()
        if not s.file or not (SEEDS / s.file).is_file()
    ]
    assert not bad, "\n".join(bad)


@needs_seeds
def test_every_metric_value_appears_in_its_article() -> None:
    ds = dataset()
    bad: list[str] = []
    for town, field, value, _year, _note, source in _figures(ds):
        text = source_text(ds, source)
        if text is None:
            bad.append(f"{town}: {field}: source {source} has no readable article")
        elif not appears(value, text):
            bad.append(f"{town}: {field}: value {format_value(value)} not in article {source}")
    assert not bad, "\n".join(bad)


@needs_seeds
def test_every_metric_year_appears_or_is_explained() -> None:
    ds = dataset()
    bad: list[str] = []
    for town, field, _value, year, note, source in _figures(ds):
        text = source_text(ds, source)
        if year is None or text is None:
            continue  # no year to check; a missing article is reported by the value test
        if not year_appears(year, text) and not explains_relative_date(note):
            bad.append(
                f"{town}: {field}: year {year} not in article {source} "
                "and the note does not say how it was resolved"
            )
    assert not bad, "\n".join(bad)


@needs_seeds
def test_every_event_year_appears_or_is_explained() -> None:
    ds = dataset()
    bad: list[str] = []
    for town in ds.towns:
        for ev in town.events:
            text = source_text(ds, ev.source)
            if text is None:
                bad.append(f"{town.id}: event {ev.id}: source {ev.source} has no readable article")
            elif not year_appears(ev.date.year, text) and not explains_relative_date(ev.note_en):
                bad.append(
                    f"{town.id}: event {ev.id} ({ev.title}): year {ev.date.year} not in "
                    f"article {ev.source} and the note does not say how it was resolved"
                )
    assert not bad, "\n".join(bad)


# The matcher itself: if these fail, the checks above would pass or fail for the wrong reason.


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7.67, "跃升到7.67亿元"),
        (0.615, "0.615平方公里内"),
        (1.5, "管理规模达1.5万亿元"),
        (7543, "2024年，7543家企业迁入"),
        (6, "连续六年全省第一"),
        (1000, "近千家重点企业"),
        (2, "第二家成功上市的企业"),
        (12, "上市企业总数达到12家"),
    ],
)
def test_appears_finds_values_as_articles_write_them(value: float, text: str) -> None:
    assert appears(value, text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7.6, "跃升到7.67亿元"),
        (46, "共认定瞪羚企业2446家"),
        (3, "创造了全省3.2%的经济体量"),
        (20, "1993年始创"),
        (7544, "2024年，7543家企业迁入"),
    ],
)
def test_appears_rejects_values_the_text_does_not_give(value: float, text: str) -> None:
    assert not appears(value, text)


def test_year_must_stand_alone_and_relative_dates_need_a_note() -> None:
    assert year_appears(2023, "2023年正式启动")
    assert not year_appears(2023, "编号120231")
    assert explains_relative_date('"今年" in a 2023 article')
    assert not explains_relative_date("From the expert commentary.")
    assert not explains_relative_date(None)


def test_chinese_numerals_cover_the_forms_the_articles_use() -> None:
    assert "六" in chinese_numerals(6)
    assert {"十二", "一十二"} <= chinese_numerals(12)
    assert "千" in chinese_numerals(1000)
    assert "两" in chinese_numerals(2)
    assert "一百零五" in chinese_numerals(105)
    assert chinese_numerals(0) == set()
