"""Broken data in every way the loader reports, and checks that a problem speaks one
language: English without Chinese, Chinese without English words, outside what a
message shows literally (file paths, field paths, ids, the data format's names and the
data values it quotes)."""

from __future__ import annotations

import re

from towntui.core.model import Problem

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")

#: What a message quotes as written: "values", 'keys', and lists of the format's names.
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'|「[^」]*」')
_KNOWN_EN = re.compile(r"\((?:known|known fields|known actions|one of): [^)]*\)")
_KNOWN_ZH = re.compile(r"(?:已知|已知字段|已知动作|可选|例如)：[^）]*）")
#: The data format's own names a Chinese message may show: tables, files, folders.
_FORMAT = re.compile(
    r"\[\[?\w+\]\]?|[\w.-]*/[\w./-]*|[\w-]+\.\w+|\{[^}]*\}|0x[0-9a-f]+|\bE[A-Z]+\b"
)

#: Words a Chinese message may show: names of formats, date patterns, keys and values.
LATIN_ALLOWED = {
    "toml", "utf", "unicode", "yyyy", "mm", "dd", "true", "false", "id", "space", "escape",
    "enter", "down", "right_square_bracket", "nan", "inf", "e",
}  # fmt: skip


def latin_words(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The English words of a Chinese ``text`` outside what it shows literally (quoted
    values, lists of names, file names, tables) and the words ``allowed``."""
    text = _FORMAT.sub("", _KNOWN_ZH.sub("", _QUOTED.sub("", text)))
    ok = LATIN_ALLOWED | {w.lower() for w in allowed}
    return [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w.lower() not in ok]


def has_cjk(text: str) -> bool:
    """Whether an English ``text`` shows Chinese outside the values it quotes."""
    return bool(CJK.search(_KNOWN_EN.sub("", _QUOTED.sub("", text))))


def _bare(p: Problem, lang: str) -> str:
    """The problem as shown in ``lang`` without its place and field."""
    text = p.format(lang)
    text = text.replace(p.path, "", 1)
    if p.field:
        text = text.replace(p.field, "", 1)
    return _QUOTED.sub("", text)


def english_leaks(p: Problem) -> list[str]:
    """The Chinese an English problem shows outside data values (empty: none)."""
    text = _KNOWN_EN.sub("", _bare(p, "en"))
    return [p.format("en")] if CJK.search(text) else []


def chinese_leaks(p: Problem) -> list[str]:
    """The English words a Chinese problem shows outside what it shows literally."""
    text = _FORMAT.sub("", _KNOWN_ZH.sub("", _bare(p, "zh")))
    words = [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w.lower() not in LATIN_ALLOWED]
    return [f"{words}: {p.format('zh')}"] if words else []


_HEAD = """[town]
id = "{tid}"
name = "{tid}镇"
name_en = "{tid} town"
summary = "简介"
summary_en = "Summary"
"""

#: Town files with a problem of every kind the loader finds (the folder also needs the
#: ``mini`` fixture's metrics and sources).
BROKEN_TOWNS: dict[str, str] = {
    "a.toml": _HEAD.format(tid="a")
    + 'founded = "早"\nflavour = "sweet"\nsummary_en2 = 1\n'
    + '\n[town.area]\nvalue = 3\nunit = "家"\nsource = "nope"\n'
    + '\n[[metrics]]\nkey = "enterprises"\nlabel = "企业"\nvalue = 5\nunit = "亿圆"\n'
    + 'source = "a000-yunqi"\nqualifier = "大约"\n'
    + '\n[[metrics]]\nkey = "nosuch"\nlabel = "x"\nvalue = 1e20\nunit = "家"\nsource = "gone"\n'
    + '\n[[metrics]]\nkey = "enterprises"\nlabel = "企业"\nvalue = 5\nunit = "平方公里"\n'
    + 'source = "a000-yunqi"\nyear = 99999\n'
    + '\n[[entities]]\nid = "co"\nname = "公司"\nkind = "spaceship"\ntowns = ["x", "x"]\n'
    + '\n[[entities]]\nid = "co2"\nname = "公司二"\nkind = "company"\ntowns = ["atlantis"]\n'
    + 'sources = ["nope"]\n'
    + '\n[[events]]\ndate = "2023-13"\ntitle = "坏"\ncategory = "party"\nsource = "nope"\n'
    + '\n[[events]]\ndate = "2023-02-30"\ntitle = "坏"\ncategory = "milestone"\n'
    + 'source = "a000-yunqi"\nentities = ["ghost"]\n'
    + '\n[[events]]\ndate = "a while ago"\ntitle = ""\ncategory = "milestone"\n'
    + 'source = "a000-yunqi"\n'
    + '\n[[events]]\nid = "ev1"\ndate = "1700"\ntitle = "早"\ncategory = "milestone"\n'
    + 'source = "a000-yunqi"\n'
    + "\nmystery = 1\n",
    "b.toml": _HEAD.format(tid="b")
    + '\n[[entities]]\nid = "co2"\nname = "又一家"\nkind = "company"\n'
    + '\n[[events]]\nid = "ev1"\ndate = "2020"\ntitle = "重复"\ncategory = "milestone"\n'
    + 'source = "a000-yunqi"\ntowns = ["nowhere"]\n'
    + '\n[[sources]]\nid = "a000-yunqi"\ntitle = "别的标题"\n',
    "c.toml": _HEAD.format(tid="a"),
    "d.toml": '[town]\nid = "Bad Id"\nname = 5\n\nmetrics = 3\n',
    "e.toml": 'title = "x"\n',
    "f.toml": '[town]\nid = "f"\nname = = 1\n',
    "g.toml": "   \n",
    "h.toml": '[[town]]\nid = "h"\n',
}

#: A tour with a problem of every kind the tour reader finds.
BROKEN_TOUR = """title = "坏的"
title_en = "Broken"

[[stops]]
screen = "map"
caption_zh = "一\\n\\n二"
caption_en = "x"
dwell = 0

[[stops]]
screen = "timeline"
actions = [{ event = "no-such-event" }, { keys = ["space"] }, { keys = ["Not A Key"] }]
caption_zh = "x"
caption_en = "x"

[[stops]]
screen = "compare"
actions = [{ town = "yunqi" }, { fly = "moon" }, "yunqi", { search = "" }, { compare = [] }]
actions2 = 1
caption_en = "x"

[[stops]]
screen = "towns"
actions = [{ town = "yunqi", entity = "x" }, { town = 5 }, { entity = "nobody" }]
caption_zh = "x"
caption_en = "x"
"""
