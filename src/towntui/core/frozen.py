"""``@frozen`` and ``@mutable``: dataclasses that are cheap to define.

``@dataclass(frozen=True, slots=True)`` compiles six or more methods from source for
every class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``, and four more with ``order=True``): about 1 ms a class on this host,
some 30 ms of the app's start for the records it imports before its first frame.

:func:`frozen` makes the same class with one compiled method, ``__init__`` (the one
that runs for every object a load makes). The others are shared functions that read the
fields through :func:`operator.attrgetter`. The class is still a dataclass
(:func:`dataclasses.fields`, :func:`~dataclasses.replace` and :func:`~dataclasses.asdict`
work), and it behaves as ``@dataclass(frozen=True, slots=True, order=order)`` would:
the same ``__init__`` signature, defaults and factories, the same ``repr``, equality
and hash over the same fields, :class:`~dataclasses.FrozenInstanceError` on assignment,
``__match_args__``, and copies and pickles that round-trip. :func:`mutable` does the
same for ``@dataclass`` (``slots=slots``): fields may be set, and it has no hash.
``tests/test_frozen.py`` holds every such class in towntui to its dataclass twin.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["frozen", "mutable"]

T = TypeVar("T", bound=type)
_MISSING = dataclasses.MISSING


@overload
def frozen(cls: T, /) -> T: ...
@overload
def frozen(*, order: bool = False, slots: bool = True) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(
    cls: T | None = None, /, *, order: bool = False, slots: bool = True
) -> T | Callable[[T], T]:
    """Make ``cls`` a frozen dataclass, slotted unless ``slots=False`` (``order=True``:
    ordered by its fields, as a dataclass's ``order=True``)."""

    def wrap(cls: T) -> T:
        return _make(cls, order=order, is_frozen=True, slots=slots)

    return wrap if cls is None else wrap(cls)


@overload
def mutable(cls: T, /) -> T: ...
@overload
def mutable(*, slots: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable(cls: T | None = None, /, *, slots: bool = False) -> T | Callable[[T], T]:
    """Make ``cls`` a dataclass as ``@dataclass(slots=slots)`` would: fields may be set,
    and instances are unhashable unless the class writes a ``__hash__``."""

    def wrap(cls: T) -> T:
        return _make(cls, order=False, is_frozen=False, slots=slots)

    return wrap if cls is None else wrap(cls)


def _make(original: T, *, order: bool, is_frozen: bool, slots: bool) -> T:
    documented = bool(original.__doc__)
    # fields, slots and __match_args__, with nothing compiled: the methods come next
    cls: Any = dataclasses.dataclass(original, init=False, repr=False, eq=False, slots=slots)
    fields = dataclasses.fields(cls)
    own = cls.__dict__
    class_hash = own.get("__hash__", _MISSING)
    # as a dataclass decides: ``__eq__`` written in the class sets ``__hash__`` to None
    own_hash = not (class_hash is _MISSING or (class_hash is None and "__eq__" in own))
    for name, fn in _methods(cls, fields, order, is_frozen).items():
        if own_hash if name == "__hash__" else name in own:
            continue  # a method the class wrote itself wins, as with a dataclass
        if fn is not None:
            fn.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, fn)
    if not documented:  # as a dataclass: the name and signature
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    made: T = cls
    return made


def _methods(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], order: bool, is_frozen: bool
) -> dict[str, Any]:
    """The methods a dataclass with these options would have (``__hash__`` None when
    it has no hash)."""
    key = _key([f.name for f in fields if f.compare])
    methods: dict[str, Any] = {
        "__init__": _init(cls, fields, is_frozen),
        "__repr__": _repr([f.name for f in fields if f.repr]),
        "__eq__": _eq(key),
        "__hash__": None,  # eq without frozen: unhashable, as a dataclass
    }
    if is_frozen:
        methods["__setattr__"] = _setattr
        methods["__delattr__"] = _delattr
        methods["__getstate__"] = _getstate
        methods["__setstate__"] = _setstate
        hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
        methods["__hash__"] = _hash(_key(hashed))
    if order:
        methods.update(_order(key))
    return methods


def _init(
    cls: type, fields: tuple[dataclasses.Field[Any], ...], is_frozen: bool
) -> Callable[..., None]:
    """The class's ``__init__``, compiled as a dataclass's would be: each field set
    (with ``object.__setattr__`` when frozen), defaults and factories as the fields say,
    and ``__post_init__`` last if the class has one."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_HAS_FACTORY": _HAS_FACTORY}
    params: list[str] = []
    body: list[str] = []
    annotations: dict[str, Any] = {}
    for f in fields:
        value = f.name
        if f.default_factory is not _MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            call = f"_factory_{f.name}()"
            if f.init:
                params.append(f"{f.name}=_HAS_FACTORY")
                value = f"{call} if {f.name} is _HAS_FACTORY else {f.name}"
            else:
                value = call
        elif f.default is not _MISSING:
            names[f"_default_{f.name}"] = f.default
            if f.init:
                params.append(f"{f.name}=_default_{f.name}")
            else:
                value = f"_default_{f.name}"
        elif f.init:
            params.append(f.name)
        else:
            continue  # init=False without a default: left unset, as a dataclass does
        if f.init:
            annotations[f.name] = f.type
        if is_frozen:
            body.append(f"    _set(self, {f.name!r}, {value})")
        else:
            body.append(f"    self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    exec(source, names)
    init: Callable[..., None] = names["__init__"]
    init.__annotations__ = {**annotations, "return": None}
    return init


class _HasFactory:
    """The default of a parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an object's values of ``names`` as a tuple (a one-name
    :func:`attrgetter` gives the value itself)."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)


def _repr(names: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({parts})"

    return __repr__


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _order(key: Callable[[Any], tuple[Any, ...]]) -> dict[str, Callable[[Any, object], Any]]:
    def __lt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) < key(other)
        return NotImplemented

    def __le__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) <= key(other)
        return NotImplemented

    def __gt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) > key(other)
        return NotImplemented

    def __ge__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) >= key(other)
        return NotImplemented

    return {"__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, f.name) for f in dataclasses.fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(dataclasses.fields(self), state, strict=True):
        object.__setattr__(self, f.name, value)
