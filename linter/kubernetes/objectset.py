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

import functools
import os

from ..plain import Plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # a run builds its set before it knows there is any object (issue #14)
    from typing import Any, Callable

    from .tree import KubeObject, PodTemplate


def is_custom_group(group: str) -> bool:
    """Whether an API group is an add-on's (``argoproj.io``), not Kubernetes' own."""
    return "." in group and not group.endswith(".k8s.io")


def is_custom(o: KubeObject) -> bool:
    """Whether ``o`` is a custom resource (or defines one): an operator may create pods,
    Secrets or ConfigMaps from it that no manifest shows. A custom workload that creates
    only the pods of the template it writes (an Argo Rollout, see ``is_plain_workload``)
    is not: the cross-object rules see its pods as they see a Deployment's."""
    from .tree import is_plain_workload

    return (is_custom_group(o.group) and not is_plain_workload(o)) \
        or o.kind == "CustomResourceDefinition"


def in_namespace_phrase(o: KubeObject) -> str:
    """``in namespace 'x'`` or ``without a namespace``, for messages."""
    return f"in namespace '{o.namespace}'" if o.namespace else "without a namespace"


def _slim(o: KubeObject) -> KubeObject:
    """``o`` with only ``apiVersion``, ``kind`` and ``metadata`` left in its node."""
    from ..yaml import YMapping  # read with the object: not for a run without one (start-up)

    keep = ("apiVersion", "kind", "metadata")
    node = YMapping(o.node.span, o.node.tag)
    node.entries = [e for e in o.node.entries if e.name in keep]
    node._index = {k: e for k, e in o.node._index.items() if e.name in keep}
    # what ``dataclasses.replace(o, node=node, pod_template=None, pod_templates=[])`` did,
    # written out: KubeObject is a plain class (issue #14)
    return type(o)(o.api_version, o.kind, node, o.span, o.kind_span, o.doc_index, o.path,
                   o.name, o.namespace, o.metadata, o.labels, o.annotations, o.labels_node,
                   o.annotations_node, o.parent, None, [], o.siblings, o.partial, o.missing)


_ABSENT: Any = object()


def directory(o: KubeObject) -> str:
    """The directory of the file ``o`` was read from (a Helm template's, once rendered)."""
    return _dirname(o.path)


#: the cross-object rules ask each object's directory again and again (17,000 times over
#: the Kubernetes corpus, a sixth of the pass: issue #14); the files are few
_dirname = functools.lru_cache(maxsize=1 << 14)(os.path.dirname)


class KubernetesSet(Plain):
    """``objects`` in the order they were read (files in walk order, documents in order).

    Objects relate within one namespace (``""`` and unset are one). Files read as they are
    share one scope; each Kustomize build and each Helm chart is a scope of its own. The
    evidence for a finding comes from an object's *peers* (same scope); what may satisfy
    a reference is its *reach*: its scope, the plain files, and scopes made of other files
    (a base built alone and with an overlay, or two overlays, are different deployments of
    the same objects and do not satisfy each other).

    The lookups below are built on first use and cached: add every object before asking.
    """

    FORMAT = "kubernetes"

    objects: list[KubeObject]
    #: absolute paths of every file read in the run, of any kind (``complete`` asks)
    read: set[str]
    #: whether each object's directory (``directory(o)``) holds a kustomization; the
    #: pipeline fills it in as it adds objects, so no rule looks at the disk
    kustomized: dict[str, bool]
    _scope: dict[int, str]
    _groups: dict[tuple[str, str | None], list[KubeObject]] | None
    _local: dict[tuple, list[KubeObject]]
    _complete: dict[str, bool]  # files and dirs
    _custom: dict[tuple, set[str]]
    _named: dict[tuple, dict[str, list[KubeObject]]]
    _reach: dict[tuple, list[KubeObject]]
    _templates: dict[tuple, list[PodTemplate]]
    _scope_dirs: dict[str, set[str]]

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up); one per run
    FIELDS = ("objects", "read", "kustomized")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, objects: list[KubeObject] | None = None, read: set[str] | None = None,
                 kustomized: dict[str, bool] | None = None) -> None:
        self.objects = [] if objects is None else objects
        self.read = set() if read is None else read
        self.kustomized = {} if kustomized is None else kustomized
        # the lookups, built on first use (the dataclass's ``repr=False`` fields)
        self._scope = {}
        self._groups = None
        self._local = {}
        self._complete = {}
        self._custom = {}
        self._named = {}
        self._reach = {}
        self._templates = {}
        self._scope_dirs = {}
        self._memo: dict = {}

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """What ``make()`` works out from the whole set, made once per set: several rules
        ask the same of every object (the control plane's kubelet settings each looked for
        every kubelet command line of the run: 17 scans of the corpus's 2,600 objects, a
        tenth of the pass after the last file, issue #14). ``key``: the asker's own (the
        function that makes it). Ask only after every object is added, as for the lookups."""
        found = self._memo.get(key, _ABSENT)
        if found is _ABSENT:
            found = self._memo[key] = make()
        return found

    def add(self, objects: list[KubeObject], scope: str = "") -> None:
        """Keep the objects of a file that has been linted (``scope``: see the class). What
        the relations never need is let go, so a run does not hold every tree it read: each
        object's ``siblings`` (the per-file view), and the schema of a
        CustomResourceDefinition (86% of the bytes of the Kubernetes corpus; only its kind,
        group and metadata are kept). Each new directory of the objects is noted with
        whether a kustomization is there (``in_kustomization``)."""
        from ..source import kustomization_file  # not linter.kustomize: start-up

        for o in objects:
            o.siblings = []
            if o.kind == "CustomResourceDefinition":
                o = _slim(o)
            self.objects.append(o)
            if scope:
                self._scope[id(o)] = scope
        for d in {directory(o) for o in objects} - self.kustomized.keys():
            self.kustomized[d] = kustomization_file(d or ".") is not None

    def in_kustomization(self, o: KubeObject) -> bool:
        """Whether ``o`` was read from a directory that holds a kustomization (whose
        generators may create objects no file shows)."""
        return self.kustomized.get(directory(o), False)

    def group_of(self, o: KubeObject) -> tuple[str, str | None]:
        """``(scope, namespace)`` of ``o``: what its peers share."""
        return self._scope.get(id(o), ""), o.namespace or None

    def of_kind(self, *kinds: str) -> list[KubeObject]:
        return [o for o in self.objects if o.kind in kinds]

    @property
    def namespaces(self) -> set[str]:
        """Namespaces named by the objects (``None`` namespaces are left out)."""
        return {o.namespace for o in self.objects if o.namespace}

    def _group(self, key: tuple[str, str | None]) -> list[KubeObject]:
        if self._groups is None:
            groups: dict[tuple[str, str | None], list[KubeObject]] = {}
            for o in self.objects:
                groups.setdefault(self.group_of(o), []).append(o)
            self._groups = groups
        return self._groups.get(key, [])

    def peers(self, o: KubeObject) -> list[KubeObject]:
        """The objects of ``o``'s namespace and scope (``o`` included): the evidence."""
        return self._group(self.group_of(o))

    def reach(self, o: KubeObject) -> list[KubeObject]:
        """The objects of ``o``'s namespace that may satisfy a reference of ``o``: those of
        its scope, of the plain files, and of the builds and charts made of other files.
        (A base built alone and the overlays built on it share files: one deployment does
        not satisfy another's references.)"""
        scope, ns = self.group_of(o)
        key = (scope, ns)
        found = self._reach.get(key)
        if found is None:
            self._group(key)  # builds the groups
            found = []
            mine = self._dirs(scope)
            for (other, other_ns), objs in self._groups.items():  # type: ignore[union-attr]
                if other_ns == ns and (other == scope or not other or not scope
                                       or not (mine & self._dirs(other))):
                    found.extend(objs)
            self._reach[key] = found
        return found

    def _dirs(self, scope: str) -> set[str]:
        """The directories the objects of a scope come from."""
        if not self._scope_dirs:
            for x in self.objects:
                self._scope_dirs.setdefault(self._scope.get(id(x), ""), set()).add(directory(x))
        return self._scope_dirs.get(scope, set())

    def local(self, o: KubeObject) -> list[KubeObject]:
        """The peers of ``o`` read from files of ``o``'s directory, when that directory was
        read whole in this run; otherwise those of ``o``'s own file (a file is always read
        whole)."""
        key = (*self.group_of(o), directory(o))
        found = self._local.get(key)
        if found is None:
            found = self._local[key] = [x for x in self.peers(o) if directory(x) == key[2]]
        if not found or self.complete(o):
            return found
        return [x for x in found if x.path == o.path]

    def complete(self, o: KubeObject) -> bool:
        """Whether every YAML file of ``o``'s directory was read in this run (or left out by
        the configuration). Text that is not a file on disk (standard input under a made-up
        name, a Kustomize build's objects under their keys) stands for itself."""
        return self.complete_path(o.path)

    def complete_path(self, path: str) -> bool:
        """``complete`` for the objects of the file ``path``."""
        known = self._complete.get(path)
        if known is not None:
            return known
        if not os.path.isfile(path):
            self._complete[path] = True
            return True
        where = os.path.dirname(path)
        known = self._complete.get(where)
        if known is None:
            try:
                names = os.listdir(where or ".")
            except OSError:
                names = []
            known = all(os.path.abspath(os.path.join(where, n)) in self.read
                        for n in names if n.lower().endswith((".yaml", ".yml")))
            self._complete[where] = known
        self._complete[path] = known
        return known

    def custom_kinds(self, o: KubeObject) -> set[str]:
        """Kinds of the custom resources and CRDs beside ``o`` (in ``local(o)``, and the
        cluster-scoped CRDs of the same scope and directory, or file)."""
        whole = self.complete(o)
        scope = self.group_of(o)[0]
        key = (scope, o.namespace or None, directory(o), None if whole else o.path)
        found = self._custom.get(key)
        if found is None:
            found = {x.kind for x in self.local(o) if is_custom(x)} | {
                x.kind for x in self._group((scope, None))
                if x.kind == "CustomResourceDefinition" and directory(x) == key[2]
                and (whole or x.path == o.path)}
            self._custom[key] = found
        return found

    def has_custom_resources(self, o: KubeObject) -> bool:
        """Whether ``o``'s directory (see ``local``) holds a custom resource of its namespace,
        or a CRD (a Rollout, an operator's CR... may own pods and objects no manifest shows)."""
        return bool(self.custom_kinds(o))

    def pod_templates(self, o: KubeObject) -> list[PodTemplate]:
        """Pod templates of the workloads within ``o``'s reach."""
        key = self.group_of(o)
        found = self._templates.get(key)
        if found is None:
            found = self._templates[key] = [x.pod_template for x in self.reach(o)
                                            if x.pod_template is not None]
        return found

    def named(self, kind: str, o: KubeObject) -> dict[str, list[KubeObject]]:
        """The objects of ``kind`` within ``o``'s reach by name (there may be several of a
        name: unrelated applications, or variants of one)."""
        key = (kind, *self.group_of(o))
        out = self._named.get(key)
        if out is None:
            out = self._named[key] = {}
            for x in self.reach(o):
                if x.kind == kind and x.name is not None:
                    out.setdefault(x.name, []).append(x)
        return out
