"""Validate a Compose file against shiplint's JSON Schema of the Compose Specification.

``schema.json`` next to this module is written by the project from the specification (it is
not a copy of the official schema). Strings are accepted wherever a number or a boolean is,
because the file is validated *before* interpolation, as a linter without the deployment's
environment must.

Errors come back as ``SchemaError`` objects with the span of the YAML node they are about (the
offending key for unknown keys, the value otherwise) and a message that names the place in
the file and what is expected, never the value itself (it could be a secret). Unknown keys get
a "did you mean" hint when a known key is close (``difflib``).
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache

from ..findings import Span
from ..plain import Frozen
from ..suggest import closest
from ..yaml import YMapping, YNode, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterator

#: (a path string, not a ``pathlib.Path``: pathlib cost 1.5 ms of a Compose run, issue #14)
SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "schema.json")

_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string",
               "integer": "an integer", "number": "a number", "boolean": "a boolean",
               "null": "null"}


class SchemaError(Frozen):
    span: Span
    message: str
    fix: str | None

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up)
    __slots__ = ("span", "message", "fix")
    FIELDS = __slots__

    def __init__(self, span: Span, message: str, fix: str | None = None) -> None:
        self._assign(locals())


@lru_cache(maxsize=1)
def schema() -> dict:
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.loads(f.read())


@lru_cache(maxsize=1)
def _quick():
    """The quick check of a valid file: ``jsonschema`` (a third of a one-file run's start-up)
    only runs, to say what is wrong, on a file it does not pass."""
    from ..kubernetes.schema import quick_check

    s = schema()
    return quick_check(s, s.get("definitions", {}))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    s = schema()
    cls = jsonschema.validators.validator_for(s)
    return cls(s)


#: Deeper than this, values are cut off (``None``): no Compose setting nests anywhere near
#: as deep, and the validator recurses several frames per level.
MAX_DEPTH = 48


def to_json(node: YNode | None, depth: int = 0) -> Any:
    """The plain JSON value of a YAML node (merge keys applied; keys as strings)."""
    if isinstance(node, YScalar):
        v = node.value
        if isinstance(v, float) and v != v:  # NaN: JSON has none; a number all the same
            return 0.0
        return v
    if depth >= MAX_DEPTH:
        return None
    if isinstance(node, YMapping):  # a `!reset` value is no value: Compose drops the key
        return {_key(e.key): to_json(e.value, depth + 1) for e in node.entries
                if e.value is None or e.value.tag != "!reset"}
    if isinstance(node, YSequence):
        return [to_json(i, depth + 1) for i in node.items]
    return None


def _key(k: YNode) -> str:
    if isinstance(k, YScalar):
        return k.as_str() if k.value is not None else "null"
    return "<complex key>"


def _child(node: YNode | None, step: Any) -> tuple[YNode | None, YNode | None]:
    """(value node, key node) one step down a JSON path."""
    if isinstance(node, YMapping) and isinstance(step, str):
        for e in node.entries:
            if _key(e.key) == step:
                return e.value, e.key
        return None, None
    if isinstance(node, YSequence) and isinstance(step, int) and 0 <= step < len(node.items):
        return node.items[step], None
    return None, None


def describe_path(path: list) -> str:
    """``services.web.ports[0]`` -> ``service 'web' ports[0]``."""
    if not path:
        return "top level"
    out = ""
    rest = list(path)
    if len(rest) >= 2 and rest[0] in ("services", "networks", "volumes", "secrets", "configs",
                                      "models"):
        kind = {"services": "service", "networks": "network", "volumes": "volume",
                "secrets": "secret", "configs": "config", "models": "model"}[rest[0]]
        out = f"{kind} '{rest[1]}'"
        rest = rest[2:]
        if not rest:
            return out
        out += " "
    first = True
    for step in rest:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("" if first else ".") + str(step)
        first = False
    return out


def _what(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a mapping"
    return "something else"


def _expected(types: Any) -> str:
    ts = [types] if isinstance(types, str) else list(types)
    if "integer" in ts and "number" in ts:
        ts.remove("integer")
    words = [_TYPE_WORDS.get(t, t) for t in ts]
    # numbers and booleans may be written as strings (for variables); say so only when
    # the string is the alternative that matters
    if len(words) > 1 and "a string" in words and len(words) == 2:
        other = [w for w in words if w != "a string"][0]
        return f"{other} (or a string holding a variable)" if other in (
            "a number", "an integer", "a boolean") else " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _unknown_keys(instance: dict, schema_part: dict) -> list[str]:
    props = schema_part.get("properties", {})
    patterns = [re.compile(p) for p in schema_part.get("patternProperties", {})]
    return [k for k in instance if k not in props and not any(p.search(k) for p in patterns)]


def _hint(key: str, candidates: list[str]) -> str | None:
    return closest(key, candidates, 0.75) or (
        closest(key.replace("-", "_"), candidates, 0.8) if "-" in key else None)


def validate(root: YMapping) -> list[SchemaError]:
    """Every schema error of the Compose file rooted at ``root``, in file order."""
    instance = to_json(root)
    errors: list[SchemaError] = []
    seen: set[tuple] = set()
    try:
        found = [] if _quick()(instance) else list(_validator().iter_errors(instance))
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps it away
        found = []
    for err in found:
        for e in _explain(root, err):
            # a value merged into several services (<<: *anchor) is one mistake, one error
            key = (e.span, e.message.split(": ", 1)[-1])
            if key not in seen:
                seen.add(key)
                errors.append(e)
    errors.sort(key=lambda e: (e.span.line, e.span.column))
    return errors


def _locate(root: YMapping, path: list) -> tuple[YNode | None, YNode | None]:
    node: YNode | None = root
    key: YNode | None = None
    for step in path:
        node, key = _child(node, step)
        if node is None:
            break
    return node, key


def _explain(root: YMapping, err) -> Iterator[SchemaError]:
    path = list(err.absolute_path)
    node, key = _locate(root, path)
    where = describe_path(path)
    span = node.span if node is not None else root.span
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        props = sorted(err.schema.get("properties", {}))
        kind = "top-level key" if not path else "key"
        for name in _unknown_keys(err.instance, err.schema):
            sub, knode = _child(node, name)
            at = knode.span if knode is not None else span
            if name.startswith("x_") or name.startswith("X-"):
                hint = None
            else:
                hint = _hint(name, props)
            if len(path) == 1 and path[0] in ("services", "networks", "volumes", "secrets",
                                              "configs", "models"):
                what = path[0][:-1]
                yield SchemaError(at, f"{what} name '{name}' is not valid: Compose allows "
                                      "only letters, digits, '.', '_' and '-'",
                                  f"rename the {what} (e.g. '{_safe_name(name)}')")
                continue
            msg = f"{where}: unknown {kind} '{name}'"
            fix = None
            if hint:
                msg += f" (did you mean '{hint}'?)"
                fix = f"rename '{name}' to '{hint}'"
            else:
                fix = (f"remove '{name}', or prefix it with 'x-' to keep it as an extension "
                       "field")
            yield SchemaError(at, msg, fix)
        return
    if v == "type":
        yield SchemaError(span, f"{where} must be {_expected(err.validator_value)}, not "
                                f"{_what(err.instance)}")
        return
    if v == "required":
        missing = [r for r in err.validator_value
                   if not isinstance(err.instance, dict) or r not in err.instance]
        for r in missing:
            yield SchemaError(span, f"{where} needs a '{r}' key")
        return
    if v == "pattern":  # (the values of ``ports`` entries are judged by ``portspec``)
        yield SchemaError(span, f"{where} does not have the expected form ({err.validator_value})")
        return
    if v == "enum":
        allowed = ", ".join(repr(x) for x in err.validator_value)
        yield SchemaError(span, f"{where} must be one of {allowed}")
        return
    yield SchemaError(span, f"{where} is not valid ({v})")


def _safe_name(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9._-]+", "-", name).strip("-") or "svc"
