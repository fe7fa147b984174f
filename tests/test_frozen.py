"""``@frozen`` and ``@mutable`` (core/frozen.py): every such class in towntui behaves as
the ``@dataclass`` it replaces, and defining one compiles one function (its
``__init__``), not the six to ten a dataclass compiles."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import itertools
import pickle
import pkgutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import towntui
from towntui.core import frozen as frozen_module
from towntui.core.frozen import frozen, mutable
from towntui.core.loader import load
from towntui.core.model import PartialDate

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _made_here(cls: type) -> bool:
    """Whether ``cls`` was made by ``@frozen`` or ``@mutable``."""
    made = cls.__dict__.get("__repr__")
    return getattr(made, "__module__", None) == frozen_module.__name__


def _is_frozen(cls: type) -> bool:
    return cls.__dict__.get("__setattr__") is frozen_module._setattr


def _all_records() -> list[type]:
    """Every class in towntui made by ``@frozen`` or ``@mutable`` (all modules imported)."""
    for info in pkgutil.walk_packages(towntui.__path__, "towntui."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: dict[str, type] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("towntui"):
            continue
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and _made_here(value):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[k] for k in sorted(found)]


RECORDS = _all_records()


def _twin(cls: type) -> type:
    """The ``@dataclass`` that ``cls`` stands for (frozen or not, slotted or not): the
    same fields and the class's own methods, made by the standard library."""
    spec = []
    for f in dataclasses.fields(cls):
        kw: dict[str, Any] = {
            "init": f.init,
            "repr": f.repr,
            "hash": f.hash,
            "compare": f.compare,
            "metadata": f.metadata,
        }
        if f.default is not dataclasses.MISSING:
            kw["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kw["default_factory"] = f.default_factory
        spec.append((f.name, f.type, dataclasses.field(**kw)))
    own: dict[str, Any] = {
        k: v
        for k, v in cls.__dict__.items()
        if (inspect.isfunction(v) or isinstance(v, property | classmethod | staticmethod))
        and getattr(v, "__module__", None) != frozen_module.__name__
        and k != "__init__"
    }
    if not (cls.__doc__ or "").startswith(cls.__name__ + "("):  # a docstring of its own
        own["__doc__"] = cls.__doc__
    ordered = "__lt__" in cls.__dict__
    twin = dataclasses.make_dataclass(
        cls.__name__,
        spec,
        namespace=own,
        frozen=_is_frozen(cls),
        slots="__slots__" in cls.__dict__,
        order=ordered,
    )
    twin.__qualname__ = cls.__qualname__
    twin.__module__ = cls.__module__
    return twin


def _samples(cls: type) -> Iterator[dict[str, Any]]:
    """Keyword arguments for ``cls``: distinct small values, and each with one changed."""
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    base = {name: i for i, name in enumerate(names)}
    yield base
    for name in names:
        yield {**base, name: -1}


def _model_objects() -> list[Any]:
    """Every record object of the bundled data: towns, events, entities, metrics, …"""
    dataset = load([DATA])
    out: list[Any] = [dataset]
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.append(value)
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict | tuple | list | frozenset | set):
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                walk(item)
        elif hasattr(value, "items") and hasattr(value, "values"):
            for item in value.values():
                walk(item)

    for f in dataclasses.fields(dataset):
        walk(getattr(dataset, f.name))
    return out


def test_records_are_found() -> None:
    names = {cls.__name__ for cls in RECORDS}
    assert {"Town", "Event", "Entity", "Metric", "PartialDate", "Goal", "Ranking"} <= names
    assert {"FooterKey", "FooterRow", "Context", "FileDoc", "SaidNotification"} <= names
    assert len(RECORDS) >= 50


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_a_record_behaves_as_its_dataclass(cls: type) -> None:
    twin = _twin(cls)
    assert str(inspect.signature(cls)) == str(inspect.signature(twin))
    assert cls.__match_args__ == twin.__match_args__  # type: ignore[attr-defined]
    assert cls.__dict__.get("__slots__") == twin.__dict__.get("__slots__")
    assert (cls.__hash__ is None) == (twin.__hash__ is None)  # type: ignore[comparison-overlap]
    assert [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(cls)] == [
        (f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(twin)
    ]
    assert cls.__doc__ == twin.__doc__
    pairs = []
    for kwargs in _samples(cls):
        try:
            twin_obj = twin(**kwargs)
        except Exception as e:  # a __post_init__ refusing the sample
            with pytest.raises(type(e)):
                cls(**kwargs)
            continue
        obj = cls(**kwargs)
        pairs.append((obj, twin_obj))
        assert repr(obj) == repr(twin_obj)
        _same_hash(obj, twin_obj)
        if _is_frozen(cls):
            with pytest.raises(dataclasses.FrozenInstanceError):
                obj.some_name = 1  # type: ignore[attr-defined]
            for f in dataclasses.fields(cls):
                with pytest.raises(dataclasses.FrozenInstanceError):
                    setattr(obj, f.name, 1)
                with pytest.raises(dataclasses.FrozenInstanceError):
                    delattr(obj, f.name)
        else:
            changed, twin_changed = copy.copy(obj), copy.copy(twin_obj)
            for f in dataclasses.fields(cls):
                setattr(changed, f.name, "set")
                setattr(twin_changed, f.name, "set")
            assert repr(changed) == repr(twin_changed)
        assert copy.copy(obj) == obj
        assert copy.deepcopy(obj) == obj
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert dataclasses.replace(obj) == obj
        assert dataclasses.astuple(obj) == dataclasses.astuple(twin_obj)
    for (a, ta), (b, tb) in itertools.product(pairs, repeat=2):
        assert (a == b) == (ta == tb)
        assert (a != b) == (ta != tb)
        if "__lt__" in cls.__dict__:
            assert (a < b, a <= b, a > b, a >= b) == (ta < tb, ta <= tb, ta > tb, ta >= tb)
    if pairs:
        assert pairs[0][0] != pairs[0][1]  # another class is never equal


def _same_hash(obj: Any, twin_obj: Any) -> None:
    try:
        expected = hash(twin_obj)
    except TypeError:
        with pytest.raises(TypeError):
            hash(obj)
        return
    assert hash(obj) == expected


def test_the_bundled_data_behaves_as_dataclasses() -> None:
    objects = _model_objects()
    assert len(objects) > 500
    twins = {cls: _twin(cls) for cls in {type(o) for o in objects}}
    for obj in objects:
        twin = twins[type(obj)]
        values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.init}
        twin_obj = twin(**values)
        assert repr(obj) == repr(twin_obj)
        _same_hash(obj, twin_obj)
        again = type(obj)(**values)
        assert again == obj
        assert obj.__ne__(again) is False
        try:
            pickle.dumps(values)
        except TypeError:  # a mapping proxy (the dataset's): no dataclass pickles either
            continue
        assert pickle.loads(pickle.dumps(obj)) == obj


@given(st.lists(st.tuples(st.integers(1800, 2200), st.integers(0, 12), st.integers(0, 28))))
def test_dates_sort_as_dataclasses_do(parts: list[tuple[int, int, int]]) -> None:
    twin = _twin(PartialDate)
    dates = sorted(PartialDate(*p) for p in parts)
    twins = sorted(twin(*p) for p in parts)
    assert [str(d) for d in dates] == [str(t) for t in twins]
    assert [repr(d) for d in dates] == [repr(t) for t in twins]


def test_a_class_keeps_the_methods_it_writes() -> None:
    @frozen
    class Own:
        a: int

        def __repr__(self) -> str:
            return "own"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7

    assert repr(Own(1)) == "own"
    assert Own(1) == Own(2)
    assert hash(Own(1)) == 7


def test_an_eq_without_hash_leaves_the_class_unhashable_as_a_dataclass_does() -> None:
    @frozen
    class Eq:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

    @dataclasses.dataclass(frozen=True, slots=True)
    class Twin:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

    assert (Eq.__hash__ is None) == (Twin.__hash__ is None)  # type: ignore[comparison-overlap]


def test_a_mutable_class_takes_new_values_and_has_no_hash() -> None:
    @mutable(slots=True)
    class Box:
        a: int
        items: list[int] = dataclasses.field(default_factory=list)

    box = Box(1)
    box.a = 2
    box.items.append(3)
    assert box == Box(2, [3]) and box != Box(2)
    with pytest.raises(TypeError):
        hash(box)
    with pytest.raises(AttributeError):
        box.other = 1  # type: ignore[attr-defined]


def test_post_init_and_factories_run_as_a_dataclass_runs_them() -> None:
    calls: list[int] = []

    @frozen
    class Made:
        a: int
        items: list[int] = dataclasses.field(default_factory=list)
        later: int = dataclasses.field(default=5, init=False)

        def __post_init__(self) -> None:
            calls.append(self.a)

    one, two = Made(1), Made(2)
    assert one.items == [] and one.items is not two.items
    assert one.later == 5
    assert calls == [1, 2]
    assert Made(3, [1]).items == [1]


#: In a fresh interpreter: how many functions are compiled from generated source while
#: the model is defined, and how many dataclasses that defines.
_COUNT = textwrap.dedent(
    """
    import sys
    generated = []
    def hook(event, args):
        if event == "exec" and getattr(args[0], "co_filename", "") == "<string>":
            generated.append(args[0])
    import dataclasses, inspect  # imported before counting: not the model's cost
    sys.addaudithook(hook)
    import towntui.core.model, towntui.core.qualitative
    classes = [
        v
        for name, m in list(sys.modules.items())
        if name.startswith("towntui")
        for v in vars(m).values()
        if isinstance(v, type) and v.__module__ == name and dataclasses.is_dataclass(v)
    ]
    print(len(generated), len(classes))
    """
)


def test_defining_the_model_compiles_one_function_a_record() -> None:
    """The model's records are defined before the app's first frame: a dataclass
    compiles six to ten methods for each (~1 ms a class); a record compiles one."""
    out = subprocess.run(
        [sys.executable, "-c", _COUNT], capture_output=True, text=True, check=True, cwd=ROOT
    )
    generated, classes = map(int, out.stdout.split())
    assert classes >= 13  # the model's and qualitative's records, and what they import
    assert generated == classes
