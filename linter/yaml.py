"""YAML with positions, for Compose files and Kubernetes manifests.

We read YAML through ruamel.yaml's libyaml-based C parser (package ``ruamel.yaml.clib``),
not its constructors: its *events* carry the start and end marks we need, and the tree is
built from them directly (``_load_events``). ruamel's *node composer* followed by
``_Builder`` is the reference that fast path is tested against, and it reads what the fast
path leaves to it (see ``_load_events``). Where the C parser is not installed (PyPy, exotic
platforms) the pure Python composer is used; the tree is the same. Round-trip mode (``ruamel.yaml.YAML()``) stays
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

import _thread
import gc
import re
import warnings

from . import lazyre
from .findings import Problem, Span
from .plain import Plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterator

# The node classes below are plain classes, not dataclasses (issue #14): building six
# dataclasses cost about 2.5 ms of every YAML run's start-up. Their ``__init__`` assigns
# each field directly and they keep ``__slots__``, so building a tree costs what it did;
# equality stays identity (the dataclasses had ``eq=False``), ``repr`` is ``Plain``'s.

_NOT_YET = object()
_c_loader: Any = _NOT_YET
_c_parser: Any = None  # libyaml's event parser (ruamel.yaml.clib's CParser), with _c_loader


def _ruamel_parts() -> None:
    """Let ``import ruamel.yaml.<part>`` import that part and what it imports, not the whole
    library: ruamel.yaml's package ``__init__`` (run by any import of a part) imports
    ``ruamel.yaml.main`` (the ``YAML`` class, the loaders and dumpers of every kind, ``glob``
    and ``typing``), 2 to 4 ms of a one-file run's start-up, while shiplint reads with the
    parts: the C parser's events (issue #14).

    A finder put first on ``sys.meta_path`` (``_DeferredInit``, used once) gives the import
    system ruamel's own spec for the package, with a loader that leaves its ``__init__`` for
    later: the import system makes and registers the module, under its import locks, as for
    any import. The ``__init__`` then runs the first time anything asks the package for a
    name it does not have, or for its ``dir()`` (``from ruamel.yaml import YAML``,
    ``ruamel.yaml.__version__``: PEP 562's module ``__getattr__`` and ``__dir__``), once,
    under a lock (the other threads wait for it), and the hooks are gone after: so any
    other user of ruamel.yaml in the process sees the library as usual. When ruamel.yaml
    is imported already, nothing changes. The pure-Python path (``_compose_nodes``: what
    libyaml refuses) uses ``YAML``, so the ``__init__`` runs then: ruamel's own
    ``SafeLoader`` would not need it, but its safe constructor asks the package for
    ``version_info`` all the same, and the parts read what ``YAML`` sets on them
    (``max_depth``, ``doc_infos``). Tested in tests/test_yaml_import.py."""
    import sys

    if "ruamel.yaml" in sys.modules:
        return
    with _SETUP:
        if "ruamel.yaml" not in sys.modules and _DeferredInit not in sys.meta_path:
            sys.meta_path.insert(0, _DeferredInit)


#: one thread sets the YAML reading up at a time (``_ruamel_parts``)
_SETUP = _thread.RLock()


class _DeferredInit:
    """The finder of ``_ruamel_parts``: ruamel.yaml's spec as the path finder gives it, with
    ``_DeferredLoader`` as its loader; it takes itself off ``sys.meta_path`` when asked."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "ruamel.yaml":
            return None
        import sys
        from importlib.machinery import PathFinder

        with _SETUP:
            if cls in sys.meta_path:
                sys.meta_path.remove(cls)
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.submodule_search_locations \
                and hasattr(spec.loader, "exec_module"):
            spec.loader = _DeferredLoader(spec.loader)
        return spec  # None: the finders after this one look for it


class _DeferredLoader:
    """Makes the package module (the import system's default) and gives it the hooks that run
    its own loader's ``exec_module`` (its ``__init__``) when first needed."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def create_module(self, spec: Any) -> None:
        return None  # the default module

    def exec_module(self, module: Any) -> None:
        real, lock, ran = self.real, _thread.RLock(), []

        def init() -> None:
            with lock:  # one thread runs it; a thread asking meanwhile waits
                if ran:  # (the __init__ itself asking for a name it has not set yet)
                    return
                ran.append(True)
                try:
                    # not if the module was executed since another way (importlib.reload,
                    # which gives it a spec of the path finder's)
                    if getattr(module.__spec__, "loader", None) is self:
                        module.__spec__.loader = module.__loader__ = real  # as an import has
                        real.exec_module(module)
                finally:
                    module.__dict__.pop("__getattr__", None)
                    module.__dict__.pop("__dir__", None)

        def __getattr__(name: str) -> Any:
            init()
            try:
                return module.__dict__[name]
            except KeyError:
                raise AttributeError(
                    f"module 'ruamel.yaml' has no attribute {name!r}") from None

        def __dir__() -> list[str]:
            init()
            return sorted(module.__dict__)

        module.__getattr__, module.__dir__ = __getattr__, __dir__


def _fast_loader() -> Any:
    """libyaml's loader through ruamel.yaml.clib (the fast path), or ``None``; imported with
    the first YAML file read, so that a run over Dockerfiles never loads ruamel."""
    global _c_loader, _c_parser
    if _c_loader is _NOT_YET:
        _ruamel_parts()
        try:
            from ruamel.yaml.cyaml import CParser, CSafeLoader
        except ImportError:  # pragma: no cover - exercised by forcing pure=True in tests
            CParser = CSafeLoader = None
        _c_loader = CSafeLoader
        if CSafeLoader is not None and _events_match_the_composer(CSafeLoader):
            _flat_events(CParser)  # first: another thread takes the event reader only
            _c_parser = CParser    # once _c_parser is set, and then finds its classes
    return _c_loader


#: the event classes ``_load_events`` compares with (``_flat_events`` may replace them)
_EVENTS: dict[str, type] = {}
#: the events of every kind of node (``_flat_events``)
_NODE_EVENTS = ("ScalarEvent", "AliasEvent", "MappingStartEvent", "MappingEndEvent",
                "SequenceStartEvent", "SequenceEndEvent")


def _flat_events(parser: type) -> None:
    """Give libyaml's parser event classes that are built in one Python call, not three.

    ruamel.yaml.clib's ``CParser`` makes every event it reports by calling ruamel's event
    class (``ScalarEvent(anchor, tag, implicit, value, start_mark, end_mark, style)``,
    looked up in its module's globals), whose ``__init__`` calls its base's, which calls its
    own: three Python frames an event, 0.9 us each over the Kubernetes corpus (738,000
    events). The classes here are subclasses of ruamel's (so ``isinstance`` and every
    attribute, ``comment`` included, are as ruamel's own: anything else in the process that
    reads the parser's events sees no difference) with one flat ``__init__`` of the same
    signature; put in the parser's module for the life of the process (not per call: a
    second thread would see the classes change under it). Checked before it is kept: a
    stream of every kind of node must give the same events, attribute for attribute, with
    either set of classes, else ruamel's stay (a newer ruamel.yaml.clib that passes other
    arguments would fail the check). The node events of the Kubernetes corpus: 0.68 s -> 0.54
    s of CPU with the three most common kinds replaced (all six here)."""
    import sys

    from ruamel.yaml import events

    module = sys.modules.get(parser.__module__)
    names = ("StreamStartEvent", "StreamEndEvent", "DocumentStartEvent", "DocumentEndEvent",
             *_NODE_EVENTS)
    if module is None:
        _EVENTS.update((n, getattr(events, n)) for n in names)
        return
    # what the parser makes now (ruamel's, or these classes put there by a call before)
    _EVENTS.update((n, getattr(module, n, getattr(events, n))) for n in names)
    if any(getattr(module, n, None) is not getattr(events, n) for n in _NODE_EVENTS):
        return  # replaced already, or not the parser this was written for: kept as it is

    class Scalar(events.ScalarEvent):
        __slots__ = ()

        def __init__(self, anchor: Any, tag: Any, implicit: Any, value: Any,
                     start_mark: Any = None, end_mark: Any = None, style: Any = None,
                     comment: Any = None) -> None:
            self.start_mark, self.end_mark, self.comment = start_mark, end_mark, comment
            self.anchor, self.ctag, self.implicit = anchor, tag, implicit
            self.value, self.style = value, style

    class Alias(events.AliasEvent):
        __slots__ = ()

        def __init__(self, anchor: Any, start_mark: Any = None, end_mark: Any = None,
                     style: Any = None, comment: Any = None) -> None:
            self.start_mark, self.end_mark, self.comment = start_mark, end_mark, comment
            self.anchor, self.style = anchor, style

    def start(base: type) -> type:
        class Start(base):  # type: ignore[misc, valid-type]
            __slots__ = ()

            def __init__(self, anchor: Any, tag: Any, implicit: Any, start_mark: Any = None,
                         end_mark: Any = None, flow_style: Any = None, comment: Any = None,
                         nr_items: Any = None) -> None:
                self.start_mark, self.end_mark, self.comment = start_mark, end_mark, comment
                self.anchor, self.ctag, self.implicit = anchor, tag, implicit
                self.flow_style, self.nr_items = flow_style, nr_items

        Start.__name__ = Start.__qualname__ = base.__name__
        return Start

    def end(base: type) -> type:
        class End(base):  # type: ignore[misc, valid-type]
            __slots__ = ()

            def __init__(self, start_mark: Any = None, end_mark: Any = None,
                         comment: Any = None) -> None:
                self.start_mark, self.end_mark, self.comment = start_mark, end_mark, comment

        End.__name__ = End.__qualname__ = base.__name__
        return End

    Scalar.__name__ = Scalar.__qualname__ = "ScalarEvent"
    Alias.__name__ = Alias.__qualname__ = "AliasEvent"
    flat = {"ScalarEvent": Scalar, "AliasEvent": Alias,
            "MappingStartEvent": start(events.MappingStartEvent),
            "SequenceStartEvent": start(events.SequenceStartEvent),
            "MappingEndEvent": end(events.MappingEndEvent),
            "SequenceEndEvent": end(events.SequenceEndEvent)}
    probe = "- &a !t {k: 'v', n: [1, *a]}\n- [x, {}]\n- |\n  text\n"
    before = _events_of(parser, probe)
    for name, cls in flat.items():
        setattr(module, name, cls)
    if _events_of(parser, probe) == before:
        _EVENTS.update(flat)
    else:  # pragma: no cover - a parser that makes its events otherwise
        for name in flat:
            setattr(module, name, getattr(events, name))


def _event_value(v: Any) -> Any:
    """An event's attribute, comparable: a mark by where it points (its repr is its id)."""
    if hasattr(v, "line") and hasattr(v, "column"):
        return ("mark", v.line, v.column, getattr(v, "index", None), getattr(v, "name", None))
    return repr(v)


def _events_of(parser: type, text: str) -> list[tuple]:
    """Every event ``parser`` reports for ``text``: the ruamel class it is (or derives
    from) and every attribute it has (``_flat_events``)."""
    from ruamel.yaml import events

    out = []
    p = parser(text)
    try:
        while True:
            ev = p.get_event()
            kind = next(c for c in type(ev).__mro__ if c.__module__ == events.__name__)
            slots = [n for c in kind.__mro__ for n in getattr(c, "__slots__", ())]
            out.append((kind, [(n, _event_value(getattr(ev, n, None))) for n in slots]))
            if isinstance(ev, events.StreamEndEvent):
                return out
    finally:
        p.dispose()

#: A document whose aliases would expand it past this many nodes is rejected.
MAX_EXPANDED_NODES = 200_000
#: ... provided the expansion is at least this many times its written size.
MAX_EXPANSION_RATIO = 20

#: math.nan and math.inf without the math module (start-up): one NaN object, as math.nan is,
#: so that two ``.nan`` keys of a mapping are the same key (a dict finds a key by identity
#: before equality, and NaN equals nothing)
_NAN = float("nan")
_INF = float("inf")

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STD_TAG = "tag:yaml.org,2002:"


class YNode(Plain):
    """A YAML node. ``span`` covers the node as written; ``tag`` is an explicit non-standard
    tag such as ``!reset`` (``None`` for ordinary nodes)."""

    span: Span
    tag: str | None

    __slots__ = ("span", "tag")
    FIELDS = ("span", "tag")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, span: Span, tag: str | None) -> None:
        self.span = span
        self.tag = tag

    # Each kind of node pickles as one call that makes it and its span from flat fields
    # (``__reduce__``; a worker of ``--jobs`` sends a Kubernetes object's whole tree to the
    # run, linter.batch): pickle's default for a class with slots builds a dictionary of them
    # per node, and a span (a named tuple) is one more call each way; over the Kubernetes
    # corpus this takes 55% less time to send and 40% less to take in, and a third fewer
    # bytes (issue #14).


class YScalar(YNode):
    """A scalar. ``value`` is ``str``, ``int``, ``float``, ``bool`` or ``None`` (YAML 1.2 core
    schema, as resolved by ruamel.yaml); ``text`` is the scalar as written (without quotes);
    ``style`` is ``""`` for plain, ``'"'``/``"'"`` for quoted, ``"|"``/``">"`` for block."""

    value: Any
    text: str
    style: str

    __slots__ = ("value", "text", "style")
    FIELDS = ("span", "tag", "value", "text", "style")

    def __init__(self, span: Span, tag: str | None, value: Any, text: str, style: str) -> None:
        self.span = span
        self.tag = tag
        self.value = value
        self.text = text
        self.style = style

    def __reduce__(self) -> tuple:  # see YNode
        return _scalar, (*self.span, self.tag, self.value, self.text, self.style)

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


class YEntry(Plain):
    """One ``key: value`` pair of a mapping. ``merged`` is True when it came in through ``<<``."""

    key: YNode
    value: YNode
    merged: bool

    __slots__ = ("key", "value", "merged")
    FIELDS = ("key", "value", "merged")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, key: YNode, value: YNode, merged: bool = False) -> None:
        self.key = key
        self.value = value
        self.merged = merged

    def __reduce__(self) -> tuple:  # see YNode
        return YEntry, (self.key, self.value, self.merged)

    @property
    def name(self) -> Any:
        return self.key.value if isinstance(self.key, YScalar) else None


class YMapping(YNode):
    """A mapping, in written order, merge keys applied (explicit keys first, then merged ones)."""

    entries: list[YEntry]
    _index: dict

    __slots__ = ("entries", "_index")
    FIELDS = ("span", "tag", "entries")

    def __init__(self, span: Span, tag: str | None, entries: list[YEntry] | None = None,
        _index: dict | None = None) -> None:
        self.span = span
        self.tag = tag
        self.entries = [] if entries is None else entries
        self._index = {} if _index is None else _index

    def __reduce__(self) -> tuple:  # see YNode
        return _mapping, (*self.span, self.tag, self.entries, self._index)

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


class YSequence(YNode):
    items: list[YNode]

    __slots__ = ("items",)
    FIELDS = ("span", "tag", "items")

    def __init__(self, span: Span, tag: str | None, items: list[YNode] | None = None) -> None:
        self.span = span
        self.tag = tag
        self.items = [] if items is None else items

    def __reduce__(self) -> tuple:  # see YNode
        return _sequence, (*self.span, self.tag, self.items)

    def __iter__(self) -> Iterator[YNode]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# what the nodes' ``__reduce__`` calls (see ``YNode``): a node made as ``__init__`` makes it
_new, _tuple_new = object.__new__, tuple.__new__


def _scalar(line: int, column: int, end_line: int, end_column: int, tag: str | None,
            value: Any, text: str, style: str) -> YScalar:
    node = _new(YScalar)
    node.span, node.tag = _tuple_new(Span, (line, column, end_line, end_column)), tag
    node.value, node.text, node.style = value, text, style
    return node


def _mapping(line: int, column: int, end_line: int, end_column: int, tag: str | None,
             entries: list[YEntry], index: dict) -> YMapping:
    node = _new(YMapping)
    node.span, node.tag = _tuple_new(Span, (line, column, end_line, end_column)), tag
    node.entries, node._index = entries, index
    return node


def _sequence(line: int, column: int, end_line: int, end_column: int, tag: str | None,
              items: list[YNode]) -> YSequence:
    node = _new(YSequence)
    node.span, node.tag = _tuple_new(Span, (line, column, end_line, end_column)), tag
    node.items = items
    return node


class YamlDocument(Plain):
    """One document of a stream. ``root`` is ``None`` for an empty or comments-only document
    (or one dropped because of a problem). ``index`` counts documents from 0."""

    root: YNode | None
    index: int
    span: Span

    __slots__ = ("root", "index", "span")
    FIELDS = ("root", "index", "span")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, root: YNode | None, index: int, span: Span) -> None:
        self.root = root
        self.index = index
        self.span = span


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
            return _NAN
        if t.endswith(".inf"):
            return -_INF if t.startswith("-") else _INF
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


# --- the fast path: Y* nodes straight from libyaml's events -------------------------------
#
# Composing through ruamel's C composer and then walking its nodes costs, per node, a ruamel
# node object (two Python __init__s), a call of ruamel's Python resolver (the C composer asks
# it for every scalar, plain or not, and for every collection), two descend/ascend resolver
# calls per collection, and then our own build() frame, memo and active-set bookkeeping and
# a _span() frame. On the Kubernetes corpus that was about three quarters of load()'s CPU.
# _load_events reads libyaml's event stream (CParser.get_event) once and builds the Y* tree
# from it directly: no node objects, no resolver calls (plain scalars are resolved with
# ruamel's own table for CSafeLoader, memoised by text since keys and small values repeat),
# anchor bookkeeping only for anchored nodes, spans made straight from the marks.
# Measured: load() over the 1,094 Kubernetes files, in-process CPU medians, 4.1 s -> 2.3 s
# with the cyclic collector paused as a batch run pauses it (7.1 s -> 2.2 s with it on, see
# _load); `shiplint check` over that folder, --jobs 1 --no-cache, 6.1 s -> 4.7 s.
#
# The composer path (_Builder over _compose_nodes) stays the reference: it reads every stream
# the C parser cannot (the pure-Python retry of load()) and every stream the event reader
# hands back by raising _Punt, so that its rare cases need no second implementation:
# a duplicate anchor (the C composer refuses it, and load() then retries with the pure
# composer), an undefined alias (a composer error), an alias to a collection still being
# read (a recursive alias), an alias or anchor on a mapping key, a tagged collection key,
# and nesting deeper than _MAX_EVENT_DEPTH (where the reference may run out of stack).
# tests/test_yaml_events.py compares both paths, tree for tree, on generated and nasty
# inputs and on the corpus; benchmarks/yaml_differential.py --reference on the whole corpus.

#: a document nested deeper than this is left to the reference path (see above)
_MAX_EVENT_DEPTH = 150
#: plain scalar text -> value (YAML 1.2 core, as CSafeLoader resolves it); emptied when full
_PLAIN: dict[str, Any] = {}
_PLAIN_MAX = 20_000
_PENDING = object()  # an anchored collection still being read: an alias to it is recursive


class _Punt(Exception):
    """The event reader leaves this stream to the reference path (the reason is the message)."""


def _events_match_the_composer(loader: Any) -> bool:
    """The event reader resolves plain scalars itself, from the same table CSafeLoader's
    resolver reads; it is used only while that resolver is the plain table lookup it copies
    (no path resolvers, no resolver for every first character)."""
    from ruamel.yaml.resolver import BaseResolver

    return (loader.resolve is BaseResolver.resolve and not loader.yaml_path_resolvers
            and None not in loader.yaml_implicit_resolvers)


def _plain_value(text: str) -> Any:
    """The value of an untagged plain scalar, as CSafeLoader's resolver and _scalar_value make
    it (BaseResolver.resolve: the resolvers listed for the first character, in order)."""
    for tag, regexp in _c_loader.yaml_implicit_resolvers.get(text[:1], ()):
        if regexp.match(text):
            value = _scalar_value(tag, text)
            break
    else:
        value = text
    if len(_PLAIN) >= _PLAIN_MAX:
        _PLAIN.clear()
    _PLAIN[text] = value
    return value


class _Open:
    """A collection ``_load_events`` is reading: what it has so far (see ``collection``)."""

    __slots__ = ("ev", "custom", "name", "before", "mapping", "items", "index", "merges",
                 "key", "merge", "merge_at", "node")

    def __init__(self, ev: Any, custom: str | None, name: str | None, before: int,
                 mapping: bool) -> None:
        self.ev, self.custom, self.name, self.before = ev, custom, name, before
        self.mapping = mapping
        self.items: list = []  # a sequence's items, a mapping's entries
        self.index: dict = {}
        self.merges: list[YMapping] = []
        self.key: YNode | None = None  # the key of the value a mapping reads next
        self.merge = False  # the value a mapping reads next is a merge key's
        self.merge_at: Span | None = None  # where that merge key is
        self.node: YNode | None = None  # once closed

    def take(self, vn: YNode, problems: list[Problem]) -> None:
        """A complete node into this collection: an item, a key, a key's value, or what a
        merge key merges."""
        if not self.mapping:
            self.items.append(vn)
            return
        if self.merge:
            self.merge = False
            if isinstance(vn, YMapping):
                self.merges.append(vn)
            elif isinstance(vn, YSequence) and all(isinstance(x, YMapping) for x in vn.items):
                self.merges.extend(vn.items)  # type: ignore[arg-type]
            else:
                problems.append(Problem(
                    "parse-error", "the value of a '<<' merge key must be a mapping or a "
                    "list of mappings; it was ignored", self.merge_at))
            return
        kn = self.key
        if kn is None:  # a collection as a key
            self.key = vn
            return
        self.key = None
        if vn.__class__ is YScalar and vn.value is None and not vn.text and not vn.style:
            # `key:` with nothing after it: see _Builder._mapping
            vn = YScalar(Span.point(kn.span.end_line, kn.span.end_column), vn.tag, None, "", "")
        entry = YEntry(kn, vn)
        if kn.__class__ is YScalar:
            name = kn.value
            if name is not None:
                ikey = name if name.__class__ is str else _ikey(name)
                prev = self.index.get(ikey)
                if prev is not None:
                    shown = str(name)
                    shown = shown if len(shown) <= 60 else shown[:57] + "..."
                    problems.append(Problem(
                        "duplicate-key",
                        f"duplicate key '{shown}' (first written on line {prev.key.span.line}); "
                        "the last value wins here, but Compose and kubectl reject the file",
                        kn.span))
                    self.items = [e for e in self.items if e is not prev]
                self.index[ikey] = entry
        self.items.append(entry)

    def close(self, at: Span) -> YNode:
        """The collection, read whole (``at``: its span)."""
        if not self.mapping:
            self.node = YSequence(at, self.custom, self.items)
            return self.node
        entries, index = self.items, self.index
        for src in self.merges:  # earlier merge sources win over later ones; explicit keys win over all
            for e in src.entries:
                ikey = _ikey(e.name)
                if e.name is not None and ikey not in index:
                    merged = YEntry(e.key, e.value, merged=True)
                    index[ikey] = merged
                    entries.append(merged)
        self.node = YMapping(at, self.custom, entries, index)
        return self.node



def _load_events(text: str) -> tuple[list[YamlDocument], list[Problem], bool]:
    """``_load(text, pure=False)`` from libyaml's events; raises ``_Punt`` where the reference
    path must decide (see above)."""
    from ruamel.yaml.error import YAMLError

    ev_ = _EVENTS  # the classes the parser makes (see _flat_events)
    AliasEvent, MappingEndEvent, MappingStartEvent = (
        ev_["AliasEvent"], ev_["MappingEndEvent"], ev_["MappingStartEvent"])
    ScalarEvent, SequenceEndEvent, StreamEndEvent = (
        ev_["ScalarEvent"], ev_["SequenceEndEvent"], ev_["StreamEndEvent"])

    resolvable = _c_loader.yaml_implicit_resolvers  # first characters a plain scalar may resolve by
    plain = _PLAIN
    tnew = tuple.__new__  # Span(...) without the named tuple's Python-level __new__ frame
    problems: list[Problem] = []  # the current document's problems
    anchors: dict[str, Any] = {}  # the current document's anchors: (node, expanded size)
    written = extra = 0  # the document's written weight; what its aliases add when expanded

    def scalar(ev: Any) -> YScalar:
        # One scalar: its value, as the C composer's resolve() and _scalar_value make it, and
        # its weight (see _Builder.build). A tag of "!" is resolved like no tag (the composer's
        # rule); an explicit tag is kept when it is not a standard one.
        nonlocal written
        value = ev.value
        tag = ev.ctag
        if tag is None or tag == "!":
            custom = None
            if not ev.implicit[0]:
                v: Any = value
            elif value[:1] in resolvable:
                v = plain.get(value, _NOT_YET)
                if v is _NOT_YET:
                    v = _plain_value(value)
            else:
                v = value
        else:
            custom = tag if tag and not tag.startswith(_STD_TAG) else None
            v = _scalar_value(tag, value)
        s, e = ev.start_mark, ev.end_mark
        line, col, end_line, end_col = s.line + 1, s.column + 1, e.line + 1, e.column + 1
        if end_line < line or (end_line == line and end_col < col):  # as _span (libyaml's
            end_line, end_col = line, col  # marks have not been seen to go backwards)
        y = YScalar(tnew(Span, (line, col, end_line, end_col)), custom, v, value, ev.style or "")
        weight = 1 + len(value) // 64
        written += weight
        if ev.anchor is not None:
            anchor(ev.anchor, (y, weight))
        return y

    def anchor(name: str, hit: Any) -> None:
        if name in anchors:
            raise _Punt("duplicate anchor")
        anchors[name] = hit

    def alias(ev: Any) -> YNode:
        nonlocal extra
        hit = anchors.get(ev.anchor)
        if hit is None:
            raise _Punt("undefined alias")
        if hit is _PENDING:
            raise _Punt("recursive alias")
        extra += hit[1]
        return hit[0]

    def span(start: Any, end: Any) -> Span:
        s, e = start.start_mark, end.end_mark
        line, col, end_line, end_col = s.line + 1, s.column + 1, e.line + 1, e.column + 1
        if end_line < line or (end_line == line and end_col < col):
            end_line, end_col = line, col
        return tnew(Span, (line, col, end_line, end_col))

    def collection(ev: Any, depth: int) -> YNode:
        # One collection and everything in it, read with a stack of the collections still
        # open (``_Open``) rather than a Python call per level: CPython 3.11+ keeps frames in
        # 16 KiB chunks it maps when the stack grows past one and unmaps when it falls back,
        # so a recursive reader whose depth goes up and down across a chunk's edge made an
        # mmap/munmap pair (and a page fault) for nearly every nested node: 50,000-73,000
        # pairs over the Kubernetes corpus, 0.4 s of system time in 2.1 s of loading it
        # (strace; which calls crossed depended on how deep the caller's stack was).
        # _Builder._mapping over events: the same entries, index, duplicate-key problems (in
        # the same order: after the value's own) and merge rules.
        nonlocal written
        stack: list[_Open] = []
        while True:
            # ``ev`` opens a collection at nesting ``depth``
            if depth > _MAX_EVENT_DEPTH:
                raise _Punt("deep")
            written += 1
            name = ev.anchor
            before = 0
            if name is not None:
                anchor(name, _PENDING)
                before = written + extra - 1
            tag = ev.ctag
            custom = tag if tag and tag != "!" and not tag.startswith(_STD_TAG) else None
            top = _Open(ev, custom, name, before, ev.__class__ is MappingStartEvent)
            stack.append(top)
            depth += 1
            while True:  # the events of the innermost open collection, until one opens
                e = get()
                c = e.__class__
                if top.mapping and top.key is None and not top.merge:
                    # a key, the mapping's end, or a collection as a key
                    if c is MappingEndEvent:
                        y: YNode = top.close(span(top.ev, e))
                    else:
                        if e.anchor is not None or c is AliasEvent:
                            raise _Punt("anchor or alias on a key")  # the reference builds a merge key lazily
                        if c is ScalarEvent:
                            ktag = e.ctag
                            if ktag is not None and "%" in ktag:
                                raise _Punt("escaped tag on a key")  # the reference decodes it to compare
                            if ktag == _MERGE_TAG or (e.value == "<<" and not e.style):
                                # a merge key: the reference does not build the key itself
                                top.merge, top.merge_at = True, span(e, e)
                            else:
                                top.key = scalar(e)
                            continue
                        if e.ctag is not None and e.ctag != "!":
                            raise _Punt("tagged collection key")
                        break  # a collection as a key: opened above
                elif c is ScalarEvent:
                    y = scalar(e)
                elif c is AliasEvent:
                    y = alias(e)
                elif c is SequenceEndEvent:
                    y = top.close(span(top.ev, e))
                else:
                    break  # a collection opens: read it first
                # ``y`` is complete: a closed collection goes to the one around it
                if y is top.node:
                    stack.pop()
                    if top.name is not None:
                        anchors[top.name] = (y, written + extra - top.before)
                    depth -= 1
                    if not stack:
                        return y
                    top = stack[-1]
                top.take(y, problems)
            ev = e


    docs: list[YamlDocument] = []
    done: list[Problem] = []
    failed = False
    try:
        get = _c_parser(text).get_event
        get()  # the stream's start
        while get().__class__ is not StreamEndEvent:  # a document's start
            problems, anchors, written, extra = [], {}, 0, 0
            ev = get()
            c = ev.__class__
            root: YNode | None = (scalar(ev) if c is ScalarEvent else alias(ev) if c is AliasEvent
                                  else collection(ev, 0))
            get()  # the document's end: the document is kept only once it is read whole
            where = root.span
            size = written + extra
            if size > MAX_EXPANDED_NODES and size > MAX_EXPANSION_RATIO * written:
                problems.append(_bomb_problem(written, where))
                root = None
            if isinstance(root, YScalar) and root.value is None and not root.text and not root.style:
                root = None  # an empty or comments-only document
            done += problems
            docs.append(YamlDocument(root, len(docs), where))
    except _Punt:
        raise
    except YAMLError as exc:
        done.append(_yaml_error(exc, text))
        failed = True
    except Exception as exc:  # text libyaml cannot encode, a deep caller's RecursionError...
        raise _Punt(f"unexpected {type(exc).__name__}") from exc
    finally:
        # the nested functions call one another through their closure cells: a cycle that
        # would keep them, the parser and its buffers alive until a garbage collection
        # (which a batch run pauses); emptying the cells frees them now
        scalar = anchor = alias = span = collection = get = None  # noqa: F841
    return docs, done, failed


def _compose_nodes(text: str, pure: bool) -> Iterator:
    if not pure and _fast_loader() is not None:
        loader = _fast_loader()(text)
        try:
            while loader.check_node():
                yield loader.get_node()
        finally:
            loader.dispose()
    else:
        from ruamel.yaml import YAML  # its package __init__ runs then (see _ruamel_parts)

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
    if not pure and _fast_loader() is not None and _c_parser is not None:
        # The cyclic collector's default thresholds make it scan the tree being built over
        # and over (it makes only acyclic objects: about 40% of _load_events' CPU, with the
        # collector on, on the Kubernetes corpus), so it is paused meanwhile. A batch run has
        # paused it already (runner._few_collections); this is for the others (the language
        # server, fixes, a caller of load()). Pausing it changes no result.
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return _load_events(text)
        except _Punt:
            pass  # a case the reference path decides: see _load_events
        finally:
            if paused:
                gc.enable()
    return _load_nodes(text, pure)


def _bomb_problem(written: int, span: Span) -> Problem:
    return Problem(
        "yaml-alias-bomb",
        f"aliases expand this document from {written} written nodes to more than "
        f"{MAX_EXPANDED_NODES}; it was not linted (a 'billion laughs' file?)", span)


def _load_nodes(text: str, pure: bool) -> tuple[list[YamlDocument], list[Problem], bool]:
    """``_load`` through the composer and ``_Builder``: the reference path."""
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
            problems.append(_bomb_problem(builder.written, root.span))
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
    # Both of _DEEP_BLOCK's branches match within one line of at least 2,000 characters; a
    # text without one is not searched (the search cost about as much as libyaml's parse of
    # the Kubernetes corpus, which has few such lines).
    if len(text) < 2000 or max(map(len, text.split("\n"))) < 2000:
        return 0
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
