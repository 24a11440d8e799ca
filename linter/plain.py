"""Plain classes where a dataclass would cost start-up (issue #14).

``@dataclass`` writes each class's ``__init__``, ``__repr__`` and ``__eq__`` as source text and
compiles it when the module is imported: about 0.4 ms a class, and a run over one Dockerfile
imports some fifty of them. The classes every run imports whether or not it lints anything
(``Rule``, ``Example``, ``Hit``, ``Config``) are written by hand instead, on ``Plain``: a
``repr`` and an equality like a dataclass's, from the ``FIELDS`` the class names in order,
and ``replace`` where ``dataclasses.replace`` was called. So are the engine's other classes
a one-file run makes (``Finding``, ``Report``, ``ParsedFile``, ``Suppression``,
``ImageReference``...); ``Finding``, made once per finding, assigns its slots directly.
tests/test_engine.py checks they behave as the dataclasses they replace did.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any


class Plain:
    """``repr`` and ``==`` from ``FIELDS`` (``eq=False`` classes set ``__eq__ =
    object.__eq__`` and ``__hash__ = object.__hash__`` back)."""

    __slots__ = ()
    FIELDS: tuple[str, ...] = ()

    def _assign(self, values: dict[str, Any]) -> None:
        """Set every field from ``values`` (an ``__init__``'s ``locals()``)."""
        for name in self.FIELDS:
            object.__setattr__(self, name, values[name])

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes``, made through ``__init__`` as ``dataclasses.replace`` made
        it (an unknown name: ``TypeError``)."""
        values = {name: getattr(self, name) for name in self.FIELDS}
        values.update(changes)
        return type(self)(**values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.FIELDS) + ")"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass with eq


class Frozen(Plain):
    """A ``Plain`` whose fields are set once (``frozen=True``): hashable, and an assignment
    raises ``AttributeError`` as a frozen dataclass's does. Its subclasses set their fields
    with ``object.__setattr__``; copying and pickling go through ``__getstate__``."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._values())

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.FIELDS, state):
            object.__setattr__(self, name, value)
