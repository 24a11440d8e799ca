"""Regular expressions compiled the first time they are used (start-up, issue #14).

A module-level ``NAME = lazyre.compile(PATTERN, FLAGS)`` stands for ``re.compile(PATTERN,
FLAGS)``: the pattern is compiled when one of its attributes is first read (``NAME.match``,
``NAME.sub``, ``NAME.pattern``...), and from then on those attributes are the compiled
pattern's own, read from the instance like any attribute. A one-file run uses a fifth of the
patterns its modules declare; compiling all of them at import cost about a tenth of its
start-up.

Use it for a pattern only read through its attributes; one handed to ``re.sub(NAME, ...)``
or checked with ``isinstance(NAME, re.Pattern)`` stays a ``re.compile``.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any

#: what a compiled pattern offers: copied onto the instance when it is compiled
_ATTRIBUTES = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split",
               "scanner", "pattern", "flags", "groups", "groupindex")


class _Pattern:
    """A compiled ``LazyPattern``: the compiled pattern's attributes are the instance's own
    (no ``__getattr__`` left to slow every read)."""

    _args: tuple[str, int]

    def __reduce__(self) -> tuple:  # pickled (a process pool) and copied as its source
        return (LazyPattern, self._args)

    def __repr__(self) -> str:
        return f"lazyre.compile({self._args[0]!r})"


class LazyPattern(_Pattern):
    """``re.compile(pattern, flags)``, made on first use."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not hold yet
        if name.startswith("__") or name == "_args":
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for attr in _ATTRIBUTES:
            self.__dict__[attr] = getattr(compiled, attr)
        self.__class__ = _Pattern
        return getattr(compiled, name)


compile = LazyPattern  # noqa: A001 - stands for re.compile
