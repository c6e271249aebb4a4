"""Records: plain data classes with value equality, a readable repr and ``replace``.

The session and instrument classes spell out their ``__init__`` and ``__slots__`` instead of
using ``@dataclass``. Making a dataclass compiles its methods when the module is imported:
about 0.6 ms a class on the benchmark machine, and the fifteen model classes were a tenth of
the time of a whole ``kwaliteit report`` (see docs/benchmark.md). A record costs nothing to
define, and its instances are smaller and quicker to make.

The rule for a record: ``__slots__`` names every field, in the order of ``__init__``'s
parameters, and ``__init__`` only stores them. ``tests/test_record.py`` checks this for every
record in the package.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self


class _Fields:
    __slots__: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed, as ``dataclasses.replace`` makes one."""
        unknown = changes.keys() - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return type(self)(**values)


class Record(_Fields):
    """Plain data that may change: equal when of the same class with equal fields."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, so not hashable (as a dataclass)


class FrozenRecord(_Fields):
    """Plain data that is not changed once made, and so can be hashed.

    Subclasses mark their fields ``Final`` in ``__init__``, so mypy refuses any assignment.
    """

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())
