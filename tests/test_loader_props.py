"""Property tests: whatever a data file holds, loading reports problems and never raises."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.lang import chinese_leaks, english_leaks
from towntui.core.loader import load
from towntui.core.model import Problem

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    [
        "id",
        "name",
        "name_en",
        "summary",
        "summary_en",
        "value",
        "unit",
        "year",
        "key",
        "label",
        "source",
        "date",
        "title",
        "category",
        "kind",
        "entities",
        "towns",
        "aliases",
        "area",
        "text",
        "text_en",
        "by",
        "qualifier",
        "ranking",
        "ranking_en",
        "among",
        "among_en",
        "rank",
        "band",
        "band_en",
        "streak",
    ]
)
records = st.dictionaries(field_names | st.text(max_size=6), values, max_size=8)
documents = st.fixed_dictionaries(
    {},
    optional={
        "town": records,
        "metrics": st.lists(records, max_size=3) | values,
        "events": st.lists(records, max_size=3),
        "entities": st.lists(records, max_size=3),
        "goals": st.lists(records, max_size=2) | values,
        "rankings": st.lists(records, max_size=2),
        "slogans": st.lists(records, max_size=2),
        "sources": st.lists(records, max_size=2),
    },
)


def _load_one(content: bytes) -> tuple[Any, list[Problem]]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        (root / "towns").mkdir(parents=True)
        shutil.copy(MINI / "metrics.toml", root)
        shutil.copy(MINI / "sources.toml", root)
        (root / "towns" / "fuzz.toml").write_bytes(content)
        ds = load([root])
        return ds, list(ds.problems)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_toml_document_loads_or_reports(doc: dict[str, Any]) -> None:
    ds, problems = _load_one(tomli_w.dumps(doc).encode())
    for problem in problems:
        assert "fuzz.toml" in problem.path or "data" in problem.path
        assert problem.message and problem.message_zh  # issue 12: in both languages
        assert not english_leaks(problem) and not chinese_leaks(problem), problem.format("zh")
    assert len(ds.towns) <= 1
    if ds.towns:
        assert ds.towns[0].id == doc["town"]["id"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_load_or_report(content: bytes) -> None:
    ds, problems = _load_one(content)
    assert all(p.message and p.path.endswith("fuzz.toml") for p in problems)
    assert all(p.message_zh and not chinese_leaks(p) for p in problems), problems
    if not ds.towns:
        assert problems, "a file that yields no town must say why"
