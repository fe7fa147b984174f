"""Pinned facts for 玉皇山南基金小镇, 艺创小镇 and 云栖小镇.

Each assertion is a figure, date or name a reader of the source article can check by eye
(seed 000 for all three towns, 001 for the 西湖云创 parts of 云栖, 002 for the 2016 case
study). If one fails, the bundled data no longer says what the article says.
"""

from __future__ import annotations

import pytest

from tests.helpers.bundled import dataset, event, town
from towntui.core.compare import compare
from towntui.core.model import Metric
from towntui.core.resolve import resolve_town
from towntui.core.timeline import timeline


def metric(town_id: str, label: str, year: int | None = None) -> Metric:
    """The one metric of a town with this label (and year, when labels repeat)."""
    hits = [m for m in town(town_id).metrics if m.label == label and m.year == year]
    assert len(hits) == 1, (
        f"{town_id}: expected one metric labelled {label!r} for {year}, got {len(hits)}"
    )
    return hits[0]


def test_west_towns_load_without_problems() -> None:
    ds = dataset()
    mine = ("yuhuangshan.toml", "yichuang.toml", "yunqi.toml")
    problems = [str(p) for p in ds.problems if p.path.endswith(mine)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- 玉皇山南基金小镇 (a000, 2025)


def test_yuhuangshan_manages_1_5_trillion_yuan() -> None:
    m = metric("yuhuangshan", "管理规模", 2025)
    assert (m.key, m.value, m.unit, m.qualifier, m.source) == (
        "assets_under_management",
        1.5,
        "万亿元",
        "达",
        "a000-yuhuang",
    )
    assert m.note_en is not None and "截至目前" in m.note_en


def test_yuhuangshan_cumulative_figures_keep_their_qualifiers() -> None:
    tax = metric("yuhuangshan", "累计税收", 2025)
    assert (tax.key, tax.value, tax.unit, tax.qualifier) == ("cumulative_tax", 200, "亿元", "突破")
    invested = metric("yuhuangshan", "累计投资实体经济企业", 2025)
    assert (invested.value, invested.unit, invested.qualifier) == (1.85, "万家", "超")
    backed = metric("yuhuangshan", "赋能新质生产力企业", 2025)
    assert (backed.value, backed.unit, backed.qualifier) == (1.24, "万家", "超")
    share = metric("yuhuangshan", "新质生产力企业占投资企业比重", 2025)
    assert (share.value, share.unit) == (66.96, "%")
    talents = metric("yuhuangshan", "各类高层次金融人才", 2025)
    assert (talents.key, talents.value, talents.unit, talents.qualifier) == (
        "talents",
        3000,
        "人",
        "近",
    )


def test_yuhuangshan_touronghui_counts_since_july_2023() -> None:
    assert metric("yuhuangshan", "“山南投融汇”对接项目路演", 2025).value == 576
    assert metric("yuhuangshan", "“山南投融汇”促成获得融资的项目", 2025).value == 104
    money = metric("yuhuangshan", "“山南投融汇”促成融资额", 2025)
    assert (money.key, money.value, money.unit, money.qualifier) == ("financing", 47, "亿元", "超")
    assert str(event("yuhuangshan", "yuhuangshan-2023-07-touronghui").date) == "2023-07"


def test_yuhuangshan_story_from_two_birds_to_unveiling() -> None:
    dates = {
        "yuhuangshan-2004-12-two-birds": ("2004-12", "planning"),
        "yuhuangshan-2006-03-zhijiang-xinyu": ("2006-03", "planning"),
        "yuhuangshan-2007-renovation": ("2007", "renovation"),
        "yuhuangshan-2014-registration-reform": ("2014", "planning"),
        "yuhuangshan-2015-unveiled": ("2015", "founding"),
    }
    for event_id, (date, category) in dates.items():
        ev = event("yuhuangshan", event_id)
        assert (str(ev.date), ev.category, ev.source) == (date, category, "a000-yuhuang")
    assert "two-birds-theory" in event("yuhuangshan", "yuhuangshan-2004-12-two-birds").entities
    assert town("yuhuangshan").founded == 2015


def test_yuhuangshan_anfeng_fund_links_to_qiantang() -> None:
    anfeng = dataset().entities["anfeng-venture"]
    assert anfeng.town == "yuhuangshan"
    assert "qiantang" in anfeng.towns


# ---------------------------------------------------------------- 艺创小镇 (a000, 2025)


def test_yichuang_firms_and_revenue_without_a_year() -> None:
    firms = metric("yichuang", "集聚文创企业")
    assert (firms.key, firms.value, firms.unit, firms.qualifier) == (
        "enterprises",
        3000,
        "家",
        "余",
    )
    revenue = metric("yichuang", "年营收总额")
    assert (revenue.key, revenue.value, revenue.unit, revenue.qualifier) == (
        "revenue",
        100,
        "亿元",
        "超",
    )
    assert revenue.note_en is not None and "百亿元" in revenue.note_en


def test_yichuang_cement_plant_2007_and_black_myth_2024() -> None:
    plant = event("yichuang", "yichuang-2007-cement-plant")
    assert (str(plant.date), plant.category) == ("2007", "renovation")
    # the article dates the search for a new use, not the closure: the note must say so
    assert plant.note_en is not None and "not given" in plant.note_en
    wukong = event("yichuang", "yichuang-2024-08-black-myth")
    assert str(wukong.date) == "2024-08"
    assert wukong.note_en is not None and "去年8月" in wukong.note_en
    ents = dataset().entities
    assert ents["game-science"].name_en == "Game Science"
    assert ents["black-myth-wukong"].kind == "work"


def test_yichuang_repeated_paragraphs_recorded() -> None:
    note = town("yichuang").note_en
    assert note is not None and "printed a second time" in note


# ---------------------------------------------------------------- 云栖小镇 (a000, a001, a002)


def test_yunqi_fiscal_revenue_1_5_in_2013_to_7_67_in_2019() -> None:
    before = metric("yunqi", "财政总收入", 2013)
    after = metric("yunqi", "财政总收入", 2019)
    for m in (before, after):
        assert (m.key, m.unit, m.source) == ("fiscal_revenue", "亿元", "a000-yunqi")
    assert (before.value, after.value) == (1.5, 7.67)
    case = metric("yunqi", "财政总收入", 2015)
    assert (case.value, case.source) == (2.1, "a002-yunqi-case")


def test_yunqi_2019_cluster_and_talent_counts() -> None:
    assert metric("yunqi", "集聚企业", 2019).value == 1575
    area = metric("yunqi", "小镇面积", 2019)
    assert (area.key, area.value, area.unit) == ("area", 3, "平方公里")
    academicians = metric("yunqi", "引进院士", 2025)
    assert (academicians.key, academicians.value, academicians.unit) == ("academicians", 27, "人")
    talents = metric("yunqi", "核心产业人才", 2025)
    assert (talents.key, talents.value, talents.unit) == ("talents", 1.5, "万人")
    t = town("yunqi")
    assert t.area is not None and (t.area.value, t.area.unit) == (3.5, "平方公里")


def test_yunqi_garbled_conference_figure_is_flagged() -> None:
    m = metric("yunqi", "2025云栖大会科技精英", 2025)
    assert m.value == 50
    assert m.note_en is not None and "Garbled" in m.note_en
    visitors = metric("yunqi", "2025云栖大会观众", 2025)
    assert (visitors.value, visitors.unit, visitors.qualifier) == (12, "万人", "超")


@pytest.mark.parametrize(
    ("event_id", "date", "source"),
    [
        ("yunqi-2011-10-cloud-park", "2011-10", "a002-yunqi-case"),
        ("yunqi-2015-04-17-thousand-talents-visit", "2015-04-17", "a002-yunqi-case"),
        ("yunqi-2015-06-25-westlake-agreement", "2015-06-25", "a002-yunqi-case"),
        ("yunqi-2016-07-national-notice", "2016-07", "a002-yunqi-case"),
        ("yunqi-2016-10-first-national-batch", "2016-10", "a002-yunqi-case"),
        ("yunqi-2019-two-point-zero-plan", "2019", "a000-yunqi"),
        ("yunqi-2023-oman-satellite", "2023", "a000-yunqi"),
        ("yunqi-2023-05-cast-centre-start", "2023-05", "a001-yunchuang"),
        ("yunqi-2025-10-cast-centre-completed", "2025-10", "a001-yunchuang"),
        ("yunqi-2025-apsara-conference", "2025", "a000-yunqi"),
    ],
)
def test_yunqi_dated_steps(event_id: str, date: str, source: str) -> None:
    ev = event("yunqi", event_id)
    assert (str(ev.date), ev.source) == (date, source)


def test_yunqi_westlake_agreement_names_the_university() -> None:
    ev = event("yunqi", "yunqi-2015-06-25-westlake-agreement")
    assert "westlake-university" in ev.entities
    assert dataset().entities["westlake-university"].name_en == "Westlake University"


def test_xihu_yunchuang_runs_both_yunqi_and_yungu() -> None:
    group = dataset().entities["xihu-yunchuang"]
    assert (group.kind, group.town) == ("company", "yunqi")
    assert "yungu" in group.towns


def test_group_wide_figures_say_so() -> None:
    for label in ("西湖云创园区入驻领军企业（集团整体）", "产业空间释放计划（集团整体）"):
        m = metric("yunqi", label)
        assert m.source == "a001-yunchuang"
        assert m.note_en is not None and "Group-wide" in m.note_en


def test_surname_doubt_kept_searchable_both_ways() -> None:
    person = dataset().entities["guan-haihua"]
    assert person.name == "管海华"
    assert "詹海华" in person.aliases
    assert person.note_en is not None and "詹海华" in person.note_en


def test_misplaced_fund_town_passage_not_attributed_to_yunqi() -> None:
    yunqi = town("yunqi")
    assert yunqi.note_en is not None and "misplaced" in yunqi.note_en
    assert not [e for e in yunqi.events if "基金小镇" in e.title]
    assert not [m for m in yunqi.metrics if m.year == 2015 and m.source == "a000-yunqi"]


# ---------------------------------------------------------------- across the three towns


@pytest.mark.parametrize(
    ("typed", "town_id"),
    [("云栖", "yunqi"), ("Yunqi Town", "yunqi"), ("基金小镇", "yuhuangshan"), ("艺创", "yichuang")],
)
def test_west_towns_found_by_short_names(typed: str, town_id: str) -> None:
    assert resolve_town(dataset(), typed).id == town_id


def test_timeline_2007_to_2025_starts_with_2007_and_holds_the_2025_conference() -> None:
    tl = timeline(dataset(), year_from=2007, year_to=2025)
    first_year = [e for e in tl.events if e.date.year == tl.events[0].date.year]
    assert tl.events[0].date.year == 2007
    assert {e.id for e in first_year} >= {
        "yuhuangshan-2007-renovation",
        "yichuang-2007-cement-plant",
    }
    last_year = {e.id for e in tl.events if e.date.year == 2025}
    assert "yunqi-2025-apsara-conference" in last_year
    assert tl.events[-1].date.year == 2025


def test_compare_lines_up_latest_yunqi_revenue_and_fund_town_aum() -> None:
    table = compare(dataset(), ["yunqi", "yuhuangshan"])
    rows = {r.metric.key: r for r in table.rows}
    fiscal = rows["fiscal_revenue"].cells[0]
    assert fiscal is not None and (fiscal.value, fiscal.year) == (7.67, 2019)
    aum = rows["assets_under_management"].cells[1]
    assert aum is not None and aum.value == 15000  # 1.5 万亿元 in the registry's 亿元
    assert rows["assets_under_management"].cells[0] is None


# ---------------------------------------------------------------- added in the audit


def test_yichuang_incubator_admits_a_team_of_two() -> None:
    m = metric("yichuang", "大学生创业孵化器入驻团队最少人数")
    assert (m.value, m.unit, m.year, m.key) == (2, "人", None, None)
    assert m.note_en is not None and "两人团队" in m.note_en


def test_yichuang_recent_hits_and_the_cement_works() -> None:
    hits = event("yichuang", "yichuang-2025-recent-hits")
    assert (str(hits.date), hits.category) == ("2025", "culture")
    assert {"nobody-langlangshan", "summer-fendela"} <= set(hits.entities)
    assert hits.note_en is not None and "近期热播" in hits.note_en
    plant = event("yichuang", "yichuang-2007-cement-plant")
    assert "yichuang-cement-plant" in plant.entities
    assert dataset().entities["yichuang-cement-plant"].kind == "place"


def test_yichuang_truncated_article_recorded() -> None:
    note = town("yichuang").note_en
    assert note is not None and "问题一" in note
    source = dataset().sources["a000-yichuang"]
    assert source.note_en is not None and "问题一" in source.note_en


def test_yuhuangshan_ten_years_and_undated_phase_three() -> None:
    years = metric("yuhuangshan", "小镇发展年数", 2025)
    assert (years.value, years.unit) == (10, "年")
    ents = dataset().entities
    phase3 = ents["yuhuangshan-phase-three"]
    assert phase3.note_en is not None and "no date" in phase3.note_en
    assert ents["regional-equity-market-pilot"].kind == "policy"
    assert ents["zhejiang-strong-finance-strategy"].town == "yuhuangshan"


def test_yunqi_2015_visit_names_the_inspected_sites() -> None:
    visit = event("yunqi", "yunqi-2015-04-17-thousand-talents-visit")
    assert "yunqi-university-sites" in visit.entities
    sites = dataset().entities["yunqi-university-sites"]
    assert "云栖大学" in sites.aliases
    pilot = dataset().entities["cloud-pilot-cities"]
    assert pilot.sources == ("a002-yunqi-case",)


def test_alibaba_is_named_by_the_yunqi_case_study_too() -> None:
    alibaba = dataset().entities["alibaba"]
    assert alibaba.name_en == "Alibaba Group"
    assert "a002-yunqi-case" in alibaba.sources
    assert "yunqi" in alibaba.towns
    assert dataset().entities["alibaba-cloud"].name_en == "Alibaba Cloud"


def test_group_wide_figures_are_recorded_under_both_areas() -> None:
    for label in ("西湖云创园区入驻领军企业（集团整体）", "产业空间释放计划（集团整体）"):
        in_yunqi = metric("yunqi", label)
        in_yungu = [m for m in town("yungu").metrics if m.label == label]
        assert len(in_yungu) == 1
        assert (in_yunqi.value, in_yunqi.unit) == (in_yungu[0].value, in_yungu[0].unit)
        assert in_yunqi.key is None and in_yungu[0].key is None
        assert in_yunqi.note_en is not None and "云谷" in in_yunqi.note_en


# ---------------------------------------------------------------- issue 15: corrections


def test_yuhuangshan_summary_places_the_town_only_as_the_article_does() -> None:
    # a000: 沿着杭州市玉皇山路蜿蜒深入，掠过八卦田的静谧与慈云岭的葱茏 … 是玉皇山南基金小镇:
    # one passes 八卦田 and 慈云岭 along 玉皇山路; no side of the road, nothing "between"
    t = town("yuhuangshan")
    for claim in ("南侧", "之间"):
        assert claim not in t.summary, claim
    for claim in ("south of Yuhuangshan Road", "between"):
        assert claim not in t.summary_en, claim
    assert "玉皇山路" in t.summary and "八卦田" in t.summary and "慈云岭" in t.summary


def test_surname_doubt_counts_each_spelling_as_printed() -> None:
    # seed 001 prints 管海华 once (with the post) and 詹海华 twice (詹海华介绍, 詹海华笑着说)
    note = dataset().entities["guan-haihua"].note_en
    assert note is not None
    assert "管海华 once" in note and "詹海华 twice" in note
    assert "three times" not in note


def test_yunqi_cloud_park_is_zhejiangs_first_not_chinas() -> None:
    # a002: 浙江省首个云计算产业园杭州云计算产业园 … 成为云计算产业第一个专业性园区
    ev = event("yunqi", "yunqi-2011-10-cloud-park")
    assert ev.summary is not None and "国内" not in ev.summary and "浙江省" in ev.summary
    assert ev.note_en is not None and "第一个专业性园区" in ev.note_en


def test_yuhuangshan_second_clearing_counts_14_jia() -> None:
    # a000: 已落地仪衡传感、本原智能等14家以人工智能为主要方向的科创项目
    ev = event("yuhuangshan", "yuhuangshan-2025-second-clearing")
    assert ev.summary is not None and "14家" in ev.summary and "14个" not in ev.summary


def test_yuhuangshan_share_note_does_not_derive_66_96_from_the_rounded_counts() -> None:
    # 1.24 / 1.85 = 67.03 %, not 66.96 %: the exact counts behind 超1.85万 / 超1.24万 are unknown
    note = metric("yuhuangshan", "新质生产力企业占投资企业比重", 2025).note_en
    assert note is not None and "1.24万 of 1.85万 firms" not in note
    assert "67.03" in note and "not given" in note


def test_yunqi_cast_centre_completion_keeps_to_its_source() -> None:
    # 全国三大重点区域战略布局之一 is in a000-yunqi, not in a001-yunchuang, which the event cites
    ev = event("yunqi", "yunqi-2025-10-cast-centre-completed")
    assert ev.source == "a001-yunchuang"
    assert ev.summary is not None and "三大" not in ev.summary


def test_yuhuangshan_touronghui_event_claims_no_start() -> None:
    # a000 counts 自2023年7月至今; it does not say the platform started then
    ev = event("yuhuangshan", "yuhuangshan-2023-07-touronghui")
    assert "开始" not in ev.title and "启动" not in ev.title
    assert ev.title_en is not None and "start" not in ev.title_en.lower()


def test_yunqi_developer_conference_date_checked_against_12_years_running() -> None:
    # a000 (2025): 12年前 … 阿里云开发者大会（云栖大会前身）; a001 (2025): 连续12年举办的云栖大会
    ev = event("yunqi", "yunqi-2013-aliyun-developer-conference")
    assert str(ev.date) == "2013"
    assert ev.note_en is not None and "连续12年" in ev.note_en and "2014" in ev.note_en
    years = metric("yunqi", "云栖大会连续举办年数", 2025)
    assert years.note_en is not None and "2013" in years.note_en


def test_wandering_earth_2_is_listed_as_the_article_lists_it() -> None:
    # a000: 以及众多国产动漫经典《长安三万里》《白蛇》《流浪地球2》
    role = dataset().entities["wandering-earth-2"].role
    assert role is not None and "国产动漫经典" in role and "国产电影" not in role


def test_yunqi_summary_and_cloud_firms_say_no_more_than_the_articles() -> None:
    # a002: 位于西湖之南 (south of West Lake), not 西湖区南部;
    # a000 credits 飞天5K without saying whose
    t = town("yunqi")
    assert "西湖区南部" not in t.summary and "south of Xihu District" not in t.summary_en
    for ent_id in ("zcygov", "xinhua-zhiyun"):
        role = dataset().entities[ent_id].role
        assert role is not None and "阿里云" not in role, ent_id


def test_yunqi_lost_text_in_seed_000_recorded() -> None:
    # seed 000: 它的使用投入，为云栖小镇打造省级 + the fund-town passage; the sentence never
    # ends, and the next Yunqi paragraph's 其后，凭借“飞天5K” refers back to the lost text
    source_note = dataset().sources["a000-yunqi"].note_en
    town_note = town("yunqi").note_en
    for note in (source_note, town_note):
        assert note is not None and "为云栖小镇打造省级" in note and "其后" in note
    results = event("yunqi", "yunqi-2019-results")
    assert results.note_en is not None and "其后" in results.note_en


@pytest.mark.parametrize(
    ("record", "field", "claim"),
    [
        # a002: 成为其中最具有代表性的特色小镇之一 (one of), not the most representative
        ("yunqi-2016-10-first-national-batch", "summary", "其中最具代表性的一个"),
        # a002 tells the partnership with 阿里巴巴 after the 2014 decision, undated
        ("yunqi-2014-xihu-layout", "summary", "同时与阿里巴巴"),
        # a000 does not say whose 飞天5K is (see the entity's note)
        ("apsara-5k", "role", "阿里云"),
        # a001: 今年底 … 即将投用, a plan
        ("robot-test-centre-zhejiang", "role", "年底投用的人形机器人检测认证中心"),
        # a000 lists 基金小镇法庭 among one-stop platforms and says no more
        ("fund-town-court", "role", "纠纷"),
        # a000: 十多年来，象山青翠未改 — a hill in the description, not "beside the town"
        ("xiangshan-hill", "role", "小镇旁"),
        # a000: 开业已一月有余 … 还是排起等待开门的队伍 — once, not "常排长队"
        ("blackmyth-store", "role", "常排长队"),
    ],
)
def test_reread_west_claims_no_more_than_the_article(record: str, field: str, claim: str) -> None:
    ds = dataset()
    found = ds.entities.get(record)
    if found is None:
        found = next(e for t in ds.towns for e in t.events if e.id == record)
    text = getattr(found, field)
    assert text is not None and claim not in text


def test_yichuang_summary_places_the_town_only_as_the_article_does() -> None:
    # a000: 象山青翠未改，铜鉴湖清波荡漾，凤凰山下的旧水泥厂骨架 — the plant is below 凤凰山;
    # 象山 and 铜鉴湖 are in the scene, not placed beside the town
    t = town("yichuang")
    assert "铜鉴湖旁" not in t.summary and "near Xiangshan" not in t.summary_en
