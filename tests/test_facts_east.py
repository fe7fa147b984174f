"""Pinned facts for 钱塘智慧城, 杭州高新区（滨江） and 紫金港科技城（云谷）.

Each assertion is a figure or date a reader of the source article can check by eye; if
one fails, the bundled data no longer says what the article says.
"""

from __future__ import annotations

import pytest

from tests.helpers.bundled import dataset, event, town
from towntui.core.model import Metric
from towntui.core.resolve import resolve_town


def metric(town_id: str, label: str) -> Metric:
    """The one metric of a town with this label."""
    hits = [m for m in town(town_id).metrics if m.label == label]
    assert len(hits) == 1, f"{town_id}: expected one metric labelled {label!r}, got {len(hits)}"
    return hits[0]


# ---------------------------------------------------------------- 钱塘智慧城 (a003, 2023)


def test_qiantang_chengbei_park_is_0_615_square_kilometres() -> None:
    m = metric("qiantang", "城北园区面积")
    assert (m.value, m.unit, m.source) == (0.615, "平方公里", "a003-qiantang")
    assert m.key is None, "the enclave's area must not line up as the whole park's area"


def test_qiantang_2022_industrial_and_digital_value_added() -> None:
    ind = metric("qiantang", "规上工业（制造业）增加值")
    assert (ind.key, ind.value, ind.unit, ind.year) == (
        "industrial_added_value",
        68.41,
        "亿元",
        2022,
    )
    dig = metric("qiantang", "数字经济增加值")
    assert (dig.key, dig.value, dig.unit, dig.year) == (
        "digital_economy_added_value",
        62.9,
        "亿元",
        2022,
    )
    assert metric("qiantang", "数字经济增加值同比增长").value == 41.8


def test_qiantang_listed_companies_whole_park_and_enclave_kept_apart() -> None:
    whole = metric("qiantang", "上市企业")
    assert (whole.key, whole.value, whole.unit, whole.year) == ("listed_companies", 12, "家", 2023)
    enclave = metric("qiantang", "城北园区上市企业")
    assert (enclave.value, enclave.key) == (7, None)


def test_qiantang_tax_per_mu_over_120_with_no_single_year() -> None:
    m = metric("qiantang", "城北园区近3年亩均税收")
    assert (m.value, m.unit, m.qualifier, m.year) == (120, "万元/亩", "超", None)


def test_qiantang_foreign_capital_january_to_may_2023() -> None:
    m = metric("qiantang", "1—5月外资到位")
    assert (m.value, m.unit, m.qualifier, m.year) == (1.5, "亿美元", "超", 2023)


def test_qiantang_timeline_from_1993_founding_to_2023_listing() -> None:
    founding = event("qiantang", "qiantang-1993-chengbei-founded")
    assert (str(founding.date), founding.category) == ("1993", "founding")
    ipo = event("qiantang", "qiantang-2023-06-shuangyuan-ipo")
    assert str(ipo.date) == "2023-06"
    assert "shuangyuan-technology" in ipo.entities
    groundbreaking = event("qiantang", "qiantang-2023-project-001")
    assert (str(groundbreaking.date), groundbreaking.category) == ("2023", "construction")
    assert groundbreaking.note_en is not None and "近日" in groundbreaking.note_en


def test_qiantang_company_has_english_name_and_short_alias() -> None:
    ent = dataset().entities["shuangyuan-technology"]
    assert ent.name == "浙江双元科技股份有限公司"
    assert "双元科技" in ent.aliases
    assert ent.town == "qiantang"


# ---------------------------------------------------------------- 滨江 (a004, 2025)


def test_binjiang_7543_companies_moved_in_during_2024() -> None:
    m = metric("binjiang", "迁入企业")
    assert (m.value, m.unit, m.year, m.qualifier) == (7543, "家", 2024, None)
    big = metric("binjiang", "注册资本超500万元的迁入企业")
    assert (big.value, big.year) == (1682, 2024)


def test_binjiang_area_share_recorded_both_ways() -> None:
    pct = metric("binjiang", "面积占全省比重")
    assert (pct.value, pct.unit, pct.qualifier, pct.year) == (1, "%", "不到", 2024)
    permille = metric("binjiang", "土地面积占全省比重")
    assert (permille.value, permille.unit, permille.qualifier) == (1, "‰", "不足")
    # each note points at the other wording
    assert pct.note_en is not None and "千分之一" in pct.note_en
    assert permille.note_en is not None and "1%" in permille.note_en
    gdp = metric("binjiang", "经济体量（地区生产总值）占全省比重")
    assert (gdp.value, gdp.unit, gdp.year) == (3.2, "%", 2024)


def test_binjiang_talent_pool_over_48_wan() -> None:
    m = metric("binjiang", "人才总量")
    assert (m.key, m.value, m.unit, m.qualifier) == ("talents", 48, "万人", "超")


def test_binjiang_gazelle_policy_figures() -> None:
    assert metric("binjiang", "累计认定瞪羚企业").value == 2448
    paid = metric("binjiang", "累计兑现瞪羚企业专项扶持资金")
    assert (paid.value, paid.unit) == (15.96, "亿元")
    assert str(event("binjiang", "binjiang-2014-gazelle-policy").date) == "2014"


def test_binjiang_timeline_2003_vision_to_may_2025() -> None:
    vision = event("binjiang", "binjiang-2003-silicon-valley-paradise")
    assert (str(vision.date), vision.category) == ("2003", "planning")
    haizhi = event("binjiang", "binjiang-2025-05-haizhi")
    assert str(haizhi.date) == "2025-05"
    assert haizhi.note_en is not None and "今年5月" in haizhi.note_en


def test_binjiang_known_companies_carry_established_english_names() -> None:
    ents = dataset().entities
    assert ents["unitree-robotics"].name_en == "Unitree Robotics"
    assert ents["leapmotor"].name_en == "Leapmotor"
    assert ents["hikvision"].name_en == "Hikvision"


# ---------------------------------------------------------------- 云谷 (a001, 2025)


@pytest.mark.parametrize("typed", ["云谷", "紫金港科技城", "yungu", "Yungu"])
def test_yungu_found_by_its_short_names(typed: str) -> None:
    assert resolve_town(dataset(), typed).id == "yungu"


def test_yungu_industries_and_group_link() -> None:
    t = town("yungu")
    assert t.industries == ("数字经济", "智能制造", "生命健康")
    assert t.summary and t.summary_en
    corridor = event("yungu", "yungu-2025-industrial-corridor")
    assert corridor.source == "a001-yunchuang"
    assert "xihu-yunchuang" in corridor.entities
    assert "yunqi" in corridor.towns


def test_yungu_universities_are_shared_entities() -> None:
    ents = dataset().entities
    assert ents["westlake-university"].name_en == "Westlake University"
    assert ents["zhejiang-university"].name_en == "Zhejiang University"


@pytest.mark.parametrize("typed", ["杭州云谷", "云谷片区"])
def test_yungu_found_by_its_longer_aliases(typed: str) -> None:
    assert resolve_town(dataset(), typed).id == "yungu"


def test_yungu_group_wide_figures_are_flagged_and_not_compared() -> None:
    leaders = metric("yungu", "西湖云创园区入驻领军企业（集团整体）")
    assert (leaders.value, leaders.unit, leaders.qualifier, leaders.year) == (230, "家", None, None)
    space = metric("yungu", "产业空间释放计划（集团整体）")
    assert (space.value, space.unit, space.qualifier) == (160, "万平方米", "多")
    for m in (leaders, space):
        assert m.source == "a001-yunchuang"
        assert m.note_en is not None and "Group-wide" in m.note_en and "云栖" in m.note_en
    # the same group figures are also under 云栖: no key, so compare never counts them twice
    assert all(m.key is None for m in town("yungu").metrics)


def test_yungu_note_names_the_article_the_hangzhou_yungu_alias_comes_from() -> None:
    note = town("yungu").note_en
    assert note is not None and "a002-yunqi-case" in note
    assert "杭州云谷" in note
    # the 2014 layout that names 杭州云谷 involves 云谷
    layout = event("yunqi", "yunqi-2014-xihu-layout")
    assert "yungu" in layout.towns


def test_yungu_two_management_committees_and_shared_universities() -> None:
    ents = dataset().entities
    committees = ents["yungu-yunqi-committees"]
    assert (committees.kind, committees.town) == ("institution", "yungu")
    assert "yunqi" in committees.towns
    westlake = ents["westlake-university"]
    assert "yunqi" in westlake.towns
    assert {"a000-yunqi", "a001-yunchuang", "a002-yunqi-case"} <= set(westlake.sources)


def test_binjiang_years_since_the_vision_and_of_development() -> None:
    vision = metric("binjiang", "“硅谷天堂”愿景提出以来年数")
    assert (vision.value, vision.unit, vision.year) == (22, "年", 2025)
    grown = metric("binjiang", "高新区（滨江）发展年数")
    assert (grown.value, grown.unit, grown.qualifier, grown.year) == (30, "年", "多", None)


def test_binjiang_rankings_kept_in_the_2024_event_with_a_note() -> None:
    ev = event("binjiang", "binjiang-2024-province-rankings")
    assert ev.summary is not None and "杭州第一" in ev.summary
    assert ev.note_en is not None and "rank" in ev.note_en
    layout = dataset().entities["binjiang-one-park-three-valleys-five-towns"]
    assert layout.note_en is not None and "missing" in layout.note_en


def test_qiantang_roads_of_the_chengbei_plan() -> None:
    ents = dataset().entities
    assert ents["moganshan-road"].town == "qiantang"
    assert "祥园西路" in ents["xianghong-road"].aliases
    assert ents["xitang-road"].kind == "place"


# ---------------------------------------------------------------- issue 15: corrections


def test_binjiang_gazelle_policy_is_not_said_to_start_in_2014() -> None:
    # a004: 2014年以来区级瞪羚企业扶持政策历经四轮迭代完善 — four rounds since 2014, no launch
    ev = event("binjiang", "binjiang-2014-gazelle-policy")
    assert "启动" not in ev.title and "出台" not in ev.title
    assert ev.title_en is not None and "begin" not in ev.title_en.lower()
    assert ev.note_en is not None and "四轮" in ev.note_en
    policy = dataset().entities["binjiang-gazelle-policy"]
    assert policy.role is not None and "起实施" not in policy.role
    assert policy.role_en is not None and "in force since" not in policy.role_en.lower()
    recognitions = metric("binjiang", "累计认定瞪羚企业")
    assert recognitions.note_en is not None and "began in 2014" not in recognitions.note_en


#: How the data records the ambiguous 创历史新高, word for word, wherever it comes up.
RECORD_HIGH_DOUBT = (
    "创历史新高 ends the sentence that gives both 7543家 and 1682家; "
    "the article does not make clear which of the two figures (or both) is the record."
)


def test_binjiang_record_high_is_given_to_neither_figure() -> None:
    # a004: 2024年，7543家企业迁入高新区（滨江），注册资本超500万元的企业达1682家，创历史新高
    ev = event("binjiang", "binjiang-2024-companies-move-in")
    assert "创历史新高" not in ev.title
    assert ev.title_en is not None and "record" not in ev.title_en.lower()
    assert ev.summary is not None and "历年最多" not in ev.summary
    notes = [
        ev.note_en,
        metric("binjiang", "迁入企业").note_en,
        metric("binjiang", "注册资本超500万元的迁入企业").note_en,
    ]
    for note in notes:
        assert note is not None and RECORD_HIGH_DOUBT in note


def test_binjiang_area_shares_are_not_called_a_contradiction() -> None:
    # 不到全省1%的面积 and 不足千分之一的土地面积 agree: under 0.1% is also under 1%
    notes = {
        "面积占全省比重": metric("binjiang", "面积占全省比重").note_en,
        "土地面积占全省比重": metric("binjiang", "土地面积占全省比重").note_en,
        "2024 rankings event": event("binjiang", "binjiang-2024-province-rankings").note_en,
        "town": town("binjiang").note_en,
        "source": dataset().sources["a004-binjiang"].note_en,
    }
    for where, note in notes.items():
        assert note is None or "contradict" not in note.lower(), where
    for label in ("面积占全省比重", "土地面积占全省比重"):
        note = metric("binjiang", label).note_en
        assert note is not None and "also under 1%" in note, label


def test_yang_gongtiefan_is_85hou_not_born_after_1985() -> None:
    # a004: “85后”董事长杨龚铁凡: born 1985-1989
    ent = dataset().entities["yang-gongtiefan"]
    assert ent.role_en is not None and "after 1985" not in ent.role_en
    assert "1985" in ent.role_en and "1989" in ent.role_en


def test_tiangong_tripod_retained_not_twice_running() -> None:
    # a004: 蝉联“浙江制造天工鼎” (retained); the article does not count the wins
    ent = dataset().entities["zhejiang-tiangong-tripod"]
    assert ent.role_en is not None and "twice" not in ent.role_en and "retain" in ent.role_en


def test_hangzhou_data_exchange_not_placed_in_china_data_valley() -> None:
    ent = dataset().entities["hangzhou-data-exchange"]
    assert ent.role is not None and "中国数谷" not in ent.role
    assert ent.role_en is not None and "Data Valley" not in ent.role_en


def test_qiantang_service_list_is_a_plan() -> None:
    # a003: “今年我们将围绕 … 5个方面，制定企业服务内容清单 …” — said as a plan
    ev = event("qiantang", "qiantang-2023-service-list")
    assert "计划" in ev.title
    assert ev.summary is not None and "将" in ev.summary
    assert ev.title_en is not None and "plan" in ev.title_en.lower()


def test_qiantang_and_yungu_summaries_state_no_composition_or_location_unsaid() -> None:
    # a003 names 城北园区 and 九堡园区 but never says the park is made of them;
    # a001 does not say where the group's bases with 西湖大学 and 浙江大学 are
    qiantang = town("qiantang")
    assert "组成" not in qiantang.summary and "plus the Jiubao" not in qiantang.summary_en
    yungu = town("yungu")
    assert "西湖大学" not in yungu.summary and "Westlake" not in yungu.summary_en


def test_ultra_weak_magnetic_facility_not_called_the_valleys_core() -> None:
    ent = dataset().entities["ultra-weak-magnetic-facility"]
    assert ent.role is not None and "核心" not in ent.role
    assert ent.role_en is not None and "core" not in ent.role_en
