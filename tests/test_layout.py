"""The layout keeps its promises: small modules, short simple functions, no import cycle.

Limits (issue 11): no module in ``src/`` over 500 lines, no function over 60 lines or with
a cyclomatic complexity over 15, and no import cycle between towntui's modules, not even
one made only of ``TYPE_CHECKING`` imports.  ``KNOWN`` lists what broke a limit when the
test was written; it may only shrink: an entry that no longer breaks its limit fails too,
so that it is taken off the list.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "towntui"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15

# What broke a limit on the day this test was written; only ever remove entries.
KNOWN: frozenset[str] = frozenset(
    {
        "complexity towntui.cli_commands.cmd_search",
        "complexity towntui.cli_commands.cmd_timeline",
        "complexity towntui.cli_commands.cmd_towns",
        "complexity towntui.cli_commands.cmd_validate",
        "complexity towntui.cli_export.export",
        "complexity towntui.cli_render.fit_widths",
        "complexity towntui.core.compare.compare",
        "complexity towntui.core.export.export_target",
        "complexity towntui.core.pinyin.SymbolTable.__init__",
        "complexity towntui.core.pinyin.SymbolTable._compile",
        "complexity towntui.core.scan.FuzzyKeys.__init__",
        "complexity towntui.core.search.SearchIndex._collect",
        "complexity towntui.core.timeline.timeline",
        "complexity towntui.tui.profile.entity_record",
        "complexity towntui.tui.profile.town_profile",
        "complexity towntui.tui.screens.search.SearchScreen._about",
        "complexity towntui.tui.screens.timeline.TimelineScreen._filter_text",
        "complexity towntui.tui.screens.timeline.TimelineScreen._rebuild",
        "complexity towntui.tui.screens.timeline.TimelineScreen.action_jump_year",
        "complexity towntui.tui.screens.timeline.TimelineScreen.show_event",
        "length towntui.cli.build_parser",
        "length towntui.cli_commands.cmd_search",
        "length towntui.cli_commands.cmd_timeline",
        "length towntui.core.export.export_target",
        "length towntui.core.pinyin.match",
        "length towntui.core.search.SearchIndex._build",
        "length towntui.core.search.SearchIndex._collect",
        "length towntui.tui.app.TownApp._load_data",
        "module towntui.cli_commands",
        "module towntui.core.export",
        "module towntui.core.search",
        "module towntui.tui.app",
        "module towntui.tui.screens.compare",
        "module towntui.tui.screens.timeline",
    }
)
KNOWN_CYCLES: frozenset[str] = frozenset(
    {
        "towntui.cli_commands <-> towntui.cli_export",
        "towntui.tui.app <-> towntui.tui.commands <-> towntui.tui.screens.base <-> towntui.tui.screens.compare <-> towntui.tui.screens.entity <-> towntui.tui.screens.problems <-> towntui.tui.screens.search <-> towntui.tui.screens.timeline <-> towntui.tui.screens.towns",  # noqa: E501
    }
)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.IfExp,
    ast.ExceptHandler,
    ast.match_case,
    ast.Assert,
)


def _complexity(node: ast.AST) -> int:
    """McCabe's number: one plus every branch point, not counting nested functions."""
    score = 1
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(child, BRANCHES):
            score += 1
        elif isinstance(child, ast.BoolOp):
            score += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            score += 1 + len(child.ifs)
        stack.extend(ast.iter_child_nodes(child))
    return score


def _functions(tree: ast.AST) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((prefix + child.name, child))
                walk(child, prefix + child.name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, prefix + child.name + ".")
            else:
                walk(child, prefix)

    walk(tree, "")
    return found


def _offences() -> set[str]:
    offences: set[str] = set()
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if lines > MAX_MODULE_LINES:
            offences.add(f"module {name}")
        tree = ast.parse(text, filename=str(path))
        for qualname, func in _functions(tree):
            length = (func.end_lineno or func.lineno) - func.lineno + 1
            if length > MAX_FUNCTION_LINES:
                offences.add(f"length {name}.{qualname}")
            if _complexity(func) > MAX_COMPLEXITY:
                offences.add(f"complexity {name}.{qualname}")
    return offences


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every towntui module that ``name`` imports, at any depth of its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    found: set[str] = set()
    for target in targets:
        # "from a.b import c" names module a.b.c when it exists, else a name in a.b.
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def _cycles() -> list[list[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how packages work; a
    # submodule importing its own package __init__ back is the cycle this catches.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def test_no_module_or_function_breaks_a_size_limit() -> None:
    offences = _offences()
    new = sorted(offences - KNOWN)
    assert not new, "over the limits (see this file's docstring):\n" + "\n".join(new)


def test_the_known_list_only_names_what_still_breaks_a_limit() -> None:
    fixed = sorted(KNOWN - _offences())
    assert not fixed, "fixed, so take these off KNOWN:\n" + "\n".join(fixed)


def test_no_import_cycle_even_a_type_only_one() -> None:
    cycles = {" <-> ".join(c) for c in _cycles()}
    assert cycles <= KNOWN_CYCLES, "import cycles:\n" + "\n".join(sorted(cycles - KNOWN_CYCLES))
    fixed = sorted(KNOWN_CYCLES - cycles)
    assert not fixed, "gone or changed, so take these off KNOWN_CYCLES:\n" + "\n".join(fixed)


def test_the_checks_can_fail() -> None:
    bad = ast.parse(
        "def f(x):\n" + "".join(f"    if x == {i}:\n        x += 1\n" for i in range(40))
    )
    (name, func), *_ = _functions(bad)
    assert name == "f"
    assert _complexity(func) == 41
    assert (func.end_lineno or 0) - func.lineno + 1 == 81
