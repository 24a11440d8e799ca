"""Merge Compose mappings the way ``docker compose`` merges files and ``extends``.

``merge(base, override)`` returns a new tree made of the *original* nodes: a value keeps the
span of the file it is written in, so a rule that reads a merged service still points at the
right line (``Project.file_of(node)`` says which file). The rules, from the Compose
Specification's merge chapter:

* mappings merge key by key, recursively;
* a value tagged ``!reset`` removes the key; ``!override`` replaces it without merging;
* ``command``, ``entrypoint`` and ``healthcheck.test`` are replaced, not appended;
* ``environment``, ``labels``, ``annotations``, ``extra_hosts``, ``sysctls``, ``build.args``
  (list or mapping) merge by variable name, the override winning;
* sequences of unique resources merge by their identity, the override winning: ``ports``
  (host address, published port, target, protocol), ``volumes`` and ``tmpfs`` (container
  path), ``secrets``/``configs`` (source), ``devices`` (container path), and plain string lists
  (``cap_add``, ``dns``, ``expose``, ``profiles``, ``security_opt``, ...) by value;
* any other sequence is appended; any other scalar is replaced.

A mapping written in one file and a list in the other (``environment: {A: 1}`` over
``environment: [B=2]``) is merged by name too when every item is a scalar; otherwise the
override replaces the value.
"""

from __future__ import annotations

from ..yaml import YEntry, YMapping, YNode, YScalar, YSequence
from .interpolation import expand
from .tree import parse_port, split_volume

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Callable

RESET, OVERRIDE = "!reset", "!override"

_REPLACED = frozenset({"command", "entrypoint"})
_BY_NAME = frozenset({"environment", "labels", "annotations", "extra_hosts", "sysctls", "args"})


def _text(n: YNode) -> str:
    return expand(n.as_str()).strip() if isinstance(n, YScalar) else ""


def _port_id(n: YNode) -> object:
    if isinstance(n, YScalar):
        p = parse_port(_text(n))
        return ("port",) + p if p else _text(n)
    if isinstance(n, YMapping):
        return ("port", n.str("host_ip") or None, n.str("published") or None,
                n.str("target") or "", (n.str("protocol") or "tcp").lower())
    return id(n)


def _mount_target(n: YNode, fallback: str | None = None) -> object:
    """What a mount is identified by when lists merge: its target (``fallback``: a key of
    the long form to use when it has no target)."""
    if isinstance(n, YScalar):
        parts = split_volume(_text(n))
        return parts[1] if len(parts) > 1 else (parts[0] if parts else id(n))
    if isinstance(n, YMapping):
        return n.str("target") or (n.str(fallback) if fallback else None) or id(n)
    return id(n)


def _source(n: YNode) -> object:
    if isinstance(n, YScalar):
        return _text(n)
    if isinstance(n, YMapping):
        return n.str("source") or id(n)
    return id(n)


def _device(n: YNode) -> object:
    return _mount_target(n, "source")


_IDENTITY: dict[str, Callable[[YNode], object]] = {
    "ports": _port_id, "volumes": _mount_target, "tmpfs": _mount_target,
    "secrets": _source, "configs": _source, "devices": _device,
}
_BY_VALUE = frozenset({"cap_add", "cap_drop", "dns", "dns_search", "dns_opt", "expose",
                       "profiles", "security_opt", "external_links", "links", "group_add",
                       "volumes_from", "device_cgroup_rules", "env_file", "label_file",
                       "networks", "depends_on", "cache_from", "cache_to", "tags", "platforms"})


def merge(base: YNode | None, over: YNode | None, key: str | None = None,
          parent: str | None = None) -> YNode | None:
    """The merge of ``over`` onto ``base`` (either may be ``None``); ``key`` is the key both
    are written under, ``parent`` the key of the mapping holding them."""
    if over is None:
        return base
    if over.tag == RESET:
        return None
    if base is None or over.tag == OVERRIDE:
        return over
    if key in _REPLACED or (key == "test" and parent == "healthcheck"):
        return over
    if key in _BY_NAME:
        return _merge_by_name(base, over)
    if isinstance(base, YMapping) and isinstance(over, YMapping):
        return _merge_mappings(base, over, key)
    if isinstance(base, YSequence) and isinstance(over, YSequence):
        ident = _IDENTITY.get(key or "")
        if ident is None and key in _BY_VALUE:
            ident = _source
        if ident is None:
            return YSequence(over.span, None, list(base.items) + list(over.items))
        return _merge_unique(base, over, ident)
    return over  # a scalar, or list form against mapping form (networks, depends_on)


def _merge_mappings(base: YMapping, over: YMapping, key: str | None) -> YMapping:
    out = YMapping(over.span, None)
    for e in base.entries:
        name = e.name
        if name is not None and name in over:
            oe = over.entry(name)
            v = merge(e.value, oe.value, str(name), key)
            if v is not None:
                _add(out, YEntry(oe.key, v, oe.merged))
        else:
            _add(out, e)
    for e in over.entries:
        if e.name is None or e.name not in base:
            if e.value.tag != RESET:
                _add(out, e)
    return out


def _add(m: YMapping, e: YEntry) -> None:
    if e.name is not None:
        m._index[e.name] = e
    m.entries.append(e)


def _merge_unique(base: YSequence, over: YSequence, ident: Callable[[YNode], object]) -> YSequence:
    taken = {ident(i) for i in over.items}
    items = [i for i in base.items if ident(i) not in taken] + list(over.items)
    return YSequence(over.span, None, items)


def _name(n: YNode) -> str | None:
    """The name of a ``KEY=value`` (or ``host:ip`` for extra_hosts) list item."""
    if isinstance(n, YScalar) and n.value is not None:
        text = n.as_str()
        sep = "=" if "=" in text else ":"
        return text.split(sep, 1)[0].strip()
    return None


def _merge_by_name(base: YNode, over: YNode) -> YNode:
    if isinstance(base, YMapping) and isinstance(over, YMapping):
        return _merge_mappings(base, over, None)
    if isinstance(base, YSequence) and isinstance(over, YSequence):
        names = {_name(i) for i in over.items}
        items = [i for i in base.items if _name(i) not in names] + list(over.items)
        return YSequence(over.span, None, items)
    if isinstance(base, (YMapping, YSequence)) and isinstance(over, (YMapping, YSequence)):
        # one file writes a mapping, the other a KEY=value list: merge as a mapping; the
        # mapping side keeps its nodes, list items become entries at the item's position
        return _merge_mappings(_as_mapping(base), _as_mapping(over), None)
    return over


def _as_mapping(node: YMapping | YSequence) -> YMapping:
    if isinstance(node, YMapping):
        return node
    out = YMapping(node.span, None)
    for item in node.items:
        name = _name(item)
        if name is None or not isinstance(item, YScalar):
            continue
        text = item.as_str()
        key = YScalar(item.span, None, name, name, "")
        if "=" in text:
            v = text.split("=", 1)[1]
            value = YScalar(item.span, None, v, v, item.style)
        else:
            value = YScalar(item.span, None, None, "", "")
        _add(out, YEntry(key, value, False))
    return out
