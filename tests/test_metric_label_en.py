"""A figure written without ``label_en`` is named in English by its registry entry, so an
English screen never shows its Chinese label; the data's own ``label_en`` wins."""

from __future__ import annotations

from pathlib import Path

from towntui.core.loader import load

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_a_metric_without_label_en_takes_the_registry_s_english() -> None:
    ds = load([MINI])
    town = ds.town("qiantang")
    assert town is not None
    talents = next(m for m in town.metrics if m.label == "人才")
    assert talents.key == "talents"
    assert talents.label_en == ds.registry["talents"].label_en == "Talents"


def test_a_metric_s_own_label_en_is_kept() -> None:
    ds = load([MINI])
    town = ds.town("yuhuangshan")
    assert town is not None
    own = next(m for m in town.metrics if m.label == "高层次金融人才")
    assert own.label_en not in (None, ds.registry["talents"].label_en)
