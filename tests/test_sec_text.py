"""Issue 16 in the core and the command line: copied text, escapes on stderr, long
queries and the settings file. Each test failed before its fix."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from towntui.cli import main
from towntui.cli.context import note
from towntui.core import config as settings
from towntui.core.loader import load
from towntui.core.search import MAX_QUERY_CHARS, SearchIndex, pinyin
from towntui.core.search.pinyin import SymbolTable, match
from towntui.core.textsafe import clipboard_text

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

#: a control character that must never reach the terminal raw (newline and tab aside)
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")

# ------------------------------------------------------------------ item 2: copied text


def test_clipboard_text_keeps_newlines_and_shows_every_control() -> None:
    raw = "一\r\n二\x1b[201~\nrm -rf ~\n\x1b]52;c;eA==\x1b\\\x07\t\x9b\u202e"
    text = clipboard_text(raw)
    assert text == "一\n二␛[201~\nrm -rf ~\n␛]52;c;eA==␛\\␇␉<U+009B><U+202E>"
    assert clipboard_text(text) == text  # cleaning twice changes nothing
    assert clipboard_text("plain\ntext") == "plain\ntext"


# ------------------------------------------------------------------ item 3: stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["\x1b]0;title\x07"],  # an unknown command
        ["towns", "--bogus\x1b]52;c;ZXZpbA==\x1b\\"],  # unrecognized arguments
        ["--lang", "\x1b[2J"],  # invalid choice
        ["search", "q", "--limit", "\x1b]0;t\x07"],  # a bad value
        ["\x9b31m", "--x\u202e"],
    ],
)
def test_argparse_errors_echo_argv_cleaned(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "error" in err
    assert not RAW.search(err), repr(err)
    if "--bogus" in argv[-1]:  # argparse quotes this one as it is (the others with repr)
        assert "--bogus␛]52;c;ZXZpbA==␛\\" in err


def test_remarks_and_errors_on_stderr_are_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    note("a remark \x1b]0;t\x07")
    assert main(["show", "--no-bundled", "--data", "/nonexistent\x1b]0;t\x07", "x"]) == 2
    _, err = capsys.readouterr()
    assert not RAW.search(err), repr(err)
    assert "a remark ␛]0;t␇" in err


# ------------------------------------------------------------------ item 5: long queries


def test_pinyin_matching_does_not_recurse_per_character() -> None:
    """Both matchers walk a query of thousands of characters without a RecursionError."""
    assert match("yun" * 3000, "云" * 3000) == tuple(range(3000))
    assert match("a" * 3000, "云" * 3000) is None
    table = SymbolTable(["云栖小镇", "cloud computing"])
    body, exact = table.pattern("y" * 3000)
    assert not exact and len(body) <= 6000
    body, exact = table.pattern("yq" * 2000)
    assert not exact and re.compile(body).match(table.project("云栖" * 2000))


def test_the_pattern_of_a_short_query_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    # the shape the recursive compiler built, without the lookahead added since (its
    # matches are the same: tests/test_search_typos.py)
    monkeypatch.setattr(pinyin, "LOOKAHEAD", 0)
    table = SymbolTable(["云栖小镇", "玉皇山南", "cloud computing"])
    for query in ("yq", "yunqi", "yun栖", "yhsn", "zh", "cloud", "yunq"):
        body, _ = table.pattern(query)
        assert body == _recursive_pattern(table, query), query


def _recursive_pattern(table: SymbolTable, query: str) -> str:
    """The pattern as the recursive compiler built it (before the fix), for comparison."""
    from towntui.core.search.pinyin import TWO_LETTER_INITIALS, char_class

    n = len(query)
    memo: dict[int, str | None] = {}

    def rest(p: int) -> str | None:
        if p == n:
            return ""
        if p in memo:
            return memo[p]
        alts: list[str] = []
        firsts: list[tuple[set[str], str]] = []
        for k in range(1, min(6, n - p) + 1):
            unit = query[p : p + k]
            if k > 1 and not unit.isascii():
                break
            syms = table._unit(unit, p + k == n)
            if not syms:
                continue
            tail = rest(p + k)
            if tail is not None:
                alts.append(char_class(syms) + tail)
                firsts.append((syms, tail))
        out = None if not alts else alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        if p == 0 and len(firsts) > 1:
            every = set().union(*(syms for syms, _ in firsts))
            branches = "|".join(f"(?<={char_class(syms)}){tail}" for syms, tail in firsts)
            out = f"{char_class(every)}(?:{branches})"
        memo[p] = out
        return out

    assert TWO_LETTER_INITIALS
    return rest(0) or "(?!)"


@pytest.mark.parametrize(
    "query",
    ["a" * 1000, "cloud computing " * 100, "云" * 5000],
    ids=["a*1000", "cloud*100", "han*5000"],
)
def test_search_refuses_a_query_past_the_cap_with_a_message(query: str) -> None:
    index = SearchIndex(load([MINI]))
    assert index.search(query) == [] and index.total(query) == 0
    problems = index.problems(query)
    assert len(problems) == 1
    assert "too long" in problems[0] and str(MAX_QUERY_CHARS) in problems[0]
    ok = "云栖 " + "x" * (MAX_QUERY_CHARS - 3)
    assert len(ok) == MAX_QUERY_CHARS and index.problems(ok) == ()


@pytest.mark.parametrize(
    "query", ["a" * 1000, "cloud computing " * 100], ids=["a*1000", "cloud*100"]
)
def test_cli_search_says_the_query_is_too_long(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["search", query, "--no-bundled", "--data", str(MINI)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "too long" in err and "Traceback" not in err
    assert len(err) < 400  # the query is not echoed back whole


# ------------------------------------------------------------------ item 12: settings file

USER_CONFIG = """\
# my towntui settings (kept in dotfiles)
theme = "light"   # the light one
lang = "zh"

future_option = 3   # a key this version does not know

[window]
width = 120
"""


def test_a_config_that_could_not_be_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    broken = b'theme = "light"\nlang = "en\n# a syntax error above\n'
    path.write_bytes(broken)
    cfg, problem = settings.load_config(path)
    assert problem is not None and "left as it is" in problem
    with pytest.raises(OSError, match="left as it is"):
        settings.save_config(cfg.with_(lang="en"), path)
    assert path.read_bytes() == broken
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_a_config_broken_since_the_start_is_not_overwritten_either(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('lang = "zh"\n')
    cfg, problem = settings.load_config(path)
    assert problem is None
    path.write_bytes(b"lang = \n")  # the user is editing it
    with pytest.raises(OSError, match="not valid TOML"):
        settings.save_config(cfg.with_(lang="en"), path)
    assert path.read_bytes() == b"lang = \n"


def test_saving_keeps_comments_unknown_keys_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_CONFIG, "utf-8")
    cfg, _ = settings.load_config(path)
    assert cfg == settings.Config(theme="light", lang="zh")
    settings.save_config(cfg.with_(lang="en"), path)
    assert path.read_text("utf-8") == USER_CONFIG.replace('lang = "zh"', 'lang = "en"')
    settings.save_config(cfg.with_(lang="en", theme="high-contrast"), path)
    text = path.read_text("utf-8")
    assert 'theme = "high-contrast"   # the light one\n' in text
    assert "# my towntui settings" in text and "future_option = 3" in text
    assert tomllib.loads(text)["window"] == {"width": 120}


def test_saving_adds_a_missing_key_above_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# only a comment\nlang = "zh"\n[window]\nwidth = 1\n', "utf-8")
    settings.save_config(settings.Config(theme="light", lang="zh"), path)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert doc == {"lang": "zh", "theme": "light", "window": {"width": 1}}
    assert path.read_text("utf-8").startswith("# only a comment\n")


def test_saving_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "towntui.toml"
    real.write_text('lang = "zh"  # mine\n', "utf-8")
    real.chmod(0o640)
    folder = tmp_path / "config"
    folder.mkdir()
    link = folder / "config.toml"
    link.symlink_to(real)
    settings.save_config(settings.Config(lang="en"), link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text("utf-8") == 'lang = "en"  # mine\n'
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in dotfiles.iterdir()) == ["towntui.toml"]


def test_a_fifo_or_device_as_the_settings_file_never_hangs(tmp_path: Path) -> None:
    """Nothing read from disk can hang the app: config.toml is read only as a regular
    file of a bounded size (a FIFO blocked the start for ever)."""
    import os

    from tests.helpers import within
    from towntui.core import config

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    cfg, message = within(5, lambda: config.load_config(fifo))
    assert not cfg.readable and message and "could not be read" in message
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (config.MAX_CONFIG_BYTES + 1))
    cfg, message = config.load_config(big)
    assert not cfg.readable and message and "could not be read" in message
