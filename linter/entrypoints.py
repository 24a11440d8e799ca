"""The entry points of one group, read the way ``importlib.metadata`` reads them, without
importing it.

``importlib.metadata`` (with the ``email``, ``zipfile`` and ``csv`` modules it pulls in) and
its scan of every installed distribution cost more than linting a Dockerfile; finding the
rule packs needs only the ``entry_points.txt`` of the ``*.dist-info`` and ``*.egg-info``
directories on ``sys.path``. The reading follows ``importlib.metadata``: ``sys.path`` in
order (``''`` is the working directory), the first distribution of a (normalised) name wins,
the ``[group]`` section's ``name = module:attr [extras]`` lines. Anything else, a zip
archive on the path or an import hook that finds distributions of its own, goes to
``importlib.metadata`` itself (tests/test_startup.py checks the two agree).
"""

from __future__ import annotations

import importlib
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable


class EntryPoint:
    """``name = value`` of ``group``; ``load()`` imports what it names."""

    __slots__ = ("name", "value", "group")

    def __init__(self, name: str, value: str, group: str) -> None:
        self.name, self.value, self.group = name, value, group

    def load(self) -> Any:
        parts = _value(self.value)
        if parts is None:
            raise ValueError(f"entry point {self.name!r}: cannot read {self.value!r}")
        module, attrs = parts
        obj = importlib.import_module(module)
        for attr in filter(None, attrs.split(".")):
            obj = getattr(obj, attr)
        return obj

    def __repr__(self) -> str:
        return f"EntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def entry_points(group: str) -> list[Any]:
    """The entry points of ``group`` of the distributions on ``sys.path``."""
    from importlib.machinery import PathFinder

    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return _importlib(group)
    seen: set[str] = set()
    found: list[Any] = []
    for entry in sys.path:
        root = entry or "."
        if root.lower().endswith(".egg"):
            return _importlib(group)  # an egg's EGG-INFO: importlib.metadata reads those
        try:
            children = os.listdir(root)
        except NotADirectoryError:
            return _importlib(group)  # a zip archive: importlib.metadata reads those
        except OSError:
            continue
        by_name: dict[str, list[str]] = {}
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                name = low.rpartition(".")[0].partition("-")[0]
                by_name.setdefault(_normalized(name), []).append(child)
        for name, dirs in by_name.items():
            if name in seen:
                continue
            seen.add(name)
            text = _read(os.path.join(root, dirs[0], "entry_points.txt"))
            if text and group in text:  # most distributions have other groups only
                found.extend(_section(text, group))
    return found


def _dotted(text: str) -> bool:
    return bool(text) and all(c.isalnum() or c in "_." for c in text)  # [\w.]+


def _value(value: str) -> tuple[str, str] | None:
    r"""``(module, attributes)`` of ``module:attr.attr [extras]``, read as importlib.metadata
    reads it (``[\w.]+\s*(:\s*[\w.]+\s*)?(\[.*\]\s*)?$``); ``None`` when it does not
    read. Not a regular expression: compiling one cost every run 0.25 ms (issue #14)."""
    head, bracket, _ = value.partition("[")
    if bracket and not value.rstrip().endswith("]"):
        return None
    module, colon, attrs = head.partition(":")
    module, attrs = module.rstrip(), attrs.strip()
    if not _dotted(module) or (colon and not _dotted(attrs)):
        return None
    return module, attrs


def _normalized(name: str) -> str:
    """``re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")`` without compiling the
    pattern (every run reads every distribution's name: start-up, issue #14)."""
    out = name.lower().replace("-", "_").replace(".", "_")
    while "__" in out:
        out = out.replace("__", "_")
    return out


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None


def _section(text: str, group: str) -> list[EntryPoint]:
    out = []
    section = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == group:
            name, _, value = line.partition("=")
            out.append(EntryPoint(name.strip(), value.strip(), group))
    return out


def _importlib(group: str) -> list[Any]:
    import importlib.metadata

    return list(importlib.metadata.entry_points(group=group))


def modules_in(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """``(modules, packages)``: the names of the modules and of the packages in the
    directories ``paths``, as ``pkgutil.iter_modules`` lists them (a file with an import
    suffix; a directory without a dot holding an ``__init__``), read with one ``listdir``
    a directory: pkgutil's ``stat`` of every entry and ``inspect.getmodulename`` cost a
    thirtieth of loading a Dockerfile run's rules (start-up, issue #14; tests/test_startup.py
    checks the two agree)."""
    from importlib.machinery import all_suffixes

    suffixes = tuple(all_suffixes())
    modules: dict[str, None] = {}
    packages: dict[str, None] = {}
    for path in paths:
        try:
            names = sorted(os.listdir(path))
        except OSError:
            continue
        for fn in names:
            base = next((fn[:-len(s)] for s in suffixes if fn.endswith(s)), None)
            if base is not None:
                if base != "__init__" and "." not in base and base not in packages:
                    modules.setdefault(base, None)
            # __pycache__ is never a package (its __init__.cpython-311.pyc is not an
            # __init__ with an import suffix): not listed, a tenth of a millisecond a run
            elif "." not in fn and fn not in modules and fn != "__pycache__" \
                    and _is_package(os.path.join(path, fn), suffixes):
                packages.setdefault(fn, None)
    return list(modules), list(packages)


def _is_package(path: str, suffixes: tuple[str, ...]) -> bool:
    try:
        return any(fn.startswith("__init__") and fn[len("__init__"):] in suffixes
                   for fn in os.listdir(path))
    except OSError:
        return False  # not a directory
