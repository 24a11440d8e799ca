"""SL406 dependency-cycle: Services depend on each other in a cycle."""

from __future__ import annotations

import os

from linter.compose import ComposeFile
from linter.compose.project import extends_of, project_of
from linter.compose.refs import Ref, service_deps
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL406",
    name="dependency-cycle",
    severity=Severity.HIGH,
    summary="Services depend on each other in a cycle",
    rationale=(
        "Compose starts services in dependency order (`depends_on`, `links`, `volumes_from`, "
        "`network_mode: service:...`); a cycle has no order, and Compose refuses the project "
        "with 'dependency cycle detected'."),
    remediation="Break the cycle: remove the dependency that is not needed at start time, and "
                "let the service retry its connection instead.",
    references=[_SPEC + "#depends_on"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml", "services:\n  a:\n    image: app:1\n    extends: b\n"
                     "  b:\n    extends: a\n"),
             Example("compose.yaml",
                     "services:\n  a:\n    image: app:1\n    depends_on: [b]\n"
                     "  b:\n    image: app:1\n    depends_on: [a]\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: app:1\n    depends_on: [b]\n"
                     "  b:\n    image: app:1\n")],
    security=False,
)


@RULE.check(ComposeFile)
def cycles(cf: ComposeFile) -> Iterator[Hit]:
    # Only the services reachable from this file's can be on a cycle through them, so the
    # edges are read service by service as the search reaches them (``_Edges``) instead of
    # for every service of every file of the project: a file of a directory of stacked
    # overlays read all their services each time (12,300 reads for the 289 files of the
    # corpus; 3,500 now). A service's edges are the same list either way: its definitions
    # in ``project.files`` order, each one's dependencies in written order.
    edges = _Edges(project_of(cf))
    reported: set[frozenset] = set()
    mine = {s.name for s in cf.services}
    for start in sorted(mine):
        if not edges.get(start):
            continue
        path = _find_cycle(start, edges)
        if path is None:
            continue
        key = frozenset(path)
        if key in reported:
            continue
        reported.add(key)
        # report at the first edge of the cycle written in this file
        for a, b in zip(path, path[1:] + path[:1]):
            ref = next((r for n, r in edges.get(a, []) if n == b), None)
            if ref is not None and cf.service(a) is not None and _in_file(cf, a, ref):
                chain = " -> ".join(path + [path[0]])
                yield Hit(ref, f"services depend on each other in a cycle: {chain}")
                break


@RULE.check(ComposeFile)
def extends_cycles(cf: ComposeFile) -> Iterator[Hit]:
    """``extends`` that comes back to the service it started from (Compose rejects it).
    Each service has one base at most, so every chain is followed once: a service on a
    cycle is reported with the cycle read from it; one that leads into a cycle is not (the
    cycle is reported at its own services)."""
    project = project_of(cf)
    where: dict[int, str] = {}

    def key_of(f: ComposeFile, service) -> tuple[str, str]:
        w = where.get(id(f))
        if w is None:
            w = where[id(f)] = _where(f)
        return w, service.name

    cycles: dict[tuple[str, str], list[tuple[str, str]]] = {}  # member -> the cycle from it
    done: set[tuple[str, str]] = set()
    for service in cf.services:
        if extends_of(service)[0] is None:
            continue
        start = key_of(cf, service)
        path: list[tuple[str, str]] = []
        at: dict[tuple[str, str], int] = {}
        key, current = start, (cf, service)
        while key not in done and key not in at:
            at[key] = len(path)
            path.append(key)
            base = project.extends_base(*current)
            if base is None:
                break
            key, current = key_of(*base), base
        else:
            if key in at:  # a cycle: the services from ``key`` on
                ring = path[at[key]:]
                for i, member in enumerate(ring):
                    cycles[member] = ring[i:] + ring[:i]
        done.update(path)
        ring = cycles.get(start)
        if ring is not None and ring[0] == start:
            names = " -> ".join(name for _, name in ring + [start])
            yield Hit(service.node.get("extends") or service,
                      f"service '{service.name}' extends itself: {names}")


class _Edges(dict):
    """Service name -> ``[(name it depends on, Ref)]`` of a project, read on first ``get``
    (the dependencies of every definition of the service, files in project order)."""

    def __init__(self, project) -> None:
        super().__init__()
        self.project = project

    def get(self, name: str, default=None):  # type: ignore[override]
        found = dict.get(self, name)
        if found is None:
            found = self[name] = [(ref.name, ref) for _, s in self.project.services(name)
                                  for ref in service_deps(s) if ref.known and ref.name]
        return found or default


def _where(cf: ComposeFile) -> str:
    return os.path.normcase(os.path.abspath(cf.path))


def _in_file(cf: ComposeFile, service: str, ref: Ref) -> bool:
    s = cf.service(service)
    return s is not None and any(r.node is ref.node for r in service_deps(s))


def _find_cycle(start: str, edges: _Edges) -> list[str] | None:
    """The shortest cycle through ``start`` (a list of services), or None."""
    from collections import deque

    prev: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for nxt, _ in edges.get(node, []):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return list(reversed(path))
            if nxt not in seen:
                seen.add(nxt)
                prev[nxt] = node
                queue.append(nxt)
    return None
