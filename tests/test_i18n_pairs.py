"""A static look at every interface text of ``src/`` (issue 12): each
``tr(lang, zh, en)``, ``self.tr(zh, en)`` and catalogue entry (keys, commands, screens,
groups, and every other ``(zh, en)`` pair) has an English form without a Chinese
character and a Chinese form without an English word. Allowed in Chinese: placeholders
(``{name}``), option and key names (``--lang``, ``ctrl+p``), format, unit and program
names (JSON, km², towntui), and quoted commands (`` `towntui validate` ``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO

SRC = REPO / "src" / "towntui"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

#: Latin words a Chinese text may hold: formats, programs, units and the words the
#: user types (year filters, search filters), each written as the user writes it
LATIN_OK = {
    "towntui", "json", "csv", "toml", "svg", "ascii", "zip", "txt", "md", "utf",
    "kind", "company", "town", "pinyin", "yq", "yunqi", "xihu",
    "english", "textual", "html", "url", "id", "ids", "lang", "zh", "en", "km", "mu",
    "ctrl", "shift", "alt", "super", "enter", "esc", "tab", "space", "home", "end",
    "pgup", "pgdn", "up", "down", "left", "right", "backspace", "delete", "stdout",
    "stderr", "unicode", "nan", "cny", "toml's", "emoji", "tours", "story", "sq",
}  # fmt: skip

#: Chinese a text in English may hold: a language's own name, and data examples
CJK_OK = ("中文", "云栖")


def _text(node: ast.expr) -> str | None:
    """A string literal's text; an f-string's with each field as ``{x}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) or "{x}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None or right is None else left + right
    return None


def _pair(zh: ast.expr, en: ast.expr) -> tuple[str, str] | None:
    a, b = _text(zh), _text(en)
    return None if a is None or b is None else (a, b)


def _lang_test(test: ast.expr) -> bool | None:
    """For ``a if lang == "zh" else b``: True when the body is the Chinese form, False
    when it is the English one, None when the test is not about the language."""
    if not (isinstance(test, ast.Compare) and len(test.comparators) == 1):
        return None
    other, op = test.comparators[0], test.ops[0]
    if not (isinstance(other, ast.Constant) and other.value in ("zh", "en")):
        return None
    if not isinstance(op, ast.Eq | ast.NotEq):
        return None
    return (other.value == "zh") == isinstance(op, ast.Eq)


def _pairs(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    """Every (line, zh, en) of a module."""
    for node in ast.walk(tree):
        found: list[tuple[str, str] | None] = []
        if isinstance(node, ast.Call):
            func, args = node.func, node.args
            name = func.id if isinstance(func, ast.Name) else None
            if name == "tr" and len(args) == 3:
                found.append(_pair(args[1], args[2]))
            elif isinstance(func, ast.Attribute) and func.attr == "tr" and len(args) == 2:
                found.append(_pair(args[0], args[1]))
            elif name in ("_k", "_c") and len(args) in (2, 4):
                found += [_pair(args[0], args[1])]
                found += [_pair(args[2], args[3])] if len(args) == 4 else []
        elif isinstance(node, ast.IfExp) and (order := _lang_test(node.test)) is not None:
            pair = _pair(node.body, node.orelse)
            found.append(pair if order or pair is None else (pair[1], pair[0]))
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            pair = _pair(*node.elts)
            if pair is not None and CJK.search(pair[0]):
                found.append(pair)
        for pair in found:
            if pair is not None and any(pair):
                yield node.lineno, pair[0], pair[1]


def english_words(zh: str) -> list[str]:
    """The English words of a Chinese text, less what is allowed."""
    text = re.sub(r"\{[^}]*\}", "", zh)  # placeholders
    text = re.sub(r"`[^`]*`", "", text)  # commands quoted as typed
    text = re.sub(r"--?[a-z][a-z-]*", "", text)  # option names
    text = re.sub(r"\b[A-Z][A-Z_]+\b", "", text)  # NAMES, DIR, TOWNTUI_DATA
    text = re.sub(r"\b[a-z_]+[:=.][a-z_]*", "", text)  # kind:company, a.b, x=...
    text = re.sub(r"\.[a-z]+\b", "", text)  # extensions
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w.casefold() not in LATIN_OK]


def _all_pairs() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(SRC)
        found += [(f"{rel}:{line}", zh, en) for line, zh, en in _pairs(tree)]
    return found


PAIRS = _all_pairs()


def test_the_scan_finds_the_texts() -> None:
    """The scan sees tr calls, self.tr calls and the catalogue."""
    places = {where.split(":")[0] for where, _, _ in PAIRS}
    assert {"core/catalogue.py", "cli/parser.py", "cli/commands.py"} <= places
    assert any(p.startswith("tui/screens/") for p in places)
    assert len(PAIRS) > 300


def test_english_forms_have_no_chinese() -> None:
    bad = [
        f"{where}: {en!r}" for where, _, en in PAIRS if CJK.search(re.sub("|".join(CJK_OK), "", en))
    ]
    assert not bad, "\n".join(bad)


def test_chinese_forms_have_no_english_words() -> None:
    bad = [
        f"{where}: {english_words(zh)} in {zh!r}"
        for where, zh, _ in PAIRS
        if zh and english_words(zh)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("zh", "words"),
    [
        ("按 {key} 打开 `towntui validate`", []),
        ("用 --lang zh 或 ctrl+p", []),
        ("导出为 JSON、CSV 或 TOML", []),
        ("面积 (km²)", []),
        ("Copy 复制", ["Copy"]),
        ("小镇 Towns", ["Towns"]),
    ],
)
def test_english_words_finds_words(zh: str, words: list[str]) -> None:
    assert english_words(zh) == words


def test_paths_are_relative_to_src(tmp_path: Path) -> None:
    assert all(not where.startswith("/") for where, _, _ in PAIRS)
