"""A small data folder whose text is as hostile as we could make it.

Used by the CLI, app and monkey tests: every kind of text a stranger's data file might
hold that could be interpreted (Rich and Textual markup, click actions), change the
terminal's state (ANSI, OSC, BEL, CR, C1 controls), reorder or hide text (bidi and
zero-width characters) or break a layout (very long names, emoji, combining marks).
The files are written with ``tomli_w`` so every string arrives exactly as given.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import tomli_w

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

#: name → hostile text. Each string is meant to be shown exactly as written, with
#: control characters replaced by visible placeholders (␛, ␇, ␍, <U+202E> …).
HOSTILE: dict[str, str] = {
    "rich_bold": "[bold]粗体[/]",
    "rich_close": "[/]孤立的结束标签[/bold]",
    "rich_link": "[link=https://evil.example]点我[/link]",
    "rich_click": "[@click=app.quit]退出[/]",
    "textual_vars": "[$accent on $error]$text-muted[/] {x} $primary",
    "textual_style": "[b reverse blink]闪[/] [on red]红底[/on red]",
    "ansi": "\x1b[31m红色\x1b[0m\x1b[2J\x1b[?1049h\x1b[?25l",
    "osc": "\x1b]0;pwned-title\x07\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
    "cr_bel": "覆盖\r写入\x07响铃\x08退格\x00空",
    "c1": "\x9b31mC1-CSI\x9d0;t\x9c",
    "zero_width": "零\u200b宽\u200d字\u2060符\ufeff",
    "rtl": "abc\u202edcba\u202c \u2067isolate\u2069 \u200fmark",
    "long": "非常长的名字" * 60,
    "emoji": "小镇👩\u200d👩\u200d👧\u200d👦🇨🇳😀🏙️",
    "combining": "e\u0301\u0301\u0301 Z\u0334\u0321\u0327\u031b\u0353\u0319 云\u0308",
    "newlines": "第一行\n第二行\r\n\t制表",
}

#: What the screen or the CLI must show for some of them (a visible piece of each).
SHOWN: dict[str, str] = {
    "rich_bold": "[bold]粗体[/]",
    "rich_close": "[/]孤立的结束标签[/bold]",
    "rich_link": "[link=https://evil.example]点我[/link]",
    "rich_click": "[@click=app.quit]退出[/]",
    "textual_vars": "[$accent on $error]$text-muted[/]",
    "textual_style": "[b reverse blink]闪[/]",
    "ansi": "␛[31m红色␛[0m",
    "osc": "␛]0;pwned-title␇",
    "cr_bel": "覆盖␍写入␇响铃",
    "zero_width": "零<U+200B>宽",
    "rtl": "abc<U+202E>dcba",
}

#: Bytes that must never reach a terminal from data text.
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\x9d", "\u202e", "\u200b", "\x00", "\x08")

_SOURCE = "a000-yunqi"  # defined in the mini fixture's sources.toml


def _town(i: int, key: str, text: str) -> dict[str, Any]:
    """One town whose every text field carries ``text``."""
    tid = f"h{i:02d}"
    return {
        "town": {
            "id": tid,
            "name": text,
            "name_en": f"{key} {text}",
            "aliases": [text, f"alias-{key}"],
            "district": text,
            "district_en": text,
            "kind": text,
            "kind_en": text,
            "founded": 2010 + i,
            "industries": [text, "云计算"],
            "industries_en": [text],
            "summary": f"{text}\n{text}",
            "summary_en": f"summary {text}",
            "note": text,
        },
        "metrics": [
            {
                "key": "enterprises",
                "label": text,
                "label_en": text,
                "value": 100 + i,
                "unit": "家",
                "year": 2020,
                "qualifier": "超",
                "source": f"{tid}-src",
                "note": text,
            },
            {
                "key": "area",
                "label": "面积",
                "value": 1.5 + i,
                "unit": "平方公里",
                "source": _SOURCE,
            },
        ],
        "events": [
            {
                "id": f"{tid}-ev",
                "date": f"{2010 + i}-0{1 + i % 9}",
                "title": text,
                "title_en": text,
                "summary": text,
                "category": "milestone",
                "entities": [f"{tid}-co"],
                "source": f"{tid}-src",
                "note": text,
            }
        ],
        "entities": [
            {
                "id": f"{tid}-co",
                "name": text,
                "name_en": text,
                "kind": "company",
                "aliases": [text],
                "role": text,
                "role_en": text,
                "tags": [text],
                "sources": [f"{tid}-src"],
                "note": text,
            }
        ],
        "sources": [
            {
                "id": f"{tid}-src",
                "title": text,
                "title_en": text,
                "byline": [text],
                "year": 2023,
                "publication": text,
                "note": text,
            }
        ],
    }


#: A file with problems whose messages quote hostile text (unit, key, field name).
BROKEN_HOSTILE: dict[str, Any] = {
    "town": {
        "id": "broken-hostile",
        "name": "坏[bold]文件[/]",
        "name_en": "Broken",
        "summary": "s",
        "summary_en": "s",
    },
    "metrics": [
        {
            "key": "[@click=app.quit]x",
            "label": "x",
            "value": 1,
            "unit": "家",
            "source": _SOURCE,
        },
        {
            "label": "y",
            "value": 1,
            "unit": "\x1b]0;title\x07亿圆[/]",
            "source": _SOURCE,
        },
        {
            "label": "z",
            "value": 1,
            "unit": "家",
            "source": _SOURCE,
            "\x1b[31m[bold]field[/]": 1,
        },
    ],
}


#: a broken file whose name carries an OSC title sequence and a right-to-left override
BROKEN_NAME = "zz-\x1b]0;owned\x07\u202e[bold]name[red].toml"


def write_hostile(root: Path, *, broken: bool = True) -> Path:
    """Write the hostile data folder at ``root`` (mini registry and sources) → ``root``."""
    towns = root / "towns"
    towns.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI / "metrics.toml", root / "metrics.toml")
    shutil.copy(MINI / "sources.toml", root / "sources.toml")
    for i, (key, text) in enumerate(HOSTILE.items()):
        (towns / f"h{i:02d}.toml").write_text(tomli_w.dumps(_town(i, key, text)), "utf-8")
    if broken:
        (towns / "zz-broken.toml").write_text(tomli_w.dumps(BROKEN_HOSTILE), "utf-8")
        # a file name is data too: the problem that names it must not reach the terminal raw
        (towns / BROKEN_NAME).write_text("[town]\nid = = 1\n", "utf-8")
    return root
