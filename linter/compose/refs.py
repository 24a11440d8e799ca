"""What a service refers to: networks, volumes, secrets, configs and other services.

Each reference keeps the YAML node it is written at, so a finding about it points there.
Values go through interpolation; references whose name is an unknown variable are skipped by
the callers (``Ref.known`` False).
"""

from __future__ import annotations

from ..plain import Frozen
from ..yaml import YMapping, YNode, YScalar, YSequence
from .interpolation import interpolate
from .tree import Service

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator


class Ref(Frozen):
    kind: str  # networks | volumes | secrets | configs | models | service
    name: str
    node: YNode
    how: str  # the key it is written under: "networks", "depends_on", "network_mode", ...
    known: bool
    required: bool  # depends_on with required: false

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), frozen like it
    __slots__ = ("kind", "name", "node", "how", "known", "required")
    FIELDS = __slots__

    def __init__(self, kind: str, name: str, node: YNode, how: str, known: bool = True,
                 required: bool = True) -> None:
        self._assign(locals())

    @property
    def span(self):
        return self.node.span


def _text(node: YNode) -> tuple[str, bool]:
    if isinstance(node, YScalar) and node.value is not None:
        v, known = interpolate(node.as_str())
        return (v or "").strip(), known
    return "", False


def _names_of(v: YNode | None) -> Iterator[tuple[YNode, str, bool, YNode | None]]:
    """Items of a list-or-mapping field: (node, name, known, mapping value or None)."""
    if isinstance(v, YSequence):
        for item in v.items:
            if isinstance(item, YScalar) and item.value is not None:
                name, known = _text(item)
                yield item, name, known, None
    elif isinstance(v, YMapping):
        for e in v.entries:
            if isinstance(e.key, YScalar) and e.key.value is not None:
                name, known = _text(e.key)
                yield e.key, name, known, e.value


def service_refs(s: Service) -> Iterator[Ref]:
    m = s.node
    for node, name, known, _ in _names_of(m.get("networks")):
        yield Ref("networks", name, node, "networks", known)
    for node, name, known, _ in _names_of(m.get("models")):
        yield Ref("models", name, node, "models", known)
    for vm in s.volumes:
        if vm.type == "volume" and vm.source:
            yield Ref("volumes", vm.source.strip(), vm.node, "volumes", vm.known)
    for key in ("secrets", "configs"):
        v = m.get(key)
        if isinstance(v, YSequence):
            for item in v.items:
                if isinstance(item, YScalar) and item.value is not None:
                    name, known = _text(item)
                    yield Ref(key, name, item, key, known)
                elif isinstance(item, YMapping):
                    src = item.get("source")
                    if isinstance(src, YScalar) and src.value is not None:
                        name, known = _text(src)
                        yield Ref(key, name, src, key, known)
    yield from service_deps(s)


def service_deps(s: Service) -> Iterator[Ref]:
    """The services ``s`` depends on: ``depends_on``, ``links``, ``volumes_from`` and
    ``service:NAME`` in ``network_mode``/``pid``/``ipc``.

    Read once a service and kept (``Service._deps``): SL406 asks it of every service it
    reaches from a file, and a file read for several projects (the overlays of a base)
    is reached from each (3,500 asks for the 289 files of the corpus, 2,500 reads now).
    A service's mapping does not change once built, so the answer does not either."""
    found = s._deps
    if found is None:
        found = s._deps = tuple(_deps(s))
    return iter(found)


def _deps(s: Service) -> Iterator[Ref]:
    m = s.node
    for node, name, known, value in _names_of(m.get("depends_on")):
        required = True
        if isinstance(value, YMapping):
            r = value.get("required")
            if isinstance(r, YScalar) and (r.value is False or str(r.value).lower() == "false"):
                required = False
        yield Ref("service", name, node, "depends_on", known, required)
    for node, name, known, _ in _names_of(m.get("links")):
        if isinstance(m.get("links"), YSequence):
            name = name.split(":", 1)[0]
        yield Ref("service", name, node, "links", known)
    for node, name, known, _ in _names_of(m.get("volumes_from")):
        if name.startswith("container:"):
            continue
        name = name.removeprefix("service:").split(":", 1)[0]
        yield Ref("service", name, node, "volumes_from", known)
    for key in ("network_mode", "pid", "ipc"):
        v = m.get(key)
        if isinstance(v, YScalar) and v.value is not None:
            text, known = _text(v)
            if known and text.startswith("service:"):
                yield Ref("service", text[len("service:"):].strip(), v, key, known)
