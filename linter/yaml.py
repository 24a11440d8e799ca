"""YAML with positions, for Compose files and Kubernetes manifests.

We read YAML through ruamel.yaml's *node composer*, not its constructors: nodes carry the
start and end marks we need, and composing through the libyaml-based C parser (package
``ruamel.yaml.clib``) is about ten times faster than ruamel's round-trip loader on the
Kubernetes corpus. Where the C parser is not installed (PyPy, exotic platforms) the pure
Python composer is used; the tree is the same. Round-trip mode (``ruamel.yaml.YAML()``) stays
the tool for *editing* files (fixes), which needs comments and formatting.

The nodes are turned into a small typed tree (``YScalar``, ``YMapping``, ``YSequence``) that
the Compose and Kubernetes trees are built from:

* ``<<`` merge keys are applied here. A merged entry keeps the key and value nodes *where they
  are written* (inside the anchored mapping) and is marked ``merged=True``, so findings point
  at the source and can say "through a merge key".
* Duplicate keys are reported as ``duplicate-key`` problems (the last one wins, as most YAML
  libraries do; Compose and kubectl reject them, so they are real bugs).
* Aliases are shared, not copied, so the tree is a DAG. Its *expanded* size is computed as it
  is built; a document that would expand past ``MAX_EXPANDED_NODES`` (and is much larger
  expanded than written) is a "billion laughs" and is replaced by a ``yaml-alias-bomb``
  problem, so no rule can walk into the explosion.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import lazyre
from .findings import Problem, Span

_NOT_YET = object()
_c_loader: Any = _NOT_YET


def _fast_loader() -> Any:
    """libyaml's loader through ruamel.yaml.clib (the fast path), or ``None``; imported with
    the first YAML file read, so that a run over Dockerfiles never loads ruamel."""
    global _c_loader
    if _c_loader is _NOT_YET:
        try:
            from ruamel.yaml.cyaml import CSafeLoader
        except ImportError:  # pragma: no cover - exercised by forcing pure=True in tests
            CSafeLoader = None
        _c_loader = CSafeLoader
    return _c_loader

#: A document whose aliases would expand it past this many nodes is rejected.
MAX_EXPANDED_NODES = 200_000
#: ... provided the expansion is at least this many times its written size.
MAX_EXPANSION_RATIO = 20

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STD_TAG = "tag:yaml.org,2002:"


@dataclass(eq=False, slots=True)
class YNode:
    """A YAML node. ``span`` covers the node as written; ``tag`` is an explicit non-standard
    tag such as ``!reset`` (``None`` for ordinary nodes)."""

    span: Span
    tag: str | None


@dataclass(eq=False, slots=True)
class YScalar(YNode):
    """A scalar. ``value`` is ``str``, ``int``, ``float``, ``bool`` or ``None`` (YAML 1.2 core
    schema, as resolved by ruamel.yaml); ``text`` is the scalar as written (without quotes);
    ``style`` is ``""`` for plain, ``'"'``/``"'"`` for quoted, ``"|"``/``">"`` for block."""

    value: Any
    text: str
    style: str

    @property
    def plain(self) -> bool:
        return self.style == ""

    def as_str(self) -> str:
        """The value as a string, the way a YAML->JSON consumer would see it (``null`` -> ``""``)."""
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return self.text if isinstance(self.value, str) else str(self.value)


@dataclass(eq=False, slots=True)
class YEntry:
    """One ``key: value`` pair of a mapping. ``merged`` is True when it came in through ``<<``."""

    key: YNode
    value: YNode
    merged: bool = False

    @property
    def name(self) -> Any:
        return self.key.value if isinstance(self.key, YScalar) else None


@dataclass(eq=False, slots=True)
class YMapping(YNode):
    """A mapping, in written order, merge keys applied (explicit keys first, then merged ones)."""

    entries: list[YEntry] = field(default_factory=list)
    _index: dict = field(default_factory=dict, repr=False)

    def entry(self, key: Any) -> YEntry | None:
        return self._index.get(_ikey(key))

    def get(self, key: Any) -> YNode | None:
        e = self._index.get(_ikey(key))
        return e.value if e else None

    def __contains__(self, key: Any) -> bool:
        return _ikey(key) in self._index

    def keys(self) -> list:
        return [e.name for e in self.entries]

    def scalar(self, key: Any) -> YScalar | None:
        v = self.get(key)
        return v if isinstance(v, YScalar) else None

    def str(self, key: Any) -> str | None:
        """The value at ``key`` as a string if it is a non-null scalar, else ``None``."""
        v = self.get(key)
        if isinstance(v, YScalar) and v.value is not None:
            return v.as_str()
        return None

    def mapping(self, key: Any) -> "YMapping | None":
        v = self.get(key)
        return v if isinstance(v, YMapping) else None

    def sequence(self, key: Any) -> "YSequence | None":
        v = self.get(key)
        return v if isinstance(v, YSequence) else None

    def path(self, *keys: Any) -> YNode | None:
        """Follow ``keys`` through nested mappings: ``m.path("spec", "template")``."""
        node: YNode | None = self
        for k in keys:
            if not isinstance(node, YMapping):
                return None
            node = node.get(k)
        return node


@dataclass(eq=False, slots=True)
class YSequence(YNode):
    items: list[YNode] = field(default_factory=list)

    def __iter__(self) -> Iterator[YNode]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(eq=False, slots=True)
class YamlDocument:
    """One document of a stream. ``root`` is ``None`` for an empty or comments-only document
    (or one dropped because of a problem). ``index`` counts documents from 0."""

    root: YNode | None
    index: int
    span: Span


def _ikey(value: Any) -> Any:
    """The index key of a mapping key: Python says ``True == 1`` and ``1.0 == 1``, YAML does
    not (``true:`` and ``1:`` are two keys), so booleans and floats are kept apart."""
    if isinstance(value, bool):
        return ("\0bool", value)
    if isinstance(value, float):
        return ("\0float", value)
    return value


def _span(node) -> Span:
    s, e = node.start_mark, node.end_mark
    line, col = s.line + 1, s.column + 1
    end_line, end_col = e.line + 1, e.column + 1
    if (end_line, end_col) < (line, col):
        end_line, end_col = line, col
    return Span(line, col, end_line, end_col)


_INT_RE = lazyre.compile(r"^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|0[bB][01_]+)$")


def _scalar_value(tag: str, text: str) -> Any:
    kind = tag[len(_STD_TAG):] if tag.startswith(_STD_TAG) else "str"
    if kind == "str":
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if kind == "int":
        t = text.replace("_", "")
        sign = -1 if t.startswith("-") else 1
        t = t.lstrip("+-")
        try:
            if t[:2].lower() in ("0x", "0o", "0b"):
                return sign * int(t, 0)
            return sign * int(t, 8 if len(t) > 1 and t.startswith("0") else 10)
        except ValueError:
            return text
    if kind == "float":
        t = text.replace("_", "").lower()
        if t.endswith(".nan"):
            return math.nan
        if t.endswith(".inf"):
            return -math.inf if t.startswith("-") else math.inf
        try:
            return float(t)
        except ValueError:
            return text
    return text  # timestamps, binary, ... stay text


class _Builder:
    """Turns composed ruamel nodes into Y* nodes; shares aliased nodes; counts expansion."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.memo: dict[int, tuple[YNode, int]] = {}
        self.active: set[int] = set()  # nodes being built: an alias to one of them is a cycle
        self.written = 0

    def build(self, node) -> tuple[YNode, int]:
        """Return (tree node, expanded size)."""
        key = id(node)
        if key in self.active:
            self.problems.append(Problem(
                "parse-error", "recursive alias: a node contains itself; replaced by null", _span(node)))
            return YScalar(_span(node), None, None, "", ""), 1
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        ctag = node.ctag  # node.tag builds a new string on every call; implicit tags need none
        tag = ctag.suffix if ctag is not None and ctag.handle is None else node.tag
        custom = tag if tag and not tag.startswith(_STD_TAG) else None
        kind = node.id
        if kind == "scalar":
            style = node.style or ""
            y: YNode = YScalar(_span(node), custom, _scalar_value(tag or "", node.value), node.value, style)
            # a long scalar weighs more: aliasing one 100 KB string a thousand times is a bomb
            # for every rule that scans text, though it adds few nodes
            weight = 1 + len(node.value) // 64
            self.written += weight
            result = (y, weight)
        elif kind == "sequence":
            self.written += 1
            seq = YSequence(_span(node), custom)
            size = 1
            self.active.add(key)
            for child in node.value:
                c, n = self.build(child)
                seq.items.append(c)
                size += n
            result = (seq, size)
        else:
            self.written += 1
            self.active.add(key)
            result = self._mapping(node, custom)
        self.active.discard(key)
        self.memo[key] = result
        return result

    def _mapping(self, node, custom: str | None) -> tuple[YNode, int]:
        m = YMapping(_span(node), custom)
        size = 1
        merges: list[YMapping] = []
        first_seen: dict = {}
        for k, v in node.value:
            if k.tag == _MERGE_TAG or (k.id == "scalar" and k.value == "<<" and not k.style):
                vn, n = self.build(v)
                size += n
                if isinstance(vn, YMapping):
                    merges.append(vn)
                elif isinstance(vn, YSequence) and all(isinstance(x, YMapping) for x in vn.items):
                    merges.extend(vn.items)  # type: ignore[arg-type]
                else:
                    self.problems.append(Problem(
                        "parse-error", "the value of a '<<' merge key must be a mapping or a "
                        "list of mappings; it was ignored", _span(k)))
                continue
            kn, kz = self.build(k)
            vn, vz = self.build(v)
            size += kz + vz
            if isinstance(vn, YScalar) and vn.value is None and not vn.text and not vn.style:
                # `key:` with nothing after it: libyaml and the pure parser put this empty
                # scalar at different places; both mean "right after the key".
                vn = YScalar(Span.point(kn.span.end_line, kn.span.end_column), vn.tag, None, "", "")
            entry = YEntry(kn, vn)
            name = entry.name if isinstance(kn, YScalar) else None
            try:
                hash(name)
            except TypeError:
                name = None
            ikey = _ikey(name)
            if name is not None and ikey in first_seen:
                prev = first_seen[ikey]
                shown = str(name)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                self.problems.append(Problem(
                    "duplicate-key",
                    f"duplicate key '{shown}' (first written on line {prev.key.span.line}); "
                    "the last value wins here, but Compose and kubectl reject the file",
                    kn.span))
                m.entries = [e for e in m.entries if e is not prev]
            if name is not None:
                first_seen[ikey] = entry
                m._index[ikey] = entry
            m.entries.append(entry)
        for src in merges:  # earlier merge sources win over later ones; explicit keys win over all
            for e in src.entries:
                ikey = _ikey(e.name)
                if e.name is not None and ikey not in m._index:
                    merged = YEntry(e.key, e.value, merged=True)
                    m._index[ikey] = merged
                    m.entries.append(merged)
        return m, size


def _compose_nodes(text: str, pure: bool) -> Iterator:
    if not pure and _fast_loader() is not None:
        loader = _fast_loader()(text)
        try:
            while loader.check_node():
                yield loader.get_node()
        finally:
            loader.dispose()
    else:
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).compose_all(text)


def load(text: str, pure: bool = False) -> tuple[list[YamlDocument], list[Problem]]:
    """Parse a YAML stream into documents with positions.

    Returns the documents read (those before a syntax error are kept) and the problems:
    ``parse-error`` (with the line and column the parser names), ``duplicate-key``,
    ``yaml-alias-bomb``. Never raises on bad input. ``pure=True`` forces the pure-Python
    composer (for tests and for platforms without ``ruamel.yaml.clib``).
    """
    deep = _deeply_nested(text)
    if deep:  # both composers recurse per level; the C one on the C stack, where it crashes
        return [], [Problem("parse-error", f"YAML nested more than {MAX_C_DEPTH} levels deep; "
                            "not read", Span.point(deep))]
    docs, problems, failed = _load(text, pure)
    if failed and not pure and _fast_loader() is not None:
        # libyaml (the C parser) is stricter than the YAML library of Kubernetes and Compose
        # in a few places: a plain scalar holding ':' in a flow collection (`[frontend:80]`,
        # `{url: http://x:80}`) is an error to it and a string to them. The pure-Python
        # composer reads those as they do; it is stricter elsewhere (tabs after a value), so
        # it is asked only when the C parser fails, and its answer is taken when it reads
        # the whole stream.
        again, more, still = _load(text, True)
        if not still:
            return again, more
        if "\t" in text:  # both at once: a tab where the pure composer wants a space too
            # (after a value, before a comment). Tabs past the indentation become spaces,
            # one column each, so positions hold (a scalar holding a tab reads it as a
            # space, which no rule tells apart); tabs that indent stay errors, as in YAML.
            spaced = _INNER_TABS.sub(lambda m: m.group().replace("\t", " "), text)
            again, more, still = _load(spaced, True)
            if not still:
                return again, more
    return docs, problems


#: a line's text after its indentation (tabs in it may become spaces, see ``load``)
_INNER_TABS = lazyre.compile(r"(?m)(?<=\S)[^\n]*")


def _load(text: str, pure: bool) -> tuple[list[YamlDocument], list[Problem], bool]:
    """``load`` with one composer: documents, problems, and whether the stream failed to
    parse (a syntax error; the documents before it are kept)."""
    problems: list[Problem] = []
    docs: list[YamlDocument] = []
    failed = False
    it = _compose_nodes(text, pure)
    index = 0
    while True:
        try:
            with warnings.catch_warnings():
                # ruamel warns on stderr when an anchor is defined twice; YAML 1.2 allows it
                # (an alias refers to the latest definition) and so do Compose and kubectl
                warnings.simplefilter("ignore")
                node = next(it)
        except StopIteration:
            break
        except RecursionError:
            problems.append(Problem("parse-error", "YAML is nested too deeply to read"))
            failed = True
            break
        except Exception as exc:  # ruamel raises MarkedYAMLError and friends
            problems.append(_yaml_error(exc, text))
            failed = True
            break
        if node is None:
            docs.append(YamlDocument(None, index, Span()))
            index += 1
            continue
        builder = _Builder(problems)
        try:
            root, size = builder.build(node)
        except RecursionError:
            problems.append(Problem("parse-error", "YAML is nested too deeply to read", _span(node)))
            root, size = None, 0
        if root is not None and size > MAX_EXPANDED_NODES and size > MAX_EXPANSION_RATIO * builder.written:
            problems.append(Problem(
                "yaml-alias-bomb",
                f"aliases expand this document from {builder.written} written nodes to more than "
                f"{MAX_EXPANDED_NODES}; it was not linted (a 'billion laughs' file?)",
                root.span))
            root = None
        if isinstance(root, YScalar) and root.value is None and not root.text and not root.style:
            root = None  # an empty or comments-only document
        docs.append(YamlDocument(root, index, _span(node)))
        index += 1
    return docs, problems, failed


#: YAML nested deeper than this is not read (a finding says so)
MAX_C_DEPTH = 1000
_BRACKETS = lazyre.compile(r"[\[\]{}]")
_DEEP_BLOCK = lazyre.compile(r"(?:-[ \t]+){1000,}|^[ \t]{2000,}\S", re.M)


def _deeply_nested(text: str) -> int:
    """The line where ``text`` nests deeper than ``MAX_C_DEPTH`` flow collections or shows a
    block nesting that deep, else 0. Brackets inside quoted strings count too: YAML that
    holds more than a thousand unclosed brackets in strings is not worth the risk."""
    if text.count("[") + text.count("{") > MAX_C_DEPTH:
        depth = 0
        for m in _BRACKETS.finditer(text):
            depth += 1 if m.group() in "[{" else -1
            if depth > MAX_C_DEPTH:
                return text.count("\n", 0, m.start()) + 1
    m = _DEEP_BLOCK.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _yaml_error(exc: Exception, text: str = "") -> Problem:
    position = getattr(exc, "position", None)  # reader errors: a character offset, no mark
    if isinstance(position, int) and text and not getattr(exc, "problem_mark", None):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        char = getattr(exc, "character", None)
        what = f"character {char!r}" if isinstance(char, str) else "a character"
        return Problem("parse-error", f"invalid YAML: {what} is not allowed in YAML text",
                       Span.point(line, column))
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    lines = str(exc).strip().splitlines()
    what = getattr(exc, "problem", None) or (lines[0] if lines else type(exc).__name__)
    context = getattr(exc, "context", None)
    msg = f"invalid YAML: {what}"
    if context and context not in msg:
        msg += f" ({context})"
    if mark is not None:
        return Problem("parse-error", msg, Span.point(mark.line + 1, mark.column + 1))
    return Problem("parse-error", msg)


def walk_scalars(node: YNode | None, path: tuple = ()) -> Iterator[tuple[tuple, YScalar]]:
    """Yield ``(key path, scalar)`` for every scalar under ``node``: mapping keys are path
    items, sequence positions are ints. Aliases are visited once per path, which is bounded
    because alias bombs never reach a tree."""
    if isinstance(node, YScalar):
        yield path, node
    elif isinstance(node, YMapping):
        for e in node.entries:
            yield from walk_scalars(e.value, path + (e.name,))
    elif isinstance(node, YSequence):
        for i, item in enumerate(node.items):
            yield from walk_scalars(item, path + (i,))
