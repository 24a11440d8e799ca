"""All Kubernetes objects of one run, across files, for cross-object rules.

Per-file rules check one ``KubeObject`` or ``PodTemplate`` at a time. Rules that relate
objects (a Service selector that matches no pod template, an HPA pointing at nothing, a pod
naming a ServiceAccount nobody defines) check a ``KubernetesSet`` instead: the runner hands
them one per run, holding every object of every file linted together (Helm charts rendered,
``List`` items included). Their hits must name the file (``Hit(..., path=obj.path)``); the
runner then applies that file's configuration and suppressions to them.

Objects relate only within one namespace. An object without ``metadata.namespace`` is in
the namespace it will be applied to, unknown here: such objects relate to each other (the
usual ``kubectl apply -n shop -f k8s/``), never to objects that name a namespace.

A rule may *clear* an object by anything in the set (a Service whose pods are defined in
another directory is fine), but should *complain* only on evidence from the object's own
directory (``local``): a run often holds several unrelated applications (a monorepo, or
pre-commit passing only the files that changed), and the pods a Service selects are then
often in a file that was not linted at all. So ``local`` holds the objects of the directory
when it was read whole in this run (every YAML file in it linted or excluded by the
configuration; a Helm chart, rendered as one, always is), and otherwise those of the
object's own file.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field

from ..yaml import YMapping
from .tree import KubeObject, PodTemplate


def is_custom(o: KubeObject) -> bool:
    """Whether ``o`` is a custom resource (or defines one): an operator may create pods,
    Secrets or ConfigMaps from it that no manifest shows."""
    g = o.group
    return ("." in g and not g.endswith(".k8s.io")) or o.kind == "CustomResourceDefinition"


def in_namespace_phrase(o: KubeObject) -> str:
    """``in namespace 'x'`` or ``without a namespace``, for messages."""
    return f"in namespace '{o.namespace}'" if o.namespace else "without a namespace"


def _slim(o: KubeObject) -> KubeObject:
    """``o`` with only ``apiVersion``, ``kind`` and ``metadata`` left in its node."""
    keep = ("apiVersion", "kind", "metadata")
    node = YMapping(o.node.span, o.node.tag)
    node.entries = [e for e in o.node.entries if e.name in keep]
    node._index = {k: e for k, e in o.node._index.items() if e.name in keep}
    return dataclasses.replace(o, node=node, pod_template=None)


def directory(o: KubeObject) -> str:
    """The directory of the file ``o`` was read from (a Helm template's, once rendered)."""
    return os.path.dirname(o.path)


@dataclass(eq=False)
class KubernetesSet:
    """``objects`` in the order they were read (files in walk order, documents in order).

    The lookups below are built on first use and cached: add every object before asking.
    """

    FORMAT = "kubernetes"

    objects: list[KubeObject] = field(default_factory=list)
    #: absolute paths of every file read in the run, of any kind (``complete`` asks)
    read: set[str] = field(default_factory=set)
    _by_ns: dict[str | None, list[KubeObject]] | None = field(default=None, repr=False)
    _local: dict[tuple[str | None, str], list[KubeObject]] = field(default_factory=dict,
                                                                   repr=False)
    _complete: dict[str, bool] = field(default_factory=dict, repr=False)
    _custom: dict[tuple, set[str]] = field(default_factory=dict, repr=False)
    _named: dict[tuple[str, str | None], dict[str, list[KubeObject]]] = field(default_factory=dict,
                                                                        repr=False)

    def add(self, objects: list[KubeObject]) -> None:
        """Keep the objects of a file that has been linted. What the relations never need
        is let go, so a run does not hold every tree it read: each object's ``siblings``
        (the per-file view), and the schema of a CustomResourceDefinition (86% of the bytes
        of the Kubernetes corpus; only its kind, group and metadata are kept)."""
        for o in objects:
            o.siblings = []
            if o.kind == "CustomResourceDefinition":
                o = _slim(o)
            self.objects.append(o)

    def of_kind(self, *kinds: str) -> list[KubeObject]:
        return [o for o in self.objects if o.kind in kinds]

    @property
    def namespaces(self) -> set[str]:
        """Namespaces named by the objects (``None`` namespaces are left out)."""
        return {o.namespace for o in self.objects if o.namespace}

    def in_namespace(self, namespace: str | None) -> list[KubeObject]:
        """The objects whose ``metadata.namespace`` is ``namespace`` (``None``: unset)."""
        if self._by_ns is None:
            by: dict[str | None, list[KubeObject]] = {}
            for o in self.objects:
                by.setdefault(o.namespace, []).append(o)
            self._by_ns = by
        return self._by_ns.get(namespace, [])

    def local(self, o: KubeObject) -> list[KubeObject]:
        """The objects in ``o``'s namespace read from files of ``o``'s directory, when that
        directory was read whole in this run; otherwise those of ``o``'s own file (a file is
        always read whole)."""
        key = (o.namespace, directory(o))
        found = self._local.get(key)
        if found is None:
            found = self._local[key] = [x for x in self.in_namespace(o.namespace)
                                        if directory(x) == key[1]]
        if not found or self.complete(o):
            return found
        return [x for x in found if x.path == o.path]

    def complete(self, o: KubeObject) -> bool:
        """Whether every YAML file of ``o``'s directory was read in this run (or left out by
        the configuration). Text that is not a file on disk (standard input under a made-up
        name, a Kustomize build's objects under their keys) stands for itself."""
        if not os.path.isfile(o.path):
            return True
        where = directory(o)
        known = self._complete.get(where)
        if known is None:
            try:
                names = os.listdir(where or ".")
            except OSError:
                names = []
            known = all(os.path.abspath(os.path.join(where, n)) in self.read
                        for n in names if n.lower().endswith((".yaml", ".yml")))
            self._complete[where] = known
        return known

    def custom_kinds(self, o: KubeObject) -> set[str]:
        """Kinds of the custom resources and CRDs beside ``o`` (in ``local(o)``, and the
        cluster-scoped CRDs of the same directory or file)."""
        whole = self.complete(o)
        key = (o.namespace, directory(o), None if whole else o.path)
        found = self._custom.get(key)
        if found is None:
            found = {x.kind for x in self.local(o) if is_custom(x)} | {
                x.kind for x in self.in_namespace(None) if x.kind == "CustomResourceDefinition"
                and directory(x) == key[1] and (whole or x.path == o.path)}
            self._custom[key] = found
        return found

    def pod_templates(self, namespace: str | None) -> list[PodTemplate]:
        """Pod templates of the workloads in ``namespace``."""
        return [o.pod_template for o in self.in_namespace(namespace) if o.pod_template is not None]

    def has_custom_resources(self, o: KubeObject) -> bool:
        """Whether ``o``'s directory (see ``local``) holds a custom resource of its namespace,
        or a CRD (a Rollout, an operator's CR... may own pods and objects no manifest shows)."""
        return bool(self.custom_kinds(o))

    def named(self, kind: str, namespace: str | None) -> dict[str, list[KubeObject]]:
        """Objects of ``kind`` in ``namespace`` by name (a run may hold several of a name:
        unrelated applications, or variants of one)."""
        out = self._named.get((kind, namespace))
        if out is None:
            out = self._named[(kind, namespace)] = {}
            for o in self.in_namespace(namespace):
                if o.kind == kind and o.name is not None:
                    out.setdefault(o.name, []).append(o)
        return out
