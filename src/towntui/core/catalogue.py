"""The catalogue of named interface texts, each in Chinese and in English.

Keys and commands are named here, once, in both languages. A key's entry is found by
its binding's id (``towns.mark``); the footer, the keys screen and the command palette
read it from here. Messages that several places show (toasts, the palette's commands,
copied text) are named here too. :func:`say` picks one language and fills in the fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from towntui.core.i18n import Msg, plural


class KeyText(NamedTuple):
    """What a key does: a short label (the footer) and one line of help (the keys screen),
    each as ``(zh, en)``."""

    label: tuple[str, str]
    help: tuple[str, str]


def _k(zh: str, en: str, help_zh: str = "", help_en: str = "") -> KeyText:
    return KeyText((zh, en), (help_zh, help_en))


#: Every key of the app by binding id.
KEYS: dict[str, KeyText] = {
    # everywhere
    "goto.towns": _k("小镇", "Towns", "小镇及其概况", "The towns and their profiles"),
    "goto.search": _k("搜索", "Search", "搜索小镇、主体和事件", "Search towns, entities, events"),
    "goto.timeline": _k("时间线", "Timeline", "按年份排列的事件", "Events by year"),
    "goto.compare": _k("对比", "Compare", "已选小镇并排对比", "The marked towns side by side"),
    "search.slash": _k("搜索", "Search", "从任何地方开始搜索", "Search from anywhere"),
    "keys": _k("按键", "Keys", "本屏幕的全部按键", "Every key of this screen"),
    "language": _k("中/英", "zh/en", "界面语言：中文或英文", "Labels in Chinese or English"),
    "copy": _k("复制", "Copy", "复制选中的内容", "Copy the selected item"),
    "quit": _k("退出", "Quit", "退出 towntui", "Leave towntui"),
    "command_palette": _k(
        "命令",
        "palette",
        "命令面板：全部命令，并可跳到任何小镇或主体",
        "Command palette: every command, and jump to any town or entity",
    ),
    # the tour (only while one runs)
    "tour.next": _k("下一站", "Next stop", "导览的下一站", "The tour's next stop"),
    "tour.back": _k("上一站", "Previous stop", "导览的上一站", "The tour's previous stop"),
    "tour.pause": _k("暂停", "Pause", "暂停或继续自动播放", "Pause or resume auto-advance"),
    "tour.leave": _k(
        "离开导览", "Leave tour", "停在当前画面，离开导览", "Leave the tour where it is"
    ),
    # Towns
    "towns.mark": _k(
        "选择", "Mark", "选择小镇用于对比（或取消）", "Mark the town for comparison (or unmark it)"
    ),
    "towns.compare": _k("对比", "Compare", "对比已选小镇", "Compare the marked towns"),
    "towns.timeline": _k(
        "时间线", "Timeline", "所选小镇的事件", "The selected town's events by year"
    ),
    "towns.down": _k("下移", "Down", "光标下移", "Move the cursor down"),
    "towns.up": _k("上移", "Up", "光标上移", "Move the cursor up"),
    "towns.list": _k("回到列表", "Back to list", "回到小镇列表", "Back to the town list"),
    "towns.notes": _k(
        "数据说明",
        "Notes",
        "展开或收起概况中的数据说明",
        "Open or fold the data notes of the profile",
    ),
    # Search
    "search.open": _k("打开", "Open", "打开选中的结果", "Open the selected result"),
    "search.back": _k("返回", "Back", "回到输入框，或清空它", "Back to the input, or clear it"),
    "search.town": _k(
        "所属小镇", "Its town", "打开结果所属的小镇", "Open the selected result's town"
    ),
    "search.next": _k("下一个", "Next result", "下一个结果", "Next result"),
    "search.previous": _k("上一个", "Previous result", "上一个结果", "Previous result"),
    "search.down": _k("下移", "Down", "在结果中下移", "Down the results"),
    "search.up": _k("上移", "Up", "在结果中上移", "Up the results"),
    # Entity
    "entity.back": _k("返回", "Back", "回到上一屏", "Back to the screen before"),
    "entity.town": _k("所属小镇", "Its town", "打开主体所属的小镇", "Open the entity's town"),
    "entity.timeline": _k(
        "时间线", "Timeline", "只看这个主体的事件", "The timeline filtered to this entity"
    ),
    "entity.down": _k("下滚", "Down", "向下滚动", "Scroll down"),
    "entity.up": _k("上滚", "Up", "向上滚动", "Scroll up"),
    # Timeline
    "timeline.down": _k("下移", "Down", "下一个事件", "Next event"),
    "timeline.up": _k("上移", "Up", "上一个事件", "Previous event"),
    "timeline.prev_year": _k("上一年", "Prev year", "跳到上一年", "Jump to the year before"),
    "timeline.next_year": _k("下一年", "Next year", "跳到下一年", "Jump to the next year"),
    "timeline.first": _k("第一个", "First", "第一个事件", "First event"),
    "timeline.last": _k("最后一个", "Last", "最后一个事件", "Last event"),
    "timeline.town": _k(
        "小镇", "Town", "只看一个小镇的事件（或全部小镇）", "Show one town's events (or all towns)"
    ),
    "timeline.categories": _k("类别", "Categories", "选择事件类别", "Choose event categories"),
    "timeline.years": _k(
        "年份", "Years", "年份范围：2010-2020、2015、全部", "Year range: 2010-2020, 2015, all"
    ),
    "timeline.reset": _k(
        "重置", "Reset", "全部小镇、全部类别、所有年份", "All towns and categories, every year"
    ),
    # Compare
    "compare.down": _k("下移", "Down", "下一行", "Next row"),
    "compare.up": _k("上移", "Up", "上一行", "Previous row"),
    "compare.add": _k(
        "添加",
        "Add",
        "添加小镇（输入可筛选，支持拼音）",
        "Add a town (type to filter, pinyin works)",
    ),
    "compare.remove": _k(
        "移除", "Remove", "移除光标所在的小镇", "Remove the town under the cursor"
    ),
    "compare.sort": _k(
        "排序", "Sort", "行排序：按指标、覆盖、差距", "Sort rows: by metric, coverage, spread"
    ),
    "compare.prev_year": _k("更早", "Earlier year", "更早的年份", "An earlier year"),
    "compare.next_year": _k("更晚", "Later year", "更晚的年份", "A later year"),
    "compare.year": _k(
        "选择年份",
        "Choose year",
        "输入年份、最新、截至某年或历年",
        "Type a year, latest, or as of a year",
    ),
    "compare.sort_towns": _k(
        "小镇排序", "Sort towns", "按光标所在行给小镇排序", "Order towns by this row"
    ),
    "compare.hide_empty": _k(
        "隐藏空列", "Hide empty", "隐藏没有数值的小镇", "Hide towns with no value"
    ),
    "compare.chart": _k(
        "图表", "Chart", "这一行指标的表格或图表", "Table or chart of the row's metric"
    ),
    "compare.export": _k(
        "导出",
        "Export",
        "把对比表导出为 TOML、CSV 或 JSON；图表视图下把图表存为文本",
        "Export the table to TOML, CSV or JSON; in chart view, save the chart as text",
    ),
    "compare.transpose": _k(
        "转置",
        "Transpose",
        "小镇为行、指标为列，或反过来",
        "Towns as rows and metrics as columns, or back",
    ),
}

#: Keys the keys screen lists that are not bindings of the app (help text only).
KEYS.update(
    {
        "help.panes": _k("", "", "在窗格之间移动", "Move between panes"),
        "help.cursor": _k("", "", "移动光标", "Move the cursor"),
    }
)

#: The screens, by the lower-case name of their class less "Screen".
SCREENS: dict[str, tuple[str, str]] = {
    "towns": ("小镇", "Towns"),
    "search": ("搜索", "Search"),
    "timeline": ("时间线", "Timeline"),
    "compare": ("对比", "Compare"),
    "entity": ("主体", "Entity"),
}

#: Key groups that share one footer entry, by their English name.
GROUPS: dict[str, tuple[str, str]] = {
    "Screens": ("屏幕", "Screens"),
    "Year": ("年份", "Year"),
}


def key_label(lang: str, key_id: str, default: str = "") -> str:
    """A key's short label in ``lang`` (``default`` when the id is not in :data:`KEYS`)."""
    entry = KEYS.get(key_id)
    if entry is None:
        return default
    return entry.label[0] if lang == "zh" else entry.label[1]


def key_help(lang: str, key_id: str, default: str = "") -> str:
    """A key's one line of help in ``lang`` (its label when it has no help)."""
    entry = KEYS.get(key_id)
    if entry is None:
        return default
    zh, en = entry.help if any(entry.help) else entry.label
    return zh if lang == "zh" else en


def group_label(lang: str, name: str) -> str:
    """A key group's name (``Screens``) in ``lang``."""
    zh, en = GROUPS.get(name, (name, name))
    return zh if lang == "zh" else en


def screen_name(lang: str, name: str) -> str:
    """A screen's name (``towns``) in ``lang``."""
    zh, en = SCREENS.get(name, (name, name))
    return zh if lang == "zh" else en


class CommandText(NamedTuple):
    """A palette command: its name (``area: action``) and one line of help, each as
    ``(zh, en)``; ``{field}`` placeholders are filled in by :func:`command_text`."""

    name: tuple[str, str]
    help: tuple[str, str]


def _c(name_zh: str, name_en: str, help_zh: str, help_en: str) -> CommandText:
    return CommandText((name_zh, name_en), (help_zh, help_en))


#: Every command of the palette by id.
COMMANDS: dict[str, CommandText] = {
    "go.towns": _c("前往：小镇", "go: towns", "小镇及其概况", "The towns and their profiles"),
    "go.search": _c(
        "前往：搜索", "go: search", "搜索小镇、主体和事件", "Search towns, entities and events"
    ),
    "go.timeline": _c("前往：时间线", "go: timeline", "按年份排列的事件", "Events by year"),
    "go.compare": _c(
        "前往：对比", "go: compare", "已选小镇并排对比", "The marked towns side by side"
    ),
    "theme": _c("主题：{name}", "theme: {name}", "使用 {name} 主题", "Use the {name} theme"),
    "theme.current": _c(
        "主题：{name}",
        "theme: {name}",
        "使用 {name} 主题（当前）",
        "Use the {name} theme (current)",
    ),
    "language.zh": _c(
        "语言：中文", "language: 中文", "界面使用中文", "Interface labels in Chinese"
    ),
    "language.en": _c(
        "语言：English", "language: English", "界面使用英文", "Interface labels in English"
    ),
    "ascii.on": _c(
        "显示：ASCII 开",
        "display: ascii on",
        "只用 ASCII 字符画边框和条形图，适合把方框字符画成双宽的终端",
        "Draw borders and bars with ASCII only, for terminals that draw box characters wide",
    ),
    "ascii.off": _c(
        "显示：ASCII 关",
        "display: ascii off",
        "恢复方框字符和条形图",
        "Draw borders and bars with box characters again",
    ),
    "data.problems": _c(
        "数据：问题",
        "data: problems",
        "数据文件中发现的全部问题",
        "Every problem found in the data files",
    ),
    "towns.clear": _c(
        "小镇：清除选择",
        "towns: clear marks",
        "取消所有已选的小镇",
        "Unmark every town marked for comparison",
    ),
    "tour.start": _c(
        "导览：开始",
        "tour: start",
        "从2007到2025的导览（空格：下一站）",
        "A guided tour from 2007 to 2025 (space: next)",
    ),
    "app.keys": _c(
        "应用：按键", "app: keys", "当前屏幕的全部按键", "Every key of the current screen"
    ),
    "app.copy": _c("应用：复制", "app: copy", "复制选中的内容", "Copy the selected item"),
    "app.quit": _c("应用：退出", "app: quit", "退出 towntui", "Leave towntui"),
    "towns.mark": _c(
        "小镇：选择 {name}",
        "towns: mark {name}",
        "选择这个小镇用于对比",
        "Mark the selected town for comparison",
    ),
    "towns.unmark": _c(
        "小镇：取消选择 {name}",
        "towns: unmark {name}",
        "不再对比这个小镇",
        "Unmark the selected town",
    ),
    "towns.notes": _c(
        "小镇：数据说明",
        "towns: data notes",
        "展开或收起关于数字和文字的说明",
        "Open or fold the notes on the figures and the text",
    ),
    "towns.timeline": _c(
        "小镇：{name} 的时间线",
        "towns: timeline of {name}",
        "它的事件，按年份",
        "Its events by year",
    ),
    "entity.town": _c(
        "主体：所属小镇", "entity: open its town", "主体所属的小镇", "The entity's town"
    ),
    "entity.timeline": _c(
        "主体：时间线",
        "entity: timeline",
        "只看这个主体的事件",
        "The timeline filtered to this entity",
    ),
    "timeline.town": _c(
        "时间线：按小镇筛选",
        "timeline: filter by town",
        "只看一个小镇的事件",
        "Show one town's events",
    ),
    "timeline.categories": _c(
        "时间线：筛选类别", "timeline: filter categories", "选择事件类别", "Choose categories"
    ),
    "timeline.goto_year": _c(
        "时间线：跳到年份",
        "timeline: jump to year",
        "跳到某年的第一个事件",
        "Go to a year's first event",
    ),
    "timeline.range": _c(
        "时间线：年份范围", "timeline: year range", "设置显示的年份", "Set the years shown"
    ),
    "timeline.reset": _c(
        "时间线：重置筛选",
        "timeline: reset filters",
        "全部小镇、全部类别、所有年份",
        "All towns and categories, every year",
    ),
    "timeline.event": _c(
        "时间线：查看事件", "timeline: show event", "打开选中的事件", "Open the selected event"
    ),
    "timeline.first": _c(
        "时间线：第一个事件", "timeline: first event", "跳到第一个事件", "Go to the first event"
    ),
    "timeline.last": _c(
        "时间线：最后一个事件", "timeline: last event", "跳到最后一个事件", "Go to the last event"
    ),
    "compare.add": _c(
        "对比：添加小镇", "compare: add town", "向表中添加一个小镇", "Add a town to the table"
    ),
    "compare.remove": _c(
        "对比：移除小镇", "compare: remove town", "移除选中的小镇", "Remove the selected town"
    ),
    "compare.sort": _c(
        "对比：行排序", "compare: sort rows", "按指标、覆盖、差距", "Metric, coverage, spread"
    ),
    "compare.year": _c(
        "对比：选择年份",
        "compare: choose year",
        "最新、某一年或截至某年",
        "Latest, a year or as of a year",
    ),
    "compare.sort_towns": _c(
        "对比：小镇排序", "compare: sort towns", "按光标所在行排序", "By the row under the cursor"
    ),
    "compare.hide_empty": _c(
        "对比：隐藏空列", "compare: hide empty towns", "没有数值的小镇", "Towns with no value"
    ),
    "compare.export": _c(
        "对比：导出", "compare: export", "写出 TOML、CSV 或 JSON", "Write TOML, CSV or JSON"
    ),
    "compare.transpose": _c(
        "对比：转置",
        "compare: transpose",
        "小镇为行、指标为列，或反过来",
        "Towns as rows, metrics as columns",
    ),
}


def command_text(lang: str, command_id: str, **fields: str) -> tuple[str, str]:
    """A palette command's ``(name, help)`` in ``lang`` with its fields filled in."""
    entry = COMMANDS[command_id]
    i = 0 if lang == "zh" else 1
    return entry.name[i].format(**fields), entry.help[i].format(**fields)


def data_problems_note(lang: str, errors: int, warnings: int, first: str) -> str:
    """The note shown once after a load that found problems: how many, the first one,
    and the palette command that lists them all."""
    command = command_text(lang, "data.problems")[0]
    if lang == "zh":
        return (
            f"数据文件中有 {errors} 个错误、{warnings} 个警告。\n"
            f"第一个：{first}\nctrl+p → {command} 列出全部。"
        )
    return (
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in the data files.\n"
        f"First: {first}\nctrl+p → {command} lists them all."
    )


def themes_skipped_note(lang: str, problems: Sequence[Msg]) -> str:
    """The note that says which theme files were skipped, and why, in ``lang``."""
    count = len(problems)
    if lang == "zh":
        head = f"跳过了 {count} 个主题文件："
    else:
        head = f"{count} theme files skipped:" if count > 1 else "A theme file was skipped:"
    return "\n".join([head, *(p.text(lang) for p in problems)])
