"""Every invalid TOML 1.0 document of the public toml-test suite is reported cleanly.

A copy of the suite (MIT licence, ``tests/fixtures/toml-test/LICENSE``) is kept in the
repository, byte for byte (``.gitattributes``: ``-text``), so the test runs wherever the
repository is cloned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from towntui.core.loader import load

SUITE = Path(__file__).resolve().parent / "fixtures" / "toml-test" / "invalid"
CASES = sorted(SUITE.rglob("*.toml"))

GOOD = """[town]
id = "good"
name = "好小镇"
name_en = "Good Town"
summary = "简介"
summary_en = "Summary"
"""


def test_suite_has_all_499_documents() -> None:
    assert len(CASES) == 499


def test_every_invalid_document_is_one_located_problem_and_the_rest_loads(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    towns = root / "towns"
    towns.mkdir(parents=True)
    (towns / "aaa-good.toml").write_text(GOOD, encoding="utf-8")
    names: dict[str, Path] = {}
    for i, case in enumerate(CASES):
        name = f"case{i:03d}.toml"
        shutil.copy(case, towns / name)
        names[name] = case
    ds = load([root])
    assert [t.id for t in ds.towns] == ["good"]
    by_file = {Path(p.path).name: p for p in ds.problems}
    missing = [str(names[n].relative_to(SUITE)) for n in names if n not in by_file]
    assert not missing, f"accepted invalid TOML: {missing}"
    assert len(ds.problems) == len(CASES)
    for name, problem in by_file.items():
        case = names[name].relative_to(SUITE)
        assert problem.line is not None, f"{case}: no line in {problem}"
        assert "Traceback" not in problem.message
        assert problem.message.startswith(("invalid TOML", "not UTF-8")), f"{case}: {problem}"
