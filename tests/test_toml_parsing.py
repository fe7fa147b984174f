"""The compiled TOML parser gives the documents ``tomllib`` gives, and every error keeps
``tomllib``'s message, line and column (issue 17 goal 5); header lines are found in one
pass and not inside multi-line strings."""

from __future__ import annotations

import datetime as dt
import functools
import math
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import TOML_RS_IMPORTS
from towntui.core.loader import load, parsing
from towntui.core.loader.reading import bundled_data_dir, header_lines, read_toml

SUITE = Path(__file__).resolve().parent / "fixtures" / "toml-test" / "invalid"
BUNDLED = sorted(bundled_data_dir().rglob("*.toml"))


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (``1 == 1.0`` and ``True == 1`` are
    not the same document; NaN is the same as NaN; time zones by offset and type)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float):
        both_nan = math.isnan(a) and math.isnan(b)
        return both_nan or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dt.datetime | dt.time):
        return a == b and type(a.tzinfo) is type(b.tzinfo) and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def outcome(parse: Callable[[str], dict[str, Any]], text: str) -> tuple[str, Any]:
    """What ``parse`` makes of ``text``: ("ok", document), ("error", tomllib's message)
    or ("other", the exception's type)."""
    try:
        return "ok", parse(text)
    except tomllib.TOMLDecodeError as exc:
        return "error", str(exc)
    except (ValueError, RecursionError) as exc:
        return "other", type(exc).__name__


def reference(text: str) -> tuple[str, Any]:
    return outcome(tomllib.loads, text)


def ours(text: str) -> tuple[str, Any]:
    """Our parse of ``text``, through the compiled parser whatever its length."""
    return outcome(functools.partial(parsing.loads, fast_min=0), text)


def agree(text: str) -> None:
    kind, want = reference(text)
    got_kind, got = ours(text)
    assert got_kind == kind, text[:200]
    assert same(got, want) if kind == "ok" else got == want, text[:200]


def test_the_compiled_parser_is_installed() -> None:
    assert parsing.fast_parser() is not None


#: In a fresh interpreter, with ``DOC`` a long document: where toml_rs is imported.
_WHERE = (
    TOML_RS_IMPORTS
    + """
from towntui.core.loader import parsing
doc = open(sys.argv[1], encoding="utf-8").read()
assert len(doc) >= parsing.FAST_MIN_CHARS
print("module", "toml_rs" in sys.modules)
def parse(name):
    assert parsing.loads(doc)["town"]["id"] == "yunqi"
for name in ("first", "second"):  # each thread ends before the next one parses
    thread = threading.Thread(target=parse, args=(name,), name=name)
    thread.start()
    thread.join()
print("threads", "toml_rs" in sys.modules)
parse("main")
print("main", imported)
thread = threading.Thread(target=parse, args=("after",), name="after")
thread.start()
thread.join()
print("done")
"""
)


def test_the_compiled_parser_is_imported_on_the_main_thread_only() -> None:
    # toml_rs 0.4.3 keeps something of the thread that imports it: imported in one
    # thread, it crashes the process (a segmentation fault inside toml_rs.loads) once
    # that thread has ended and another parses (the app's loader thread did that). It
    # is imported when the main thread first parses a long document; until then other
    # threads parse with tomllib. Nor is it imported with the module: the app's first
    # paint (on cached data) never uses it, and importing it costs ~13 ms.
    done = subprocess.run(
        [sys.executable, "-c", _WHERE, str(bundled_data_dir() / "towns" / "yunqi.toml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "module False",
        "threads False",
        "main ['MainThread']",
        "done",
    ], done.stdout


def test_a_long_document_parsed_in_another_thread_reads_as_on_the_main_one() -> None:
    text = (bundled_data_dir() / "towns" / "yunqi.toml").read_text(encoding="utf-8")
    out: list[dict[str, Any]] = []
    thread = threading.Thread(target=lambda: out.append(parsing.loads(text)))
    thread.start()
    thread.join()
    assert same(out[0], parsing.loads(text)) and same(out[0], tomllib.loads(text))


def test_short_documents_go_to_tomllib_long_ones_to_the_compiled_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = parsing.fast_parser()
    assert fast is not None
    calls: list[int] = []
    real = fast.loads

    def counted(text: str, **kw: Any) -> Any:
        calls.append(len(text))
        return real(text, **kw)

    monkeypatch.setattr(fast, "loads", counted)
    short = 'a = "x"\n'
    long = "".join(f'k{i} = "{"v" * 40}"\n' for i in range(400))
    assert len(short) < parsing.FAST_MIN_CHARS <= len(long)
    assert parsing.loads(short) == {"a": "x"}
    assert calls == []
    assert parsing.loads(long)["k399"] == "v" * 40
    assert calls == [len(long)]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files_parse_to_the_same_values(path: Path) -> None:
    agree(path.read_text(encoding="utf-8"))


def test_generated_files_parse_to_the_same_values(gen: ModuleType, tmp_path: Path) -> None:
    gen.generate(tmp_path, towns=6, entities=40, metrics=30, events=20, seed=5)
    files = sorted(tmp_path.rglob("*.toml"))
    assert len(files) == 8
    for path in files:
        agree(path.read_text(encoding="utf-8"))


def test_every_invalid_suite_document_keeps_tomllibs_message_and_position() -> None:
    cases = sorted(SUITE.rglob("*.toml"))
    assert len(cases) == 499
    checked = 0
    for case in cases:
        try:
            text = case.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # refused before any parser runs
        kind, want = reference(text)
        got_kind, got = ours(text)
        assert (got_kind, got) == (kind, want), case.relative_to(SUITE)
        checked += 1
        if kind == "error":  # and the loader reports tomllib's line and column
            problem = read_toml(case).problems[0]
            pos = want.rsplit("(at line ", 1)[-1].rstrip(")").split(", column ")
            if len(pos) == 2:
                assert (problem.line, problem.column) == (int(pos[0]), int(pos[1])), case
    assert checked == 490


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000,  # the compiled parser would crash
        "a = " + "{b=" * 50_000 + "1" + "}" * 50_000,
        "a = [\n" + '[ """]\n"""\n,\n' * 20_000 + "]",  # closers hidden in strings
        "a = [\n" + "[ # ]\n" * 20_000 + "]",  # ... and in comments
        ".".join(["k"] * 300) + " = 1",
    ],
    ids=["arrays", "tables", "strings", "comments", "dotted"],
)
def test_deep_nesting_is_an_error_or_a_value_never_a_crash(text: str) -> None:
    kind, want = reference(text)
    got_kind, got = ours(text)
    assert got_kind == kind
    assert same(got, want) if kind == "ok" else got == want


def test_very_long_dotted_keys_are_read_alike() -> None:
    doc = parsing.loads(".".join(["k"] * 20_000) + " = 1")
    for _ in range(20_000):
        doc = doc["k"]
    assert doc == 1


def test_shallow_counts_brackets_outside_strings_and_comments() -> None:
    deep = "[" * 70 + "]" * 70
    assert parsing.shallow("a = [[1], {b = [2]}]\n[[t]]\nx = 1\n" * 30)
    assert not parsing.shallow("a = " + deep)
    assert parsing.shallow(f'a = "{deep}"\nb = \'{deep}\'\n# {deep}\nc = """\n{deep}"""')
    assert not parsing.shallow('a = ["]", ' * 70)  # brackets that do not pair up
    assert parsing.shallow("a = [" * 60 + "]" * 60)
    assert not parsing.shallow("a = [" * 60 + "]" * 60, depth=59)


def test_a_byte_order_mark_tomllib_refuses_stays_refused() -> None:
    agree("\ufeffa = 1\n")
    with pytest.raises(tomllib.TOMLDecodeError):
        parsing.loads("\ufeffa = 1\n")


def test_big_integers_toml_rs_refuses_are_read_by_tomllib() -> None:
    text = "a = 123456789012345678901234567890\n" + "b = " + "[" * 40 + "]" * 40
    agree(text)
    assert parsing.loads(text)["a"] == 123456789012345678901234567890


def test_a_file_that_fails_keeps_tomllibs_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[town]\nid = "x"\nname = "名"\nname_en = 3 3\n', encoding="utf-8")
    problem = read_toml(path).problems[0]
    assert (problem.line, problem.column) == (4, 13)
    assert problem.message.startswith("invalid TOML: ")
    assert "toml_rs" not in problem.message and "|" not in problem.message


# A valid document with a bit of everything TOML has, to mutate.
SEED = '''# comment [x]
[town]
id = "yunqi"  # trailing
name = "云栖小镇"
tags = ["a", 'b', """c]"""]
n = 12
f = -1.5e3
inf = inf
big = 0x7fffffff
when = 2024-01-02T03:04:05+08:00
day = 2024-01-02
at = 10:11:12.5
local = 2024-01-02T03:04:05
text = """
multi "line" [[entities]]
"""
raw = \'\'\'
raw ]] text\'\'\'
inline = { a = 1, b = [1, 2, { c = "d" }] }

[[entities]]
id = "e1"
kind = "company"
"quoted key" = true
'''


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SEED)),
            st.integers(0, 3),
            st.sampled_from([*"[]{}\"'#=,.\n \\x1-:TZ+e", "\x00", "\x7f", "\ufeff", "é", '"""']),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_documents_parse_alike_or_fail_alike(edits: list[tuple[int, int, str]]) -> None:
    """Property: for any small edit of a valid document, the fast path returns exactly
    tomllib's document or raises exactly tomllib's error."""
    text = SEED
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    agree(text)


def test_header_lines_one_pass_for_every_name() -> None:
    text = "[[metrics]]\nid = 1\n\n[[entities]]\n  [[ events ]]\n[[entities]]\n[entities]\n"
    assert header_lines(text, ["metrics", "events", "entities"]) == {
        "metrics": [1],
        "events": [5],
        "entities": [4, 6],
    }
    assert header_lines(text, []) == {}


def test_header_lines_skip_lines_inside_multiline_strings() -> None:
    text = (
        '[[entities]]\nnote = """\n[[entities]]\n"""\n'
        "other = '''\n[[entities]]'''\n"
        'q = "\\"\\"\\"" # three quotes in a string and a comment: """\n'
        "[[entities]]\n"
    )
    assert tomllib.loads(text)["entities"][1] == {}
    assert header_lines(text, ["entities"]) == {"entities": [1, 8]}


def test_a_problem_after_a_multiline_string_points_at_its_own_header(tmp_path: Path) -> None:
    towns = tmp_path / "towns"
    towns.mkdir()
    (towns / "t.toml").write_text(
        '[town]\nid = "t"\nname = "镇"\nname_en = "Town"\n'
        'summary = """\n简介\n[[entities]]\n"""\nsummary_en = "Summary"\n\n'
        '[[entities]]\nid = "t-a"\nname = "甲"\nkind = "company"\n\n'
        '[[entities]]\nid = "t-b"\nname = "乙"\nkind = "no-such-kind"\n',
        encoding="utf-8",
    )
    ds = load([tmp_path])
    bad = [p for p in ds.problems if p.field and p.field.startswith("entities[1]")]
    assert bad, ds.problems
    assert {p.line for p in bad} == {16}
