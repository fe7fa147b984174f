"""The words of the text output in Chinese: column names, field names, headings.

The CLI's text is written in English in the commands (``Column("metric")``); with
``--lang zh`` :class:`towntui.cli.render.Output` shows each of these words in Chinese
from here, one source per word. ``--json`` and ``--csv`` keys are data formats and are
never translated.
"""

from __future__ import annotations

from towntui.core.model import category_label

#: English word of the text output → its Chinese form
WORDS: dict[str, str] = {
    # columns and fields
    "id": "编号",
    "name": "名称",
    "name_en": "英文名",
    "district": "所在区",
    "city": "城市",
    "kind": "类型",
    "founded": "创建年份",
    "metrics": "指标",
    "events": "事件",
    "entities": "主体",
    "aliases": "别名",
    "area": "面积",
    "industries": "产业",
    "note": "说明",
    "field": "字段",
    "value": "数值",
    "metric": "指标",
    "as written": "原文",
    "year": "年份",
    "years": "年份",
    "source": "来源",
    "key": "键",
    "date": "日期",
    "category": "类别",
    "title": "标题",
    "title_en": "英文标题",
    "byline": "作者",
    "role": "角色",
    "tags": "标签",
    "matched": "匹配",
    "town": "小镇",
    "towns": "小镇",
    "context": "上下文",
    "unit": "单位",
    "scope": "口径",
    "values": "数值个数",
    "goal": "目标",
    "by": "目标年份",
    "target": "目标数值",
    "ranking": "排名项目",
    "among": "范围",
    "place": "名次",
    "text": "原文",
    "text_en": "英文原文",
    # what a search matched
    "alias": "别名",
    "tag": "标签",
    "role_en": "英文角色",
    "summary": "摘要",
    "summary_en": "英文摘要",
    "district_en": "英文区名",
    "pinyin": "拼音",
    "initials": "拼音首字母",
    "filter": "筛选",
    # headings
    "Metrics": "指标",
    "Events": "事件",
    "Entities": "主体",
    "Sources": "来源",
    "Towns": "小镇",
    "Goals": "目标",
    "Rankings": "排名",
    "Slogans and programmes": "口号与计划",
    # kinds of search hit, entity and event categories
    "company": "企业",
    "institution": "机构",
    "platform": "平台",
    "person": "人物",
    "entity": "主体",
    "event": "事件",
}


def category(lang: str, key: str) -> str:
    """An event category in the text output: its key in English (as ``--json`` has it),
    its Chinese label in Chinese."""
    return category_label(key, lang) if lang == "zh" else key


#: The field keys of the text output that are not English words → their English words
#: (the keys stay in ``--json`` and ``--csv``)
ENGLISH: dict[str, str] = {
    "name_en": "English name",
    "title_en": "English title",
    "text_en": "English text",
    "role_en": "English role",
    "summary_en": "English summary",
    "district_en": "English district name",
}


def word(lang: str, en: str) -> str:
    """``en`` in ``lang``: its Chinese form from :data:`WORDS` when ``lang`` is zh (``en``
    itself when it has none); in English, ``en`` (its words from :data:`ENGLISH` when it
    is a field key such as ``name_en``)."""
    return WORDS.get(en, en) if lang == "zh" else ENGLISH.get(en, en)
