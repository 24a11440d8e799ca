"""Validation of Kubernetes objects against the Kubernetes JSON schemas, with positions.

The schemas come from the ``kubernetes-validate`` package (installed with the optional extra
``shiplint[kubernetes-schemas]``): for each Kubernetes minor it ships, we read only the strict
``_definitions.json`` (every definition, ``additionalProperties: false`` on objects) and index
its definitions by the ``x-kubernetes-group-version-kind`` they declare. Validation itself is
done by the ``jsonschema`` library; kubernetes-validate's own ``validate`` function is not used,
because it stops at the first error.

How an object is validated (``validate``):

1. Its YAML tree is converted to the JSON the API server receives from ``kubectl``, which
   reads YAML 1.1 (``to_json``): a plain ``yes``/``no``/``on``/``off``/``y``/``n`` is a
   boolean, ``0755`` an octal integer; keys become strings; ``null`` values of mapping entries
   are dropped, as the API server treats them as unset (this also avoids the schemas' spurious
   ``oneOf`` failure of a null int-or-string).
2. ``jsonschema`` reports every error; each one's JSON path is walked back through the YAML
   tree to the node it is about, and turned into a ``SchemaError`` with a message meant for
   people: an unknown field points at its key with a "did you mean" hint, a wrong type at the
   value (saying when YAML 1.1 is the reason, and what to write instead), a missing required
   field at the key of the mapping that lacks it.
3. Plain scalars that YAML 1.1 and YAML 1.2 readers disagree on, but that the schema accepts
   (``enabled: yes`` in a boolean field, ``22:22`` in a string field, an unquoted ``on`` key in
   a string map), are reported as ``ambiguous`` errors of lower severity.

Loading a version's definitions takes a few tenths of a second; schema sets are cached per
version and validators per definition, so a run pays that once.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache

from .. import lazyre
from . import DEFAULT_VERSION  # noqa: F401 - re-exported: the version validated against when none is configured
from ..findings import Span
from ..plain import Plain
from ..suggest import closest
from ..yaml import YMapping, YNode, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the model itself only when validating (SL101 reads DEFAULT_VERSION)
    from typing import Any, Iterable, Iterator
    from .tree import KubeObject

#: The optional extra that brings the schemas in.
EXTRA = "kubernetes-schemas"
PACKAGE = "kubernetes-validate"

_SCHEMA_DIR = "kubernetes-json-schema"
_DIR_RE = lazyre.compile(r"^v(\d+)\.(\d+)\.0-local-strict$")
_DEFS_ID = "https://kubernetes.io/api/_definitions.json"
#: GVK entries every API group declares for these helper types; they do not make a group real.
_PSEUDO_KINDS = frozenset(("DeleteOptions", "WatchEvent"))
#: API groups that are Kubernetes' own even when a version no longer serves any kind of them.
_LEGACY_GROUPS = frozenset(("", "extensions", "apps", "batch", "autoscaling", "policy"))

# go-yaml v2 (kubectl's reader) resolves these plain scalars to booleans; YAML 1.2 does not
YAML11_BOOLS = {w: True for w in ("y", "Y", "yes", "Yes", "YES", "on", "On", "ON")}
YAML11_BOOLS.update({w: False for w in ("n", "N", "no", "No", "NO", "off", "Off", "OFF")})
_OCTAL_RE = lazyre.compile(r"^[-+]?0[0-7_]+$")
_PATCH_NAME = lazyre.compile(r"(?<![a-z])patch")
_SEXAGESIMAL_RE = lazyre.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


def _sexagesimal_like(v: str) -> bool:
    """``_SEXAGESIMAL_RE.match(v)``, asked only of a text that starts as such a number does:
    most texts with a colon are images (``nginx:1.27``) or URLs, and the pattern is then not
    compiled at all (start-up, issue #14)."""
    return v[:1] in _SIXTY_START and _SEXAGESIMAL_RE.match(v) is not None


_SIXTY_START = frozenset("+-0123456789")


# ------------------------------------------------------------------------------ schema sets


def _package_dir() -> str | None:
    # Found on sys.path by the path finder, without importing it (nor importlib.util: 0.3 ms
    # of a one-file run's start-up, issue #14); an import hook's package (an editable
    # install's finder, a zip) goes through importlib.util.find_spec.
    from importlib.machinery import PathFinder

    try:
        spec = PathFinder.find_spec("kubernetes_validate")
        if spec is None:
            import importlib.util

            spec = importlib.util.find_spec("kubernetes_validate")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], _SCHEMA_DIR)
    return path if os.path.isdir(path) else None


@lru_cache(maxsize=1)
def _shipped() -> dict[str, str]:
    """Shipped minor version ("1.33") -> its strict definitions file."""
    base = _package_dir()
    if base is None:
        return {}
    out: dict[tuple[int, int], str] = {}
    for name in os.listdir(base):
        m = _DIR_RE.match(name)
        defs = os.path.join(base, name, "_definitions.json")
        if m and os.path.isfile(defs):
            out[(int(m.group(1)), int(m.group(2)))] = defs
    return {f"{a}.{b}": out[(a, b)] for a, b in sorted(out)}


def available() -> bool:
    """Whether the schemas are installed (``pip install 'shiplint[kubernetes-schemas]'``)."""
    return bool(_shipped())


def versions() -> list[str]:
    """The Kubernetes minor versions there are schemas for, oldest first (``[]`` when the
    extra is not installed)."""
    return list(_shipped())


def normalize_version(value: Any) -> str | None:
    """``"1.33"`` for ``1.33``, ``"v1.33.2"``, ``"1.33.0"``; the newest shipped version for
    ``"latest"``/``"master"``; ``None`` for anything else (a YAML float such as ``1.3`` for
    ``1.30`` is not guessed at)."""
    if not isinstance(value, str):
        return None
    return _normalize_version(value)


@lru_cache(maxsize=64)
def _normalize_version(value: str) -> str | None:
    """``normalize_version`` of a string, once per spelling: SL390, SL391 and SL316 ask for
    every object of a run, with the same few spellings (it is a pure function of the text
    and of the shipped versions, which a run does not change)."""
    v = value.strip().lower()
    if v in ("latest", "master"):
        shipped = versions()
        return shipped[-1] if shipped else None
    m = re.match(r"^v?(\d+)\.(\d+)(\.\d+)?$", v)
    return f"{int(m.group(1))}.{int(m.group(2))}" if m else None


#: how kubernetes-validate writes a definitions file (``json.dumps(..., indent=2)``): each
#: definition starts a line at four spaces, each of its keys at six; no string holds a
#: newline (JSON escapes it), so these byte patterns are found nowhere else
_DEFS_HEAD = b'{\n  "$defs": {\n    "'
_GVK_KEY = b'\n      "x-kubernetes-group-version-kind": [\n'
_GVK = "x-kubernetes-group-version-kind"
#: the end of a definition's first line: an object whose keys are six spaces in
_DEF_OPENS = b'": {\n      "'


class _LazyDefs:
    """The ``$defs`` of a definitions file, each definition decoded from the file's bytes
    the first time it is asked for (start-up, issue #14): decoding all 700 of them (1.4 MB,
    mostly descriptions) cost about 8 ms of a one-manifest run, which reads a dozen. Each is
    found by its line (``_DEFS_HEAD``), and ``kinds`` reads the ``_GVK`` lists alone;
    tests/kubernetes/test_schema_fast_path.py checks every shipped version against
    ``json.load``. A file laid out otherwise is decoded whole (``of`` answers ``None``)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._done: dict[str, Any] = {}
        #: where each definition's line starts, once a run has asked for many (a batch): one
        #: pass over the file instead of a search from its start for each
        self._lines: dict[bytes, int] | None = None
        self._searched = 0

    @classmethod
    def of(cls, data: bytes) -> _LazyDefs | None:
        return cls(data) if data.startswith(_DEFS_HEAD) else None

    def get(self, name: str, default: Any = None) -> Any:
        found = self._done.get(name, _ABSENT)
        if found is _ABSENT:
            data = self._data
            line = b"\n    " + json.dumps(name).encode() + b": {\n"
            if self._lines is None:
                at = data.find(line)
                self._searched += 1
                if self._searched >= _SEARCHES:
                    self._lines = self._line_index()
            else:
                at = self._lines.get(line, -1)
            if at < 0:
                return default
            start = at + len(line) - 2
            end = data.find(b"\n    }", start) + 6  # its closing brace: four spaces
            found = self._done[name] = json.loads(data[start:end])
        return found

    def _line_index(self) -> dict[bytes, int]:
        data, out = self._data, {}
        at = data.find(b"\n    \"")
        while at >= 0:
            end = data.find(b"\n", at + 1) + 1
            out.setdefault(data[at:end], at)  # the first, as ``find`` answers
            at = data.find(b"\n    \"", end - 1)
        return out

    def __getitem__(self, name: str) -> Any:
        found = self.get(name, _ABSENT)
        if found is _ABSENT:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name, _ABSENT) is not _ABSENT

    def items(self) -> Any:
        return json.loads(self._data)["$defs"].items()

    def __iter__(self) -> Iterator[str]:
        return iter(json.loads(self._data)["$defs"])

    def __len__(self) -> int:
        return len(json.loads(self._data)["$defs"])

    def kinds(self) -> list[tuple[str, Any]]:
        """``(name, x-kubernetes-group-version-kind)`` of every definition that has one, in
        the file's order."""
        data, parts = self._data, []
        at = data.find(_GVK_KEY)
        while at >= 0:
            head = data.rfind(_DEF_OPENS, 0, at)  # the definition it is a key of
            parts.append(data[data.rfind(b"\n    \"", 0, head) + 5:head + 1])  # its name
            start = at + len(_GVK_KEY) - 2
            end = data.find(b"\n      ]", start) + 8  # its closing bracket: six spaces
            parts.append(data[start:end])
            at = data.find(_GVK_KEY, end)
        found = json.loads(b"[" + b",".join(parts) + b"]")  # one call: 4 us each
        return list(zip(found[::2], found[1::2]))


_ABSENT: Any = object()
#: how many definitions ``_LazyDefs`` looks for one by one before it indexes them all
_SEARCHES = 16


class SchemaSet:
    """The definitions of one Kubernetes version and the validators built from them (one per
    definition, built on first use and kept). ``definitions``: the file's document, or its
    bytes (``_LazyDefs``)."""

    def __init__(self, version: str, definitions: dict[str, Any] | bytes):
        self.version = version
        lazy = _LazyDefs.of(definitions) if isinstance(definitions, bytes) else None
        if isinstance(definitions, bytes) and lazy is None:
            definitions = json.loads(definitions)
        self.defs: dict[str, Any] | _LazyDefs = lazy if lazy is not None \
            else definitions["$defs"]  # type: ignore[index]
        self._definitions = definitions
        self._registry: Any = None  # jsonschema's, made for the first object the quick check
        # cannot vouch for (most objects pass it: jsonschema costs a one-file run's start-up)
        self._validators: dict[str, Any] = {}
        self._compiler = _Compiler(self.defs)
        #: (apiVersion, kind) -> definition name
        self.index: dict[tuple[str, str], str] = {}
        #: kind -> apiVersions that have it
        self.kinds: dict[str, list[str]] = {}
        self.groups: set[str] = set(_LEGACY_GROUPS)
        kinds = lazy.kinds() if lazy is not None else \
            ((name, d.get(_GVK, ())) for name, d in self.defs.items())
        for name, gvks in kinds:
            for gvk in gvks:
                kind, group, ver = gvk.get("kind"), gvk.get("group", ""), gvk.get("version")
                if not kind or not ver or kind in _PSEUDO_KINDS:
                    continue
                api = f"{group}/{ver}" if group else ver
                self.index.setdefault((api, kind), name)
                self.kinds.setdefault(kind, []).append(api)
                self.groups.add(group)

    def definition(self, api_version: str, kind: str) -> str | None:
        return self.index.get((api_version, kind))

    def validator(self, name: str):
        v = self._validators.get(name)
        if v is None:
            from jsonschema import Draft202012Validator

            if self._registry is None:
                from referencing import Registry, Resource
                from referencing.jsonschema import DRAFT202012

                document = self._definitions
                if isinstance(document, bytes):  # read lazily (``_LazyDefs``): all of it now
                    document = self._definitions = json.loads(document)
                resource = Resource(contents=document, specification=DRAFT202012)
                self._registry = Registry().with_resource(_DEFS_ID, resource)
            v = Draft202012Validator({"$ref": f"{_DEFS_ID}#/$defs/{name}"},
                                     registry=self._registry)
            self._validators[name] = v
        return v

    def fast(self, name: str) -> _Fast:
        """The compiled quick check of definition ``name``."""
        return self._compiler.definition(name)

    def is_builtin_group(self, group: str) -> bool:
        return group in self.groups or group.endswith(".k8s.io")

    def resolve(self, schema: Any) -> Any:
        """Follow ``$ref``s to a schema dict (local references only)."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 32:
            ref = schema["$ref"]
            name = ref.rpartition("/")[2]
            schema = self.defs.get(name, {})
            seen += 1
        return schema

    def schema_at(self, name: str, path: Iterable[Any]) -> Any:
        """The schema that applies at ``path`` under definition ``name`` (``None`` where the
        schema does not say: unknown fields, ``oneOf`` alternatives...)."""
        schema = self.resolve(self.defs.get(name))
        for item in path:
            if not isinstance(schema, dict):
                return None
            if isinstance(item, int):
                schema = schema.get("items")
            else:
                props = schema.get("properties") or {}
                schema = props.get(item)
                if schema is None:
                    return None
            schema = self.resolve(schema)
        return schema

    def map_value_schema(self, name: str, path: Iterable[Any]) -> Any:
        """The ``additionalProperties`` schema of the mapping at ``path`` (a string map such as
        labels has ``{"type": "string"}``), or ``None``."""
        schema = self.schema_at(name, path)
        if isinstance(schema, dict):
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                return self.resolve(extra)
        return None


@lru_cache(maxsize=8)
def schema_set(version: str) -> SchemaSet | None:
    """The schemas of Kubernetes ``version`` (``"1.33"``), loaded once; ``None`` when that
    version is not shipped or the extra is not installed."""
    path = _shipped().get(version)
    if path is None:
        return None
    with open(path, "rb") as f:
        return SchemaSet(version, f.read())


# ------------------------------------------------------------------------- YAML -> JSON


def _key(node: YNode) -> str:
    """A mapping key as kubectl sends it: scalars become strings (a YAML 1.1 boolean key
    such as a plain ``on`` becomes ``"true"``)."""
    if isinstance(node, YScalar):
        v = node.value
        if type(v) is str:
            if node.style == "" and v in YAML11_BOOLS:
                return "true" if YAML11_BOOLS[v] else "false"
            return v
        return node.as_str()
    return ""


def scalar_value(node: YScalar) -> Any:
    """A scalar's value as kubectl (YAML 1.1) reads it."""
    v = node.value
    if node.style == "" and type(v) is str and v in YAML11_BOOLS:
        return YAML11_BOOLS[v]
    return v


def _is_ambiguous(node: YScalar) -> bool:
    v = node.value
    return (node.style == "" and type(v) is str
            and (v in YAML11_BOOLS or (":" in v and _sexagesimal_like(v))))


def to_json(node: YNode | None, ambiguous: list | None = None) -> Any:
    """The JSON-like data of a YAML tree, as kubectl sends it to the API server (see the
    module docstring); ``null`` entries of mappings are left out. When ``ambiguous`` is a
    list, plain scalars (keys included) that YAML 1.1 and 1.2 read differently are added to
    it."""
    t = type(node)
    if t is YScalar:
        v = node.value  # type: ignore[union-attr]
        if type(v) is str and node.style == "":  # type: ignore[union-attr]
            if v in YAML11_BOOLS:
                if ambiguous is not None:
                    ambiguous.append(node)
                return YAML11_BOOLS[v]
            if ambiguous is not None and ":" in v and _sexagesimal_like(v):
                ambiguous.append(node)
        return v
    if t is YMapping:
        out: dict[str, Any] = {}
        for e in node.entries:  # type: ignore[union-attr]
            v = e.value
            if type(v) is YScalar and v.value is None:
                continue
            k = e.key
            kv = k.value if type(k) is YScalar else None  # type: ignore[union-attr]
            if type(kv) is str and (k.style != "" or kv not in YAML11_BOOLS):  # type: ignore[union-attr]
                key = kv
            else:
                key = _key(k)
                if ambiguous is not None and type(kv) is str:
                    ambiguous.append(k)
            out[key] = to_json(v, ambiguous)
        return out
    if t is YSequence:
        return [to_json(i, ambiguous) for i in node.items]  # type: ignore[union-attr]
    return None


def _child(node: YNode | None, item: Any) -> tuple[YNode | None, YNode | None]:
    """(key node, value node) of ``item`` (a JSON key or index) under ``node``."""
    if isinstance(node, YMapping) and isinstance(item, str):
        e = node.entry(item)
        if e is None or _key(e.key) != item:
            e = next((x for x in reversed(node.entries) if _key(x.key) == item), None)
        return (e.key, e.value) if e is not None else (None, None)
    if isinstance(node, YSequence) and isinstance(item, int) and 0 <= item < len(node.items):
        return None, node.items[item]
    return None, None


def node_at(root: YNode, path: Iterable[Any]) -> tuple[YNode | None, YNode | None]:
    """(key node or ``None``, value node) at a JSON path; ``(None, None)`` if not found."""
    key: YNode | None = None
    node: YNode | None = root
    for item in path:
        key, node = _child(node, item)
        if node is None:
            return None, None
    return key, node


def _dotted(path: Iterable[Any]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the object"


# ------------------------------------------------------------------------------ errors


class SchemaError(Plain):
    """One problem: ``span`` to report, ``message``, ``kind`` (``unknown-field``, ``type``,
    ``required``, ``enum``, ``ambiguous``, ``other``) and ``path`` (dotted JSON path)."""

    span: Span
    message: str
    kind: str
    path: str
    #: ``True`` when kubectl and the API server accept the value but YAML readers disagree
    #: on it (a lesser problem than a real schema error)
    ambiguous: bool

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up)
    __slots__ = ("span", "message", "kind", "path", "ambiguous")
    FIELDS = __slots__

    def __init__(self, span: Span, message: str, kind: str, path: str,
                 ambiguous: bool = False) -> None:
        self.span = span
        self.message = message
        self.kind = kind
        self.path = path
        self.ambiguous = ambiguous


_JSON_TYPE = {bool: "boolean", int: "integer", float: "number", str: "string",
              dict: "mapping", list: "list", type(None): "null"}
_JSON_OF = {"mapping": "object", "list": "array"}
_TYPE_WORD = {"object": "a mapping", "array": "a list", "string": "a string",
              "integer": "an integer", "number": "a number", "boolean": "a boolean (true or false)"}


def _json_type(value: Any) -> str:
    return _JSON_TYPE.get(type(value), type(value).__name__)


def _expected_types(schema: Any, sets: SchemaSet) -> list[str]:
    """The JSON types a schema allows (through ``oneOf``/``anyOf`` alternatives), nulls left
    out, in a stable order."""
    out: list[str] = []

    def add(s: Any, depth: int = 0) -> None:
        s = sets.resolve(s)
        if not isinstance(s, dict) or depth > 4:
            return
        t = s.get("type")
        for x in ([t] if isinstance(t, str) else t or []):
            if x != "null" and x not in out:
                out.append(x)
        for alt in (s.get("oneOf") or []) + (s.get("anyOf") or []):
            add(alt, depth + 1)

    add(schema)
    if "number" in out and "integer" in out:
        out.remove("integer")
    return out


def _expected_words(types: list[str]) -> str:
    words = [_TYPE_WORD.get(t, t) for t in types]
    if not words:
        return "another type"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _shown(node: YNode | None, value: Any) -> str:
    if isinstance(node, YScalar):
        return node.text if node.plain else json.dumps(node.text)
    return _json_type(value)


def _type_message(where: str, node: YNode | None, value: Any, types: list[str]) -> str:
    """The message of a value of the wrong type, with the YAML reason when there is one."""
    want = _expected_words(types)
    if isinstance(node, YScalar) and node.plain:
        text = node.text
        if "string" in types and not isinstance(value, str):
            if text in YAML11_BOOLS:
                return (f"{where}: kubectl reads the unquoted {text} as the boolean "
                        f"{'true' if value else 'false'} (YAML 1.1), but {want} belongs here; "
                        f"quote it: \"{text}\"")
            if _OCTAL_RE.match(text) and isinstance(value, int):
                return (f"{where}: YAML 1.1 (kubectl) reads the unquoted {text} as the octal "
                        f"number {value}, but {want} belongs here; quote it: \"{text}\"")
            if isinstance(value, bool):
                return (f"{where}: expected {want}, got the boolean {text}; quote it: \"{text}\"")
            if isinstance(value, (int, float)):
                read = "" if str(value) == text else f" (read as {value!r})"
                return (f"{where}: expected {want}, got the number {text}{read}; "
                        f"quote it: \"{text}\"")
        if isinstance(value, str) and _SEXAGESIMAL_RE.match(text) and (
                "integer" in types or "number" in types):
            return (f"{where}: expected {want}, got the string {text} (kubectl keeps it a "
                    f"string; only YAML 1.1 readers such as PyYAML see a base-60 number)")
        if isinstance(value, bool) and "string" not in types and text in YAML11_BOOLS:
            return (f"{where}: expected {want}, got {text}, a boolean in YAML 1.1 (kubectl)")
    if isinstance(node, YScalar) and not node.plain and isinstance(value, str) and (
            "integer" in types or "number" in types or "boolean" in types):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if type(parsed) in (int, float, bool) and _json_type(parsed) in types + (
                ["integer"] if "number" in types else []):
            return (f"{where}: expected {want}, got the string {json.dumps(value)}; "
                    f"remove the quotes: {value}")
    got = _json_type(value)
    if isinstance(node, YScalar):
        return f"{where}: expected {want}, got the {got} {_shown(node, value)}"
    return f"{where}: expected {want}, got {_TYPE_WORD.get(_JSON_OF.get(got, got), got)}"


def _suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint: a close spelling, or a longer name that contains the word
    (``backend`` -> ``defaultBackend``)."""
    choices = list(choices)
    match = closest(word, choices)
    if match is None:
        low = word.lower()
        longer = [c for c in choices if len(low) >= 4 and low in c.lower()]
        match = longer[0] if len(longer) == 1 else None
    return f"; did you mean '{match}'?" if match else ""


class _Context:
    """What converting errors of one object needs."""

    def __init__(self, obj: KubeObject, sets: SchemaSet, name: str):
        self.obj = obj
        self.root = obj.node
        self.sets = sets
        self.name = name

    def at(self, path: list[Any]) -> tuple[YNode | None, YNode | None]:
        return node_at(self.root, path)

    def container_span(self, path: list[Any]) -> Span:
        """Where to report something about the mapping at ``path`` as a whole: the key that
        holds it, or the start of the sequence item, or the object's kind."""
        if not path:
            return self.obj.kind_span
        key, node = self.at(path)
        if key is not None:
            return key.span
        if node is not None:
            return Span.point(node.span.line, node.span.column)
        return self.obj.kind_span


def _convert(err: Any, ctx: _Context) -> Iterator[SchemaError]:
    path = list(err.absolute_path)
    where = _dotted(path)
    validator = err.validator
    if validator == "additionalProperties" and isinstance(err.instance, dict):
        schema = err.schema if isinstance(err.schema, dict) else {}
        props = schema.get("properties") or {}
        patterns = [re.compile(p) for p in (schema.get("patternProperties") or {})]
        _, mapping = ctx.at(path)
        for k in err.instance:
            if k in props or any(p.search(k) for p in patterns):
                continue
            key, _ = _child(mapping, k)
            span = key.span if key is not None else ctx.container_span(path)
            yield SchemaError(span, f"unknown field '{k}' in {where}{_suggest(k, props)}",
                              "unknown-field", _dotted(path + [k]))
        return
    if validator == "required":
        missing = err.validator_value if isinstance(err.validator_value, list) else []
        names = [m for m in missing if isinstance(err.instance, dict) and m not in err.instance]
        m = re.match(r"^'([^']*)' is a required property", err.message)
        if m:
            names = [m.group(1)]
        for n in names:
            yield SchemaError(ctx.container_span(path),
                              f"{where}: missing required field '{n}'", "required",
                              _dotted(path + [n]))
        return
    key, node = ctx.at(path)
    span = node.span if node is not None else ctx.container_span(path)
    if validator in ("type", "oneOf", "anyOf"):
        types = _expected_types(err.schema, ctx.sets)
        if validator != "type" and _json_type(err.instance) in types:
            # the value has an allowed type but fails inside an alternative: say why
            best = _best_context(err)
            if best is not None:
                yield from _convert(best, ctx)
                return
        yield SchemaError(span, _type_message(where, node, err.instance, types), "type", where)
        return
    if validator == "enum":
        allowed = [a for a in (err.validator_value or []) if a is not None]
        shown = ", ".join(json.dumps(a) for a in allowed)
        hint = _suggest(str(err.instance), [str(a) for a in allowed]) if isinstance(
            err.instance, str) else ""
        yield SchemaError(span, f"{where}: {json.dumps(err.instance)} is not one of {shown}{hint}",
                          "enum", where)
        return
    yield SchemaError(span, f"{where}: {err.message}", "other", where)


def _best_context(err: Any) -> Any:
    ctx = list(getattr(err, "context", None) or [])
    if not ctx:
        return None
    # the alternative that got deepest into the value is the one the author meant
    return max(ctx, key=lambda e: len(e.absolute_path))


# -------------------------------------------------------------------------- ambiguities


def _paths_of(node: YNode | None, wanted: set[int], path: list[Any], out: list) -> None:
    """(path, key or None, value node or None) of the ``wanted`` nodes (by id) under
    ``node``; a key's path is that of its mapping."""
    if isinstance(node, YMapping):
        for e in node.entries:
            if id(e.key) in wanted:
                out.append((path, e.key, None))
            v = e.value
            if isinstance(v, YScalar) and v.value is None:
                continue
            _paths_of(v, wanted, path + [_key(e.key)], out)
    elif isinstance(node, YSequence):
        for i, item in enumerate(node.items):
            _paths_of(item, wanted, path + [i], out)
    elif node is not None and id(node) in wanted:
        out.append((path, None, node))


def _sexagesimal(text: str) -> float | int:
    sign = -1 if text.startswith("-") else 1
    total: float | int = 0
    for p in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + (float(p) if "." in p else int(p))
    return sign * total


def _ambiguities(ctx: _Context, nodes: list[YScalar], reported: set[str]) -> Iterator[SchemaError]:
    """The ``ambiguous`` errors of the collected plain scalars the schema accepts."""
    found: list = []
    _paths_of(ctx.root, {id(n) for n in nodes}, [], found)
    for path, key, node in found:
        if key is not None:
            text = key.text
            if ctx.sets.map_value_schema(ctx.name, path) is None:
                continue  # not a free-form map: an unknown field, reported as such
            value = "true" if YAML11_BOOLS[text] else "false"
            yield SchemaError(
                key.span,
                f"{_dotted(path)}: kubectl reads the unquoted key {text} as the boolean {value} "
                f"(YAML 1.1), so the key becomes \"{value}\"; quote it: \"{text}\"",
                "ambiguous", _dotted(path + [value]), ambiguous=True)
            continue
        where = _dotted(path)
        if where in reported:
            continue
        types = _expected_types(ctx.sets.schema_at(ctx.name, path), ctx.sets)
        text = node.text
        if text in YAML11_BOOLS and types == ["boolean"]:
            value = "true" if YAML11_BOOLS[text] else "false"
            yield SchemaError(
                node.span,
                f"{where}: the unquoted {text} is the boolean {value} only for YAML 1.1 readers "
                f"such as kubectl; YAML 1.2 tools read the string \"{text}\"; write {value}",
                "ambiguous", where, ambiguous=True)
        elif text not in YAML11_BOOLS and types == ["string"]:
            yield SchemaError(
                node.span,
                f"{where}: YAML 1.1 readers such as PyYAML read the unquoted {text} as the "
                f"base-60 number {_sexagesimal(text)} (kubectl keeps the string); "
                f"quote it: \"{text}\"",
                "ambiguous", where, ambiguous=True)


# ------------------------------------------------------------------- fast validity check


class _Fast:
    """A compiled schema for a quick yes/no answer to "is this instance valid?", covering
    the keywords the Kubernetes definitions use. Most objects are valid, and ``jsonschema``,
    which reports the errors, is an order of magnitude slower; it only runs on objects this
    check rejects. A schema with any other validation keyword is left to ``jsonschema``
    (``exact`` is False and the check always answers "not sure")."""

    __slots__ = ("pytypes", "float_int", "props", "additional", "items", "required", "enum",
                 "one_of", "any_of", "all_of", "exact", "patterns", "simple", "src", "comp")

    def __init__(self) -> None:
        self.pytypes: frozenset | None = None
        self.float_int = False
        self.props: dict[str, "_Fast"] = {}
        self.additional: "_Fast | bool" = True
        #: ``patternProperties`` (the Compose schema's ``^x-``): (pattern, schema) pairs
        self.patterns: list[tuple[Any, "_Fast"]] = []
        self.items: "_Fast | None" = None
        self.required: tuple = ()
        self.enum: list | None = None
        self.one_of: list["_Fast"] = []
        self.any_of: list["_Fast"] = []
        self.all_of: list["_Fast"] = []
        self.exact = True
        #: for a scalar, the type check is all there is (``exact``, no ``enum``, no
        #: ``oneOf``/``anyOf``/``allOf``): ``_valid_yaml`` checks such leaves inline
        self.simple = True
        #: what a ``_Lazy`` node is compiled from (then ``None``)
        self.src: Any = None
        self.comp: _Compiler | None = None


class _Named:
    """The schema of a definition, by name: read when its ``_Lazy`` node is compiled."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class _Lazy(_Fast):
    """A ``_Fast`` node compiled the first time it is read (start-up, issue #14): compiling a
    Pod's whole definition, every field of every volume source and probe included, cost
    about 10 ms of a one-manifest run, which reads a few of them. The checks read ``exact``
    or ``simple`` of a node before anything else; either compiles it in place and makes it
    a plain ``_Fast`` (``__class__``), so a compiled node costs no more than before."""

    __slots__ = ()

    def __init__(self, comp: _Compiler, src: Any) -> None:  # noqa: super-init-not-called
        _SRC(self, src)
        _COMP(self, comp)

    def _compile(self) -> None:
        src, comp = self.src, self.comp
        if type(src) is _Named:
            src = comp.defs.get(src.name, {})  # type: ignore[union-attr]
        self.__class__ = _Fast
        _Fast.__init__(self)
        try:
            comp._fill(self, src)  # type: ignore[union-attr]
        except BaseException:  # a RecursionError, say: the node is never "surely valid"
            self.exact = False
            raise

    @property  # type: ignore[override]
    def exact(self) -> bool:
        self._compile()
        return self.exact

    @property  # type: ignore[override]
    def simple(self) -> bool:
        self._compile()
        return self.simple


_SRC = _Fast.src.__set__  # type: ignore[attr-defined]
_COMP = _Fast.comp.__set__  # type: ignore[attr-defined]


_PYTYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
            "object": (dict,), "array": (list,), "null": (type(None),)}
_ANNOTATIONS = frozenset(("description", "format", "title", "readOnly", "default", "example",
                          "definitions", "$defs",  # where ``$ref``s point: nothing to check
                          "examples", "$schema", "$id", "$comment", "deprecated", "writeOnly"))
_FAST_KEYWORDS = frozenset(("type", "properties", "additionalProperties", "patternProperties",
                            "items", "required",
                            "enum", "oneOf", "anyOf", "allOf", "$ref"))


class _Compiler:
    def __init__(self, defs: dict[str, Any]):
        self.defs = defs
        self.by_def: dict[str, _Fast] = {}

    def definition(self, name: str) -> _Fast:
        node = self.by_def.get(name)
        if node is None:  # compiled when first read: definitions recurse
            node = self.by_def[name] = _Lazy(self, _Named(name))
        return node

    def schema(self, s: Any) -> _Fast:
        if isinstance(s, dict) and "$ref" in s and all(
                k == "$ref" or k in _ANNOTATIONS or k.startswith("x-") for k in s):
            return self.definition(s["$ref"].rpartition("/")[2])
        return _Lazy(self, s)

    def _fill(self, node: _Fast, s: Any) -> None:
        self._fill_keywords(node, s)
        node.simple = node.exact and node.enum is None \
            and not (node.one_of or node.any_of or node.all_of)

    def _fill_keywords(self, node: _Fast, s: Any) -> None:
        if s is True or s == {}:
            return
        if not isinstance(s, dict):
            node.exact = False
            return
        for k in s:
            if k not in _FAST_KEYWORDS and k not in _ANNOTATIONS and not k.startswith("x-"):
                node.exact = False
        t = s.get("type")
        if t is not None:
            names = [t] if isinstance(t, str) else list(t)
            py: set = set()
            for n in names:
                py.update(_PYTYPES.get(n, ()))
            node.pytypes = frozenset(py)
            node.float_int = "integer" in names and "number" not in names
        for k, v in (s.get("properties") or {}).items():
            node.props[k] = self.schema(v)
        node.patterns = [(re.compile(p), self.schema(v))
                         for p, v in (s.get("patternProperties") or {}).items()]
        if "additionalProperties" in s:
            a = s["additionalProperties"]
            node.additional = a if isinstance(a, bool) else self.schema(a)
        if "items" in s:
            node.items = self.schema(s["items"])
        node.required = tuple(s.get("required") or ())
        if "enum" in s:
            node.enum = list(s["enum"])
        node.one_of = [self.schema(x) for x in s.get("oneOf") or ()]
        node.any_of = [self.schema(x) for x in s.get("anyOf") or ()]
        node.all_of = [self.schema(x) for x in s.get("allOf") or ()]
        if "$ref" in s:
            node.all_of.append(self.definition(s["$ref"].rpartition("/")[2]))


def quick_check(schema: Any, definitions: dict[str, Any]) -> Any:
    """``instance -> bool``: whether an instance is surely valid under ``schema``, whose
    ``$ref``s name entries of ``definitions`` (``#/definitions/NAME``); ``False`` also means
    "not sure": then ask ``jsonschema``. The Compose schema (``linter.compose.schema``) uses
    only the keywords this check covers, so a valid Compose file needs no ``jsonschema``."""
    node = _Compiler(definitions).schema(schema)
    return lambda instance: _valid(node, instance)


def _same(a: Any, b: Any) -> bool:
    """JSON equality (``True`` is not ``1``), for ``enum``."""
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _valid(n: _Fast, x: Any) -> bool:
    """Whether ``x`` is surely valid under ``n`` (``False`` also means "not sure")."""
    if not n.exact:
        return False
    tx = type(x)
    if n.pytypes is not None and tx not in n.pytypes:
        if not (n.float_int and tx is float and x.is_integer()):
            return False
    if n.enum is not None and not any(_same(x, e) for e in n.enum):
        return False
    if tx is dict:
        props = n.props
        additional = n.additional
        patterns = n.patterns
        for k, v in x.items():
            sub = props.get(k)
            matched = False
            for pattern, ps in patterns:  # each matching pattern's schema holds too
                if pattern.search(k):
                    matched = True
                    if not _valid(ps, v):
                        return False
            if sub is not None:
                if not _valid(sub, v):
                    return False
            elif matched:
                continue  # not an additional property
            elif additional is False:
                return False
            elif additional is not True and not _valid(additional, v):  # type: ignore[arg-type]
                return False
        for r in n.required:
            if r not in x:
                return False
    elif tx is list and n.items is not None:
        items = n.items
        for v in x:
            if not _valid(items, v):
                return False
    if n.one_of and sum(1 for s in n.one_of if _valid(s, x)) != 1:
        return False
    if n.any_of and not any(_valid(s, x) for s in n.any_of):
        return False
    for s in n.all_of:
        if not _valid(s, x):
            return False
    return True


#: put in ``ambiguous`` by ``_valid_yaml``: collect them with ``to_json`` instead
_RESCAN: Any = object()


def _plain_scalar(node: YScalar, ambiguous: list) -> Any:
    """A scalar's JSON value, as ``to_json`` gives it, noting it in ``ambiguous`` as
    ``to_json`` does."""
    v = node.value
    if type(v) is str and node.style == "":
        if v in YAML11_BOOLS:
            ambiguous.append(node)
            return YAML11_BOOLS[v]
        if ":" in v and v[:1] in _SIXTY_START and _SEXAGESIMAL_RE.match(v):
            ambiguous.append(node)
    return v


def _valid_yaml(n: _Fast, node: YNode | None, ambiguous: list) -> bool:
    """``_valid(n, to_json(node, ambiguous))`` read off the YAML tree, without building the
    JSON (building it was two thirds of the schema check's time on the Kubernetes corpus,
    issue #14: most objects are valid, and only ``jsonschema`` needs the JSON). ``False``
    means "not sure" here too: ``validate`` then takes the reference path, ``to_json`` and
    ``_valid``, which decides (a spurious ``False`` costs time only).

    Why a ``True`` is safe: scalars are checked by ``_valid`` itself (or by its type test,
    inline), on the value ``to_json`` gives them; a mapping's entries are walked with
    ``to_json``'s keys and null-dropping, and when two entries give one JSON key (an
    unquoted ``on`` and a ``"true"``), every value is checked, not only the last one the
    JSON keeps (stricter); an ``enum`` over a mapping or a sequence is left to the reference.

    ``ambiguous`` gets the plain scalars of ``to_json``'s list that ``_ambiguities`` can
    report, not all of them: it reports a value only where ``SchemaSet.schema_at`` finds its
    schema, and a key only where ``map_value_schema`` finds its mapping's, both by
    ``properties`` and ``items`` alone; every such node is walked here by the compiled form
    of that very schema (directly or through ``allOf``, which always runs), so it is added.
    What the schema does not look into (the values of an undeclared key, the items of an
    array without ``items``: in a CustomResourceDefinition, most of its nodes) is not
    walked at all. One case is left to the reference: an unquoted YAML 1.1 boolean key with
    a null value (``on:``), which ``to_json`` drops here but may keep where an alias repeats
    the key node; ``_RESCAN`` in ``ambiguous`` asks ``validate`` to collect with
    ``to_json``."""
    if not n.exact:
        return False
    t = type(node)
    if t is YScalar:
        return _valid(n, _plain_scalar(node, ambiguous))  # type: ignore[arg-type]
    if t is YMapping:
        if n.pytypes is not None and dict not in n.pytypes or n.enum is not None:
            return False
        props = n.props
        additional = n.additional
        patterns = n.patterns
        keys = set() if n.required else None
        for e in node.entries:  # type: ignore[union-attr]
            v = e.value
            tv = type(v)
            k = e.key
            if tv is YScalar:
                x = v.value
                if x is None:  # to_json leaves null entries out
                    if type(k) is YScalar and k.style == "" and type(k.value) is str \
                            and k.value in YAML11_BOOLS:
                        ambiguous.append(_RESCAN)
                    continue
            kv = k.value if type(k) is YScalar else None
            if type(kv) is str and (k.style != "" or kv not in YAML11_BOOLS):
                key = kv
            else:
                key = _key(k)
                if type(kv) is str:
                    ambiguous.append(k)
            if keys is not None:
                keys.add(key)
            if tv is YScalar and type(x) is str and v.style == "":  # _plain_scalar, inline
                if x in YAML11_BOOLS:
                    ambiguous.append(v)
                    x = YAML11_BOOLS[x]
                elif ":" in x and x[:1] in _SIXTY_START and _SEXAGESIMAL_RE.match(x):
                    ambiguous.append(v)
            sub = props.get(key)
            matched = False
            for pattern, ps in patterns:  # each matching pattern's schema holds too
                if pattern.search(key):
                    matched = True
                    if not (_valid(ps, x) if tv is YScalar else _valid_yaml(ps, v, ambiguous)):
                        return False
            if sub is None:
                if matched:
                    continue  # not an additional property
                if additional is False:
                    return False
                if additional is True:
                    continue  # nothing to check, nothing _ambiguities reports in there
                sub = additional
            if tv is YScalar:
                if sub.simple:  # the leaf's type, checked here (most values): _valid's test
                    pt = sub.pytypes
                    if pt is not None and type(x) not in pt and not (
                            sub.float_int and type(x) is float and x.is_integer()):
                        return False
                elif not _valid(sub, x):
                    return False
            elif not _valid_yaml(sub, v, ambiguous):
                return False
        if keys is not None:
            for r in n.required:
                if r not in keys:
                    return False
    elif t is YSequence:
        if n.pytypes is not None and list not in n.pytypes or n.enum is not None:
            return False
        items = n.items
        if items is not None:  # else nothing to check, nothing _ambiguities reports
            for i in node.items:  # type: ignore[union-attr]
                if not _valid_yaml(items, i, ambiguous):
                    return False
    else:
        return _valid(n, None)  # what to_json makes of anything else
    if n.one_of and sum(1 for s in n.one_of if _valid_yaml(s, node, ambiguous)) != 1:
        return False
    if n.any_of and not any(_valid_yaml(s, node, ambiguous) for s in n.any_of):
        return False
    for s in n.all_of:
        if not _valid_yaml(s, node, ambiguous):
            return False
    return True


# --------------------------------------------------------------------------- validation


def looks_like_patch(obj: KubeObject, errors: Iterable[SchemaError] = ()) -> bool:
    """Whether ``obj`` is a strategic-merge patch (kustomize ``patches``) rather than a whole
    object. A patch lacks required fields by design, so only its field names and types are
    checked. Signs of a patch: a patch directive (``$patch``, ``$setElementOrder/...``,
    ``$retainKeys``); a file or directory named like one (``*patch*``); a workload with no
    pod template at all, or with a container that names no image (the base provides them)."""
    if any(e.kind == "unknown-field" and e.path.rpartition(".")[2].startswith("$")
           for e in errors):
        return True
    if _PATCH_NAME.search("/".join(re.split(r"[\\/]", obj.path.lower())[-3:])):
        return True
    from .tree import POD_SPEC_PATHS, WORKLOAD_GROUPS

    if obj.kind in POD_SPEC_PATHS and obj.group in WORKLOAD_GROUPS:
        pt = obj.pod_template
        return pt is None or any("image" not in c.node for c in pt.all_containers())
    return False


def validate(obj: KubeObject, sets: SchemaSet) -> list[SchemaError] | None:
    """Every schema error of ``obj``, sorted by position; ``None`` when ``sets`` has no
    schema for its apiVersion and kind."""
    name = sets.definition(obj.api_version, obj.kind)
    if name is None:
        return None
    ambiguous: list[YScalar] = []
    out: list[SchemaError] = []
    ctx = _Context(obj, sets, name)
    fast = sets.fast(name)
    try:
        surely_valid = _valid_yaml(fast, obj.node, ambiguous)
    except RecursionError:  # the reference path below decides, and raises where it did
        surely_valid = False
    if surely_valid and _RESCAN in ambiguous:
        ambiguous = []
        to_json(obj.node, ambiguous)
    if not surely_valid:  # the reference path: the JSON, the quick check on it, jsonschema
        ambiguous = []
        data = to_json(obj.node, ambiguous)
        if not _valid(fast, data):
            for err in sets.validator(name).iter_errors(data):
                out.extend(_convert(err, ctx))
            if out and looks_like_patch(obj, out):
                out = [e for e in out if e.kind != "required" and "$" not in e.path]
    if ambiguous:
        out.extend(_ambiguities(ctx, ambiguous, {e.path for e in out}))
    seen: set[tuple] = set()
    unique = []
    for e in out:
        k = (e.span, e.message)
        if k not in seen:
            seen.add(k)
            unique.append(e)
    unique.sort(key=lambda e: (e.span.line, e.span.column, e.message))
    return unique
