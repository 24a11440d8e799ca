"""What a finding is about: the object, container, service or stage its place lies in.

The engine knows the target a check looked at; a ``Subject`` names it the way a user writes
an exception in the configuration (``kind``, ``name``, ``namespace``, ``container``,
``service``, ``stage``). A check of a whole object or file (a ``PodTemplate``, a
``ComposeFile``, a ``Dockerfile``, the run's ``KubernetesSet``) yields hits on nodes deeper
down: the container, service or stage is the one whose lines hold the hit.
"""

from __future__ import annotations

import bisect
import sys

from .findings import Span, Subject

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable
    from .compose.tree import ComposeFile
    from .dockerfile.tree import Dockerfile
    from .kubernetes import KubeObject


def _inside(at: Span, span: Span) -> bool:
    """Whether the place ``at`` starts within ``span`` (its end exclusive)."""
    return (span.line, span.column) <= (at.line, at.column) < (span.end_line, span.end_column)


def _object(obj: KubeObject, at: Span) -> Subject:
    container = next((c.name for template in obj.pod_templates  # an Argo Workflow has several
                      for c in template.all_containers() if _inside(at, c.span)), None)
    return Subject(kind=obj.kind, name=obj.name, namespace=obj.namespace, container=container)


def _stage(df: Dockerfile, at: Span) -> Subject | None:
    for st in df.stages:
        if st.instructions and st.instructions[0].span.line <= at.line \
                <= st.instructions[-1].span.end_line:
            return Subject(stage=st.alias if st.alias else str(st.index))
    return None


def _service_at(compose: ComposeFile, at: Span, cache: dict) -> Subject | None:
    def spans() -> list[tuple[Span, Any]]:
        out = []
        for svc in compose.services:
            key = getattr(svc.key, "span", None) or svc.span  # the name, then its mapping
            body = getattr(svc.node, "span", None) or svc.span
            out.append((Span(key.line, key.column, body.end_line, body.end_column), svc))
        return out

    svc = _holding(cache, ("services", id(compose)), spans, at)
    return Subject(service=svc.name) if svc is not None else None


def _holding(cache: dict, key: Any, spans: Callable[[], list[tuple[Span, Any]]],
             at: Span) -> Any:
    """The first of ``spans()`` (``(span, item)`` pairs) whose span holds ``at``, or None.
    When the spans do not overlap (services of a file, the documents of a file), they are
    sorted once per run of checks (``cache``) and each hit costs a binary search, so a file
    of thousands of services or objects stays linear; else each hit scans them in order."""
    found = cache.get(key)
    if found is None:
        pairs = spans()
        ordered = sorted(pairs, key=lambda p: (p[0].line, p[0].column))
        apart = all((a.end_line, a.end_column) <= (b.line, b.column)
                    for (a, _), (b, _) in zip(ordered, ordered[1:]))
        found = cache[key] = ([(p[0].line, p[0].column) for p in ordered], ordered, pairs,
                              apart)
    starts, ordered, pairs, apart = found
    if not apart:
        return next((item for span, item in pairs if _inside(at, span)), None)
    i = bisect.bisect_right(starts, (at.line, at.column)) - 1
    return ordered[i][1] if i >= 0 and _inside(at, ordered[i][0]) else None


def subject(target: Any, at: Span, path: str, own_path: str,
            by_path: dict | None = None) -> Subject | None:
    """The subject of a hit at ``at`` in ``path`` found by a check of ``target`` on the file
    ``own_path``. ``by_path``: a cache (one per run of checks) of the set's objects by path
    and of where services and objects start. A model is not imported for this: one that is
    not has no targets (a run imports those of its kinds of file alone: issue #14)."""
    dockerfile = sys.modules.get("linter.dockerfile.tree")
    if dockerfile is not None and isinstance(target, dockerfile.Dockerfile):
        return _stage(target, at) if path == own_path else None
    compose = sys.modules.get("linter.compose.tree")
    kubernetes = sys.modules.get("linter.kubernetes.tree")
    objectset = sys.modules.get("linter.kubernetes.objectset")
    if compose is not None and isinstance(target, compose.Service):
        return Subject(service=target.name)
    if compose is not None and isinstance(target, compose.ComposeFile):
        return _service_at(target, at, by_path if by_path is not None else {}) \
            if path == own_path else None
    if kubernetes is not None and isinstance(target, kubernetes.KubeObject):
        return _object(target, at)
    if kubernetes is not None and isinstance(target, kubernetes.PodTemplate):
        return _object(target.owner, at)
    if objectset is not None and isinstance(target, objectset.KubernetesSet):
        if by_path is None:
            by_path = {}
        if "objects" not in by_path:
            objects: dict[str, list[KubeObject]] = {}
            for o in target.objects:
                objects.setdefault(o.path, []).append(o)
            by_path["objects"] = objects
        o = _holding(by_path, ("objects", path),
                     lambda: [(o.span, o) for o in by_path["objects"].get(path, ())], at)
        return _object(o, at) if o is not None else None
    return None
