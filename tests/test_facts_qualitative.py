"""Pinned qualitative facts (issue 15): the ladders, tests, models and measures the
articles name, held as entities and events of the kinds the format has.

Each one names the article it comes from and the words a reader looks for there.
"""

from __future__ import annotations

import pytest

from tests.helpers.bundled import dataset, event, town

#: entity id → (its town, its source, words its role must carry)
FACTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "binjiang-stage-support": ("binjiang", "a004-binjiang", ("大学生创新创业", "瞪羚", "上市")),
    "binjiang-talent-housing": ("binjiang", "a004-binjiang", ("安居", "人才码")),
    "qiantang-ecommerce-tracks": ("qiantang", "a003-qiantang", ("人工智能",)),
    "yuhuangshan-vc-full-chain-service": (
        "yuhuangshan",
        "a000-yuhuang",
        ("杭州产投融资服务中心", "五找一提"),
    ),
    "yunqi-cloud-ecosystems": ("yunqi", "a000-yunqi", ("云计算",)),
    "yunqi-space-pilot-area": ("yunqi", "a000-yunqi", ("16", "200", "太空")),
    "xihu-yunchuang-land-chain": ("yunqi", "a001-yunchuang", ("储备", "开发", "运营")),
    "xihu-yunchuang-selection-test": (
        "yunqi",
        "a001-yunchuang",
        ("国家高新技术企业", "专精特新", "主导产业"),
    ),
    "yunqi-3d-satellite-printing": ("yunqi", "a001-yunchuang", ("卫星部件",)),
    "yunqi-2016-startup-support": (
        "yunqi",
        "a002-yunqi-case",
        ("云产品", "佣金", "云示范补贴", "沙龙", "培训"),
    ),
}


@pytest.mark.parametrize("entity_id", sorted(FACTS))
def test_a_qualitative_fact_is_an_entity_of_its_town_and_article(entity_id: str) -> None:
    town_id, source, words = FACTS[entity_id]
    entity = dataset().entities.get(entity_id)
    assert entity is not None, f"no entity {entity_id}"
    assert entity.town == town_id and entity.sources == (source,)
    assert entity.role and entity.role_en and entity.name_en
    missing = [w for w in words if w not in entity.role]
    assert not missing, f"{entity_id}: role lacks {missing}: {entity.role}"
    assert entity in town(town_id).entities


def test_the_land_chain_and_selection_test_serve_both_areas_of_the_group() -> None:
    for entity_id in ("xihu-yunchuang-land-chain", "xihu-yunchuang-selection-test"):
        entity = dataset().entities[entity_id]
        assert set(entity.towns) == {"yunqi", "yungu"}, entity.towns


def test_shangcheng_tiangong_tripod_is_dated_by_the_article_and_says_so() -> None:
    ev = event("qiantang", "qiantang-2023-tiangong-tripod")
    assert (ev.date.year, ev.date.precision, ev.category, ev.source) == (
        2023,
        "year",
        "recognition",
        "a003-qiantang",
    )
    assert "zhejiang-tiangong-tripod" in ev.entities
    assert ev.note and "没有给出" in ev.note and ev.note_en and "no date" in ev.note_en


@pytest.mark.parametrize(
    ("entity_id", "words"),
    [
        ("binjiang-magnetic-ecosystem", "磁产业赛道"),  # 开辟全新的磁产业赛道
        ("wang-xingxing", "“滨江智造”"),  # 推动“滨江智造”出海
        ("yang-gongtiefan", "“填补国产AI芯片空白”"),  # 以…为使命
    ],
)
def test_roles_carry_what_the_article_says_of_them(entity_id: str, words: str) -> None:
    role = dataset().entities[entity_id].role
    assert role and words in role, role


def test_the_2015_results_say_which_fields_the_firms_cover() -> None:
    ev = event("yunqi", "yunqi-2015-first-year-results")
    assert ev.summary and ev.summary_en
    for field in ("云计算", "大数据", "互联网金融", "移动互联网"):
        assert field in ev.summary
    assert "internet finance" in ev.summary_en
