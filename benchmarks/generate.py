"""Generate a synthetic data folder for benchmarks and scale tests.

    python benchmarks/generate.py OUT --towns 1000 --entities 100 --metrics 30 --events 40

writes ``OUT/metrics.toml`` (a registry of ``syn_*`` metrics), ``OUT/sources.toml`` and
``OUT/towns/syn-NNNN.toml``, in the format of ``data/README.md``: the folder passes
``towntui validate OUT``. Names are built from lists of common characters and syllables,
so they look like real company, institution and person names (with polyphonic
characters such as 长, 重, 行, 乐 and 栖), with English names, aliases and tags. The output
is deterministic for a given ``--seed``. All ids start with ``syn`` so the folder can be
loaded beside the bundled data without clashes.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

# (character, pinyin) pairs for place-like and brand-like names; several are polyphonic.
SYLLABLES: tuple[tuple[str, str], ...] = (
    ("云", "yun"),
    ("栖", "qi"),
    ("西", "xi"),
    ("湖", "hu"),
    ("钱", "qian"),
    ("塘", "tang"),
    ("滨", "bin"),
    ("江", "jiang"),
    ("余", "yu"),
    ("杭", "hang"),
    ("良", "liang"),
    ("渚", "zhu"),
    ("梦", "meng"),
    ("想", "xiang"),
    ("紫", "zi"),
    ("金", "jin"),
    ("港", "gang"),
    ("之", "zhi"),
    ("山", "shan"),
    ("南", "nan"),
    ("北", "bei"),
    ("东", "dong"),
    ("青", "qing"),
    ("桐", "tong"),
    ("富", "fu"),
    ("春", "chun"),
    ("临", "lin"),
    ("安", "an"),
    ("建", "jian"),
    ("德", "de"),
    ("淳", "chun"),
    ("千", "qian"),
    ("岛", "dao"),
    ("龙", "long"),
    ("凤", "feng"),
    ("华", "hua"),
    ("新", "xin"),
    ("天", "tian"),
    ("长", "chang"),
    ("重", "zhong"),
    ("行", "xing"),
    ("乐", "le"),
    ("和", "he"),
    ("星", "xing"),
    ("光", "guang"),
    ("明", "ming"),
    ("智", "zhi"),
    ("慧", "hui"),
    ("创", "chuang"),
    ("源", "yuan"),
    ("海", "hai"),
    ("宁", "ning"),
    ("瑞", "rui"),
    ("丰", "feng"),
    ("泰", "tai"),
    ("盛", "sheng"),
    ("达", "da"),
    ("信", "xin"),
    ("博", "bo"),
    ("远", "yuan"),
    ("航", "hang"),
    ("恒", "heng"),
    ("锦", "jin"),
    ("绣", "xiu"),
    ("桥", "qiao"),
    ("溪", "xi"),
    ("谷", "gu"),
    ("峰", "feng"),
    ("林", "lin"),
    ("竹", "zhu"),
    ("茶", "cha"),
    ("梅", "mei"),
    ("兰", "lan"),
    ("玉", "yu"),
    ("皇", "huang"),
    ("艺", "yi"),
    ("朝", "chao"),
)
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("高", "Gao"),
    ("林", "Lin"),
    ("罗", "Luo"),
    ("郑", "Zheng"),
    ("梁", "Liang"),
    ("曾", "Zeng"),
    ("单", "Shan"),
    ("解", "Xie"),
    ("翟", "Zhai"),
)
GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("燕", "yan"),
    ("晨", "chen"),
    ("坚", "jian"),
    ("爽", "shuang"),
    ("岚", "lan"),
    ("奕", "yi"),
)
# industry word: Chinese, English, tags
INDUSTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("云计算", "Cloud", ("云计算", "大数据")),
    ("数据", "Data", ("大数据", "数字经济")),
    ("智能", "Intelligence", ("人工智能",)),
    ("航天", "Aerospace", ("空天信息", "商业航天")),
    ("卫星", "Satellite", ("空天信息", "卫星互联网")),
    ("生物", "Bio", ("生物医药",)),
    ("医疗", "Medical", ("生物医药", "医疗器械")),
    ("金融", "Finance", ("金融科技", "私募基金")),
    ("文化", "Culture", ("文化创意",)),
    ("设计", "Design", ("设计", "文化创意")),
    ("动漫", "Animation", ("动漫游戏", "数字内容")),
    ("机器人", "Robotics", ("智能制造", "机器人")),
    ("芯片", "Chip", ("集成电路",)),
    ("物联网", "IoT", ("物联网", "智能硬件")),
    ("新能源", "New Energy", ("新能源", "绿色低碳")),
    ("材料", "Materials", ("新材料",)),
    ("电商", "E-commerce", ("电子商务", "数字经济")),
    ("茶业", "Tea", ("农业", "文旅")),
)
# entity kind → (Chinese suffixes, English suffixes, roles)
KIND_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "company": (
        ("科技有限公司", "技术股份有限公司", "信息技术有限公司", "集团"),
        ("Technology Co., Ltd.", "Tech Inc.", "Information Technology", "Group"),
        ("入驻企业", "龙头企业", "高新技术企业", "专精特新企业", "上市企业"),
    ),
    "institution": (
        ("研究院", "实验室", "创新中心", "大学", "协会"),
        ("Research Institute", "Laboratory", "Innovation Centre", "University", "Association"),
        ("科研机构", "新型研发机构", "高校", "行业协会"),
    ),
    "person": ((), (), ("董事长", "创始人", "院士", "总经理", "首席科学家", "镇长")),
    "fund": (
        ("产业基金", "创投基金", "资本", "投资管理有限公司"),
        ("Industry Fund", "Venture Fund", "Capital", "Investment Management"),
        ("私募基金", "政府引导基金", "风险投资机构"),
    ),
    "work": (
        ("纪录片", "展览", "系列丛书"),
        ("Documentary", "Exhibition", "Book Series"),
        ("作品",),
    ),
    "platform": (
        ("公共服务平台", "孵化器", "众创空间", "加速器"),
        ("Service Platform", "Incubator", "Maker Space", "Accelerator"),
        ("服务平台", "孵化载体"),
    ),
    "event": (
        ("大会", "峰会", "论坛", "博览会"),
        ("Conference", "Summit", "Forum", "Expo"),
        ("会议",),
    ),
    "policy": (
        ("扶持政策", "人才计划", "行动方案"),
        ("Support Policy", "Talent Plan", "Action Plan"),
        ("政策",),
    ),
    "place": (
        ("产业园", "大厦", "创新街区", "广场"),
        ("Industrial Park", "Tower", "Innovation Block", "Plaza"),
        ("空间载体",),
    ),
}
KIND_WEIGHTS = {
    "company": 55,
    "institution": 10,
    "person": 12,
    "fund": 6,
    "work": 2,
    "platform": 6,
    "event": 4,
    "policy": 2,
    "place": 3,
}
DISTRICTS = (
    ("西湖区", "Xihu District"),
    ("上城区", "Shangcheng District"),
    ("拱墅区", "Gongshu District"),
    ("滨江区", "Binjiang District"),
    ("萧山区", "Xiaoshan District"),
    ("余杭区", "Yuhang District"),
    ("临平区", "Linping District"),
    ("钱塘区", "Qiantang District"),
    ("富阳区", "Fuyang District"),
    ("临安区", "Lin'an District"),
    ("桐庐县", "Tonglu County"),
    ("淳安县", "Chun'an County"),
)
PLACE_KINDS = (
    ("特色小镇", "characteristic town"),
    ("产业园区", "industrial park"),
    ("科技城", "science city"),
    ("高新区", "high-tech zone"),
)
CATEGORIES = (
    "founding",
    "planning",
    "construction",
    "renovation",
    "opening",
    "milestone",
    "recognition",
    "investment",
    "company",
    "conference",
    "launch",
    "culture",
)
EVENT_WORDS = {
    "founding": ("正式挂牌成立", "founded"),
    "planning": ("发布发展规划", "publishes a plan"),
    "construction": ("启动建设", "starts construction"),
    "renovation": ("完成改造提升", "is renovated"),
    "opening": ("开园", "opens"),
    "milestone": ("入驻企业突破千家", "passes a milestone"),
    "recognition": ("入选省级特色小镇", "is recognised"),
    "investment": ("签约重大项目", "signs a major investment"),
    "company": ("引进龙头企业", "attracts a leading company"),
    "conference": ("举办产业大会", "hosts a conference"),
    "launch": ("发布新产品", "launches a product"),
    "culture": ("举办文化节", "holds a festival"),
}
# registry key, label, English label, unit, units a town may write the figure in
METRICS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("syn_area", "面积", "Area", "平方公里", ("平方公里", "亩", "公顷")),
    ("syn_enterprises", "企业数量", "Enterprises", "家", ("家",)),
    ("syn_high_tech", "高新技术企业", "High-tech enterprises", "家", ("家",)),
    ("syn_talents", "人才", "Talents", "人", ("人", "万人")),
    ("syn_revenue", "营业收入", "Revenue", "亿元", ("亿元", "万元")),
    ("syn_tax", "税收", "Tax revenue", "亿元", ("亿元", "万元")),
    ("syn_output", "产值", "Output value", "亿元", ("亿元", "万亿元")),
    ("syn_investment", "投资", "Investment", "亿元", ("亿元",)),
    ("syn_foreign_investment", "外资", "Foreign investment", "亿美元", ("亿美元", "万美元")),
    ("syn_patents", "专利", "Patents", "件", ("件",)),
    ("syn_rd", "研发投入强度", "R&D intensity", "%", ("%",)),
    ("syn_floor_space", "产业空间", "Floor space", "万平方米", ("万平方米", "平方米")),
)
UNKEYED = (
    ("孵化项目", "Incubated projects", "个"),
    ("举办活动", "Events held", "场"),
    ("接待游客", "Visitors", "万人次"),
    ("入驻团队", "Resident teams", "支"),
)
# plausible ranges (low, high, decimals) for a figure written in a unit; default counts
RANGES: dict[str, tuple[float, float, int]] = {
    "平方公里": (0.5, 12, 2),
    "亩": (200, 9000, 0),
    "公顷": (30, 900, 1),
    "%": (0.5, 15, 1),
    "亿元": (0.5, 800, 2),
    "万元": (500, 90000, 0),
    "万亿元": (0.1, 2, 2),
    "亿美元": (0.1, 50, 2),
    "万美元": (100, 9000, 0),
    "万人": (0.1, 5, 2),
    "万平方米": (1, 300, 1),
    "平方米": (5000, 900000, 0),
    "万人次": (1, 500, 1),
}
QUALIFIERS = ("超", "近", "约", "余", "达", "以上")
N_SOURCES = 8


class Names:
    """Deterministic, unique-ish Chinese names with their pinyin and English forms."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def brand(self, k: int = 2) -> tuple[str, str]:
        """A ``k``-character brand or place name and its pinyin (``云栖``, ``Yunqi``)."""
        parts = self.rng.sample(SYLLABLES, k)
        return "".join(c for c, _ in parts), "".join(p for _, p in parts).capitalize()

    def person(self) -> tuple[str, str]:
        """A person's name and its English form (``王坚``, ``Wang Jian``)."""
        sur, sur_en = self.rng.choice(SURNAMES)
        given = self.rng.sample(GIVEN, self.rng.choice((1, 2)))
        return sur + "".join(
            c for c, _ in given
        ), f"{sur_en} {''.join(p for _, p in given).capitalize()}"


def q(text: str) -> str:
    """A TOML basic string."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'


def qlist(items: list[str] | tuple[str, ...]) -> str:
    """A TOML array of strings."""
    return "[" + ", ".join(q(i) for i in items) + "]"


def write_registry(out: Path) -> None:
    """``metrics.toml`` with the ``syn_*`` registry."""
    lines = ["# Synthetic registry written by benchmarks/generate.py.", ""]
    for key, label, label_en, unit, _ in METRICS:
        lines += [
            "[[metric]]",
            f"key = {q(key)}",
            f"label = {q(label)}",
            f"label_en = {q(label_en)}",
            f"unit = {q(unit)}",
            "higher_is_better = true",
            "",
        ]
    (out / "metrics.toml").write_text("\n".join(lines), encoding="utf-8")


def write_sources(out: Path) -> None:
    """``sources.toml`` with a few synthetic articles."""
    lines = ["# Synthetic sources written by benchmarks/generate.py.", ""]
    for i in range(N_SOURCES):
        lines += [
            "[[sources]]",
            f'id = "syn-src-{i}"',
            f"title = {q(f'合成数据来源第{i + 1}篇')}",
            f'title_en = "Synthetic source {i + 1}"',
            f"year = {2016 + i}",
            "",
        ]
    (out / "sources.toml").write_text("\n".join(lines), encoding="utf-8")


def town_toml(index: int, rng: random.Random, entities: int, metrics: int, events: int) -> str:
    """One town file: identity, ``metrics`` figures, ``events`` and ``entities`` records."""
    names = Names(rng)
    tid = f"syn-{index:04d}"
    brand, brand_en = names.brand(2)
    ind, ind_en, _ = rng.choice(INDUSTRIES)
    place, place_en = rng.choice(PLACE_KINDS)
    district, district_en = rng.choice(DISTRICTS)
    name = f"{brand}{ind}小镇" if place == "特色小镇" else f"{brand}{place}"
    name_en = (
        f"{brand_en} {ind_en} Town" if place == "特色小镇" else f"{brand_en} {place_en.title()}"
    )

    def src() -> str:
        return f"syn-src-{rng.randrange(N_SOURCES)}"

    out = [
        "[town]",
        f"id = {q(tid)}",
        f"name = {q(name)}",
        f"name_en = {q(name_en)}",
        f"aliases = {qlist([brand, f'{brand}{ind}', brand_en])}",
        f"district = {q(district)}",
        f"district_en = {q(district_en)}",
        f"kind = {q(place)}",
        f"kind_en = {q(place_en)}",
        f'area = {{ value = {rng.randint(10, 80) / 10}, unit = "平方公里", source = "{src()}" }}',
        f"founded = {rng.randint(2007, 2020)}",
        f"industries = {qlist([ind, rng.choice(INDUSTRIES)[0]])}",
        f"summary = {q(f'{district}的{place}，以{ind}产业为主，由生成器合成，仅用于基准测试。')}",
        f"summary_en = {q(f'A synthetic {place_en} in {district_en}, focus: {ind_en}.')}",
        "",
    ]
    for m in range(metrics):
        if m < len(METRICS) * 2 and m % 3 != 2:
            key, label, label_en, _, written = METRICS[m % len(METRICS)]
            unit = rng.choice(written)
            out += ["[[metrics]]", f"key = {q(key)}"]
        else:
            label, label_en, unit = rng.choice(UNKEYED)
            out += ["[[metrics]]"]
        value = round(
            rng.uniform(1, 100) if unit == "%" else rng.uniform(1, 5000), rng.choice((0, 1, 2))
        )
        out += [
            f"label = {q(label)}",
            f"label_en = {q(label_en)}",
            f"value = {value}",
            f"unit = {q(unit)}",
        ]
        if rng.random() < 0.85:
            out.append(f"year = {rng.randint(2010, 2025)}")
        if rng.random() < 0.3:
            out.append(f"qualifier = {q(rng.choice(QUALIFIERS))}")
        out += [f"source = {q(src())}", ""]
    ids: list[str] = []
    ent_lines: list[str] = []
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    for e in range(entities):
        eid = f"{tid}-x{e:03d}"
        ids.append(eid)
        kind = rng.choices(kinds, weights)[0]
        zh_suffixes, en_suffixes, roles = KIND_PARTS[kind]
        iw, iw_en, tags = rng.choice(INDUSTRIES)
        if kind == "person":
            ename, ename_en = names.person()
            aliases = [ename[0] + "总"] if rng.random() < 0.3 else []
        else:
            b, b_en = names.brand(rng.choice((2, 2, 3)))
            k = rng.randrange(len(zh_suffixes))
            ename, ename_en = f"{b}{iw}{zh_suffixes[k]}", f"{b_en} {iw_en} {en_suffixes[k]}"
            aliases = [f"{b}{iw}"] + ([b] if rng.random() < 0.3 else [])
        role = rng.choice(roles)
        ent_lines += ["[[entities]]", f"id = {q(eid)}", f"name = {q(ename)}"]
        if rng.random() < 0.7:
            ent_lines.append(f"name_en = {q(ename_en)}")
        ent_lines.append(f"kind = {q(kind)}")
        if aliases:
            ent_lines.append(f"aliases = {qlist(aliases)}")
        if rng.random() < 0.6:
            ent_lines.append(f"role = {q(role)}")
        if rng.random() < 0.6:
            ent_lines.append(f"tags = {qlist(list(tags))}")
        if rng.random() < 0.5:
            ent_lines.append(f"sources = [{q(src())}]")
        ent_lines.append("")
    for v in range(events):
        cat = rng.choice(CATEGORIES)
        words, words_en = EVENT_WORDS[cat]
        year = rng.randint(2007, 2025)
        date = rng.choice(
            (
                f"{year}",
                f"{year}-{rng.randint(1, 12):02d}",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            )
        )
        out += [
            "[[events]]",
            f'id = "{tid}-e{v:03d}"',
            f"date = {q(date)}",
            f"title = {q(f'{brand}{words}')}",
            f"title_en = {q(f'{brand_en} {words_en}')}",
            f"category = {q(cat)}",
        ]
        if ids:
            out.append(f"entities = {qlist(rng.sample(ids, min(len(ids), rng.randint(1, 2))))}")
        out += [f"source = {q(src())}", ""]
    return "\n".join(out + ent_lines)


def generate(
    out: Path, towns: int, entities: int, metrics: int = 30, events: int = 40, seed: int = 0
) -> list[Path]:
    """Write a data folder to ``out`` and return the town files written."""
    (out / "towns").mkdir(parents=True, exist_ok=True)
    write_registry(out)
    write_sources(out)
    written = []
    for i in range(towns):
        rng = random.Random(f"{seed}:{i}")
        path = out / "towns" / f"syn-{i:04d}.toml"
        path.write_text(town_toml(i, rng, entities, metrics, events), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate.py OUT [--towns N] [--entities M] ...``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("out", type=Path, help="folder to write (created if missing)")
    ap.add_argument("--towns", type=int, default=1000)
    ap.add_argument("--entities", type=int, default=100, help="entities per town")
    ap.add_argument("--metrics", type=int, default=30, help="metrics per town")
    ap.add_argument("--events", type=int, default=40, help="events per town")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if min(args.towns, args.entities, args.metrics, args.events) < 0:
        ap.error("counts must be >= 0")
    files = generate(args.out, args.towns, args.entities, args.metrics, args.events, args.seed)
    size = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} towns ({size / 1e6:.1f} MB of TOML) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
