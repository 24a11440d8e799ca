"""Kubernetes objects and one normalised view of their pod templates.

``build`` turns the documents of a manifest file into ``KubeObject``s (items of ``kind: List``
and other ``*List`` kinds become objects of their own). Every workload kind that embeds a pod
spec gets a ``PodTemplate``, so rules check containers once for Pods, Deployments, CronJobs...

Shapes are not validated here (that is the schema check's job): a value of the wrong YAML type
is skipped, never raised on. Every object keeps its YAML node (``node``) and ``span``; scalar
fields are kept as ``YScalar`` nodes so findings can point at them.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..findings import Problem, Span
from ..image import ImageReference
from ..yaml import YamlDocument, YEntry, YMapping, YNode, YScalar, YSequence

#: kind -> path from the object root to the pod spec.
POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "PodTemplate": ("template", "spec"),
    "Deployment": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "DeploymentConfig": ("spec", "template", "spec"),  # OpenShift
}
#: API groups whose kinds above are the built-in workloads (a CRD called ``Job`` in another
#: group has another shape). Lenient on purpose: ``v1 Deployment`` is wrong, but it is still
#: checked as a Deployment (the schema check reports the version).
WORKLOAD_GROUPS = frozenset(("", "apps", "extensions", "batch", "apps.openshift.io"))

#: (API group, kind) of the custom resources whose one pod spec shiplint knows -> the path
#: from the object root to it (a pod template's ``metadata`` sits beside it)
CUSTOM_POD_SPEC_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("argoproj.io", "Rollout"): ("spec", "template", "spec"),  # unless spec.workloadRef
    ("serving.knative.dev", "Service"): ("spec", "template", "spec"),
    ("serving.knative.dev", "Configuration"): ("spec", "template", "spec"),
    ("serving.knative.dev", "Revision"): ("spec",),
    ("apps.kruise.io", "CloneSet"): ("spec", "template", "spec"),
    ("apps.kruise.io", "StatefulSet"): ("spec", "template", "spec"),  # Advanced StatefulSet
    ("apps.kruise.io", "DaemonSet"): ("spec", "template", "spec"),  # Advanced DaemonSet
    ("apps.kruise.io", "BroadcastJob"): ("spec", "template", "spec"),
}
#: custom workloads that create nothing but the pods of their template (and the volume
#: claims of its claim templates): the cross-object rules treat them like a Deployment. A
#: Knative Service is not one (it creates Services and Routes no manifest shows).
PLAIN_CUSTOM_WORKLOADS = frozenset((
    ("argoproj.io", "Rollout"), ("apps.kruise.io", "CloneSet"), ("apps.kruise.io", "StatefulSet"),
    ("apps.kruise.io", "DaemonSet"), ("apps.kruise.io", "BroadcastJob")))
#: Argo Workflows kinds -> the path to their workflow spec, whose ``templates`` each run one
#: pod (``container``, ``script`` or ``containerSet``)
ARGO_WORKFLOW_SPECS: dict[str, tuple[str, ...]] = {
    "Workflow": ("spec",), "WorkflowTemplate": ("spec",), "ClusterWorkflowTemplate": ("spec",),
    "CronWorkflow": ("spec", "workflowSpec")}
ARGO_GROUP = "argoproj.io"
#: Knative Serving, and the name it gives a container that writes none (one may: a Knative
#: Service usually has one container)
KNATIVE_GROUP = "serving.knative.dev"
KNATIVE_CONTAINER = "user-container"

_MAX_LIST_DEPTH = 8


def _scalar(m: YMapping | None, key: str) -> YScalar | None:
    """The non-null scalar at ``key`` (``None`` when absent, null or not a scalar)."""
    if m is None:
        return None
    v = m.get(key)
    if isinstance(v, YScalar) and v.value is not None:
        return v
    return None


def _str(m: YMapping | None, key: str) -> str | None:
    v = _scalar(m, key)
    return v.as_str() if v is not None else None


def _mapping(m: YMapping | None, key: str) -> YMapping | None:
    if m is None:
        return None
    v = m.get(key)
    return v if isinstance(v, YMapping) else None


def _sequence(m: YMapping | None, key: str) -> YSequence | None:
    if m is None:
        return None
    v = m.get(key)
    return v if isinstance(v, YSequence) else None


def _mappings(m: YMapping | None, key: str) -> list[YMapping]:
    seq = _sequence(m, key)
    return [i for i in seq.items if isinstance(i, YMapping)] if seq is not None else []


def _string_map(m: YMapping | None) -> dict[str, str]:
    if m is None:
        return {}
    out: dict[str, str] = {}
    for e in m.entries:
        k, v = e.key, e.value
        if isinstance(k, YScalar) and k.value is not None and isinstance(v, YScalar):
            out[k.as_str()] = v.as_str()
    return out


# ------------------------------------------------------------------------------- the tree


@dataclass(eq=False, slots=True)
class Field:
    """A security setting as it applies to a container: its ``value`` (plain Python: the
    scalar's value, a profile type, a ``dict`` for option mappings, a ``list`` of capability
    names), the YAML ``node`` where it is set, and the ``level`` (``"pod"`` or
    ``"container"``) it comes from."""

    value: Any
    node: YNode
    level: str

    @property
    def span(self) -> Span:
        return self.node.span


@dataclass(eq=False, slots=True)
class PodSecurityContext:
    """``spec.securityContext`` of a pod (scalars as ``YScalar``, ``None`` when unset/null)."""

    node: YMapping
    span: Span
    run_as_user: YScalar | None = None
    run_as_group: YScalar | None = None
    run_as_non_root: YScalar | None = None
    fs_group: YScalar | None = None
    fs_group_change_policy: YScalar | None = None
    supplemental_groups: YSequence | None = None
    supplemental_groups_policy: YScalar | None = None
    sysctls: YSequence | None = None
    seccomp_profile: YMapping | None = None
    se_linux_options: YMapping | None = None
    app_armor_profile: YMapping | None = None
    windows_options: YMapping | None = None


@dataclass(eq=False, slots=True)
class ContainerSecurityContext:
    """``securityContext`` of one container, as written (see ``EffectiveSecurityContext``
    for what applies once the pod's settings are taken into account)."""

    node: YMapping
    span: Span
    privileged: YScalar | None = None
    allow_privilege_escalation: YScalar | None = None
    read_only_root_filesystem: YScalar | None = None
    run_as_user: YScalar | None = None
    run_as_group: YScalar | None = None
    run_as_non_root: YScalar | None = None
    proc_mount: YScalar | None = None
    capabilities: YMapping | None = None
    capabilities_add: list[YScalar] = field(default_factory=list)
    capabilities_drop: list[YScalar] = field(default_factory=list)
    seccomp_profile: YMapping | None = None
    se_linux_options: YMapping | None = None
    app_armor_profile: YMapping | None = None
    windows_options: YMapping | None = None


@dataclass(eq=False, slots=True)
class EffectiveSecurityContext:
    """What applies to one container: the container's setting wins over the pod's for the
    shared fields; the others exist on containers only. ``None`` means set nowhere.

    ``seccomp_profile`` / ``app_armor_profile``: value = the ``type`` string (``None`` if the
    mapping has no type), node = the profile mapping. ``se_linux_options`` /
    ``windows_options``: value = dict of the mapping's scalars, node = the mapping (the whole
    mapping of one level wins). ``windows_host_process`` / ``windows_run_as_user_name``: the
    Windows fields merged one by one, as the kubelet does. ``capabilities_add``/``_drop``:
    value = list of names, node = the list.
    """

    run_as_user: Field | None = None
    run_as_group: Field | None = None
    run_as_non_root: Field | None = None
    seccomp_profile: Field | None = None
    se_linux_options: Field | None = None
    app_armor_profile: Field | None = None
    windows_options: Field | None = None
    windows_host_process: Field | None = None
    windows_run_as_user_name: Field | None = None
    privileged: Field | None = None
    allow_privilege_escalation: Field | None = None
    read_only_root_filesystem: Field | None = None
    capabilities_add: Field | None = None
    capabilities_drop: Field | None = None
    proc_mount: Field | None = None


@dataclass(eq=False, slots=True)
class EnvVar:
    """One ``env`` entry: ``value`` or ``value_from`` (``None`` when not given)."""

    name: str | None
    value: YScalar | None
    value_from: YMapping | None
    node: YMapping
    span: Span
    name_span: Span


@dataclass(eq=False, slots=True)
class EnvFromSource:
    """One ``envFrom`` entry. ``kind``: ``"configMapRef"`` | ``"secretRef"`` | ``None``."""

    kind: str | None
    name: str | None
    prefix: str | None
    node: YMapping
    span: Span


@dataclass(eq=False, slots=True)
class Resources:
    """``resources``: ``limits``/``requests`` map resource names (``cpu``, ``memory``, ...)
    to their scalars. ``node`` is ``None`` when the container has no ``resources``."""

    node: YMapping | None = None
    limits: dict[str, YScalar] = field(default_factory=dict)
    requests: dict[str, YScalar] = field(default_factory=dict)
    limits_node: YMapping | None = None
    requests_node: YMapping | None = None


@dataclass(eq=False, slots=True)
class ContainerPort:
    name: str | None
    container_port: YScalar | None
    host_port: YScalar | None
    host_ip: YScalar | None
    protocol: str  # "TCP" when not written
    node: YMapping
    span: Span


@dataclass(eq=False, slots=True)
class VolumeMount:
    name: str | None
    mount_path: str | None
    read_only: YScalar | None
    sub_path: str | None
    mount_propagation: str | None
    node: YMapping
    span: Span


@dataclass(eq=False, slots=True)
class Volume:
    """A pod volume. ``kind``: its source key (``hostPath``, ``secret``, ``configMap``,
    ``emptyDir``, ``persistentVolumeClaim``, ...); ``None`` when no source is written (the API
    server then defaults it to ``emptyDir``). ``source``: the source node."""

    name: str | None
    kind: str | None
    source: YNode | None
    host_path: str | None
    node: YMapping
    span: Span


@dataclass(eq=False, slots=True)
class Container:
    """One container of a pod template. ``kind``: ``"container"`` | ``"initContainer"`` |
    ``"ephemeralContainer"``; ``index`` its position in its list."""

    name: str | None
    kind: str
    node: YMapping
    span: Span
    pod: "PodTemplate"
    index: int
    image: YScalar | None = None
    image_ref: ImageReference | None = None
    image_pull_policy: YScalar | None = None
    command: YSequence | None = None
    args: YSequence | None = None
    working_dir: YScalar | None = None
    env: list[EnvVar] = field(default_factory=list)
    env_from: list[EnvFromSource] = field(default_factory=list)
    resources: Resources = field(default_factory=Resources)
    ports: list[ContainerPort] = field(default_factory=list)
    volume_mounts: list[VolumeMount] = field(default_factory=list)
    security_context: ContainerSecurityContext | None = None
    effective_security_context: EffectiveSecurityContext = field(default_factory=EffectiveSecurityContext)
    restart_policy: YScalar | None = None
    liveness_probe: YMapping | None = None
    readiness_probe: YMapping | None = None
    startup_probe: YMapping | None = None
    lifecycle: YMapping | None = None

    @property
    def is_sidecar(self) -> bool:
        """An init container with ``restartPolicy: Always`` (runs for the pod's lifetime)."""
        rp = self.restart_policy
        return self.kind == "initContainer" and rp is not None and rp.as_str() == "Always"

    @property
    def name_span(self) -> Span:
        n = self.node.get("name")
        return n.span if n is not None else self.span


@dataclass(eq=False, slots=True)
class PodTemplate:
    """The pod spec of a workload, wherever its kind nests it (``path`` from the object root,
    e.g. ``("spec", "template", "spec")``; a list position is an ``int``).
    ``metadata``/``labels``/``annotations`` are the template's (the object's own for a Pod).

    An Argo Workflows template (``spec.templates[i]``) is one too: its ``node`` is the
    template, its containers are the ``container`` or ``script`` (named ``main``, as Argo
    names it), the ``containerSet`` containers and the ``sidecars``, and the workflow's own
    ``securityContext``, ``volumes``, ``serviceAccountName``... apply where the template
    sets none (a ``podSpecPatch`` makes it ``patched``)."""

    owner: "KubeObject"
    node: YMapping
    span: Span
    path: tuple[str | int, ...]
    metadata: YMapping | None = None
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    containers: list[Container] = field(default_factory=list)
    init_containers: list[Container] = field(default_factory=list)
    ephemeral_containers: list[Container] = field(default_factory=list)
    security_context: PodSecurityContext | None = None
    host_network: YScalar | None = None
    host_pid: YScalar | None = None
    host_ipc: YScalar | None = None
    host_users: YScalar | None = None
    share_process_namespace: YScalar | None = None
    volumes: list[Volume] = field(default_factory=list)
    service_account_name: YScalar | None = None
    automount_service_account_token: YScalar | None = None
    restart_policy: YScalar | None = None
    os_name: str | None = None
    #: the pod is patched at run time by what the manifest cannot show (an Argo template's
    #: ``podSpecPatch``, a JSON or YAML text): only what it writes is judged
    patched: bool = False

    def all_containers(self) -> list[Container]:
        return self.init_containers + self.containers + self.ephemeral_containers

    @property
    def partial(self) -> bool:
        """Whether the object it belongs to is a fragment (a patch, or a workload without
        what the API requires), or the pod is ``patched``: the engine then runs only the
        rules with ``fragments``."""
        return self.owner.fragment or self.patched

    def volume(self, name: str) -> Volume | None:
        for v in self.volumes:
            if v.name == name:
                return v
        return None


@dataclass(eq=False, slots=True)
class KubeObject:
    """One Kubernetes object (a document, or an item of a ``List``: then ``parent`` is the
    list object and ``span`` the item's)."""

    api_version: str
    kind: str
    node: YMapping
    span: Span
    kind_span: Span
    doc_index: int
    path: str = ""
    name: str | None = None
    namespace: str | None = None
    metadata: YMapping | None = None
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    labels_node: YMapping | None = None
    annotations_node: YMapping | None = None
    parent: "KubeObject | None" = None
    #: the one pod template of a workload (a Deployment, a Rollout...); ``None`` for kinds
    #: with several (an Argo Workflow), whose templates are in ``pod_templates``
    pod_template: PodTemplate | None = None
    #: every pod template of the object (``pod_template`` among them)
    pod_templates: list[PodTemplate] = field(default_factory=list)
    #: every object of the same file, this one included (shared list; for rules that relate
    #: objects of one file - those that relate objects across files check a KubernetesSet)
    siblings: list["KubeObject"] = field(default_factory=list, repr=False)
    #: a fragment the pipeline knows is partial (a Kustomize patch): only what it writes is
    #: judged, never what it leaves out (see ``Rule.fragments``), and the cross-object rules
    #: do not see it
    partial: bool = False
    #: the fields the API server requires that this workload lacks (``spec.template``...,
    #: see ``REQUIRED_FIELDS``): a fragment too (a patch whose kustomization was not linted
    #: with it), whose pod template the engine treats as partial; the object itself stays in
    #: the run's ``KubernetesSet`` (its labels and names still satisfy references)
    missing: tuple[str, ...] = ()

    @property
    def fragment(self) -> bool:
        """Whether only what this object writes may be judged (``partial`` or ``missing``)."""
        return self.partial or bool(self.missing)

    @property
    def fragment_note(self) -> str | None:
        """What ``--verbose`` says about an object the tree took for a fragment."""
        if not self.missing:
            return None
        name = f"{self.kind} '{self.name}'" if self.name else self.kind
        return (f"{name} has no {' and no '.join(self.missing)}, which the API server "
                "requires: linted as a fragment (a patch), only rules that judge what it "
                "writes run")

    @property
    def group(self) -> str:
        """API group (``""`` for the core group)."""
        g, sep, _ = self.api_version.rpartition("/")
        return g if sep else ""

    @property
    def version(self) -> str:
        return self.api_version.rpartition("/")[2]

    @property
    def name_span(self) -> Span:
        n = self.metadata.get("name") if self.metadata is not None else None
        return n.span if n is not None else self.kind_span

    @property
    def is_list(self) -> bool:
        return self.kind.endswith("List") and isinstance(self.node.get("items"), YSequence)


# ------------------------------------------------------------------------------ detection


def is_kubernetes(root: YNode | None) -> bool:
    """A mapping whose ``apiVersion`` and ``kind`` are strings."""
    if not isinstance(root, YMapping):
        return False
    a = root.get("apiVersion")
    k = root.get("kind")
    return (isinstance(a, YScalar) and isinstance(a.value, str) and bool(a.value)
            and isinstance(k, YScalar) and isinstance(k.value, str) and bool(k.value))


# -------------------------------------------------------------------------------- building


def build(path: str, docs: list[YamlDocument]) -> tuple[list[KubeObject], list[Problem]]:
    """The objects of a manifest file, in document order (a ``List`` is followed by its
    items). Documents that are not Kubernetes objects are skipped; the problems list is for
    the caller's bookkeeping and stays empty (shape errors belong to the schema check)."""
    objects: list[KubeObject] = []
    for doc in docs:
        if is_kubernetes(doc.root):
            _add(path, doc.root, doc.index, None, objects, 0)  # type: ignore[arg-type]
    for obj in objects:
        obj.siblings = objects
    return objects, []


def _add(path: str, node: YMapping, doc_index: int, parent: KubeObject | None,
         out: list[KubeObject], depth: int) -> None:
    obj = build_object(path, node, doc_index, parent)
    out.append(obj)
    if obj.kind.endswith("List") and depth < _MAX_LIST_DEPTH:
        items = node.get("items")
        if isinstance(items, YSequence):
            for item in items.items:
                if is_kubernetes(item):
                    _add(path, item, doc_index, obj, out, depth + 1)  # type: ignore[arg-type]


def build_object(path: str, node: YMapping, doc_index: int = 0,
                 parent: KubeObject | None = None) -> KubeObject:
    """One object from a mapping that passes ``is_kubernetes``."""
    api = node.get("apiVersion")
    kind_node = node.get("kind")
    api_version = api.value if isinstance(api, YScalar) and isinstance(api.value, str) else ""
    kind = kind_node.value if isinstance(kind_node, YScalar) and isinstance(kind_node.value, str) else ""
    obj = KubeObject(api_version, kind, node, node.span,
                     kind_node.span if kind_node is not None else node.span, doc_index, path)
    obj.parent = parent
    meta = _mapping(node, "metadata")
    if meta is not None:
        obj.metadata = meta
        obj.name = _str(meta, "name")
        obj.namespace = _str(meta, "namespace")
        obj.labels_node = _mapping(meta, "labels")
        obj.annotations_node = _mapping(meta, "annotations")
        obj.labels = _string_map(obj.labels_node)
        obj.annotations = _string_map(obj.annotations_node)
    configured = [loc for loc in CONFIGURED_TEMPLATES.get() if loc.matches(obj)]
    if configured:
        for loc in configured:
            obj.pod_templates.extend(_templates_at(obj, loc.steps))
        if len(configured) == 1 and None not in configured[0].steps \
                and len(obj.pod_templates) == 1:
            obj.pod_template = obj.pod_templates[0]
        return obj
    if obj.group == ARGO_GROUP and kind in ARGO_WORKFLOW_SPECS:
        obj.pod_templates = _workflow_templates(obj)
        return obj
    spec_path = pod_spec_path(obj)
    if spec_path is not None:
        spec = node.path(*spec_path)
        if isinstance(spec, YMapping) and not _by_reference(obj):
            parent = node.path(*spec_path[:-1])
            meta = obj.metadata if len(spec_path) == 1 else \
                _mapping(parent if isinstance(parent, YMapping) else None, "metadata")
            obj.pod_template = _pod_template(obj, spec, spec_path, meta)
            obj.pod_templates = [obj.pod_template]
        obj.missing = missing_fields(obj)
    return obj


def pod_spec_path(o: KubeObject) -> tuple[str, ...] | None:
    """Where the one pod spec of ``o``'s kind sits: a built-in workload's, or a custom
    resource's that shiplint knows (``CUSTOM_POD_SPEC_PATHS``)."""
    if o.group in WORKLOAD_GROUPS:
        return POD_SPEC_PATHS.get(o.kind)
    return CUSTOM_POD_SPEC_PATHS.get((o.group, o.kind))


def _by_reference(o: KubeObject) -> bool:
    """An Argo Rollout that runs the pod template of another workload (``spec.workloadRef``)
    instead of writing one: it has no template, and lacks none."""
    return o.kind == "Rollout" and o.group == ARGO_GROUP \
        and isinstance(o.node.path("spec", "workloadRef"), YMapping)


def is_plain_workload(o: KubeObject) -> bool:
    """A built-in workload, or a custom one that creates nothing but the pods of the template
    it writes (an Argo Rollout, an OpenKruise CloneSet: ``PLAIN_CUSTOM_WORKLOADS``)."""
    if o.group in WORKLOAD_GROUPS:
        return o.kind in POD_SPEC_PATHS
    return (o.group, o.kind) in PLAIN_CUSTOM_WORKLOADS and o.pod_template is not None


# ------------------------------------------------------- pod templates the configuration names


@dataclass(frozen=True)
class TemplateLocation:
    """One entry of the configuration's ``pod-templates``: objects of ``kind`` whose
    ``apiVersion`` is ``api_version`` (``group/version``; a group alone, or ``group/*``,
    matches every version) hold a pod template at ``path`` (dotted keys; ``[]`` after a key
    means each item of the list there: ``spec.jobs[].template``). The node at the path is a
    pod template (``metadata`` and ``spec``) or, when it has ``containers``, a pod spec."""

    api_version: str
    kind: str
    path: str

    @property
    def steps(self) -> tuple[str | None, ...]:
        """The path as keys, ``None`` for each item of a list."""
        out: list[str | None] = []
        for part in self.path.split("."):
            if part.endswith("[]"):
                out.extend((part[:-2], None))
            else:
                out.append(part)
        return tuple(p for p in out if p != "")

    def matches(self, o: KubeObject) -> bool:
        if o.kind != self.kind:
            return False
        want = self.api_version.strip()
        if want.endswith("/*"):
            want = want[:-2]
        return o.api_version == want or ("/" not in want and o.group == want)


#: the pod templates the configuration of the file being built names (``pod-templates``)
CONFIGURED_TEMPLATES: ContextVar[tuple[TemplateLocation, ...]] = ContextVar(
    "configured_pod_templates", default=())


@contextmanager
def configured_templates(entries: Iterable[TemplateLocation | dict[str, str]]) -> Iterator[None]:
    """Build objects with the pod templates ``entries`` locate (``TemplateLocation``s, or
    the configuration's mappings with ``apiVersion``, ``kind`` and ``path``)."""
    locations = tuple(e if isinstance(e, TemplateLocation) else
                      TemplateLocation(str(e["apiVersion"]), str(e["kind"]), str(e["path"]))
                      for e in entries)
    token = CONFIGURED_TEMPLATES.set(locations)
    try:
        yield
    finally:
        CONFIGURED_TEMPLATES.reset(token)


def _walk(node: YNode | None, steps: tuple[str | None, ...], trail: tuple[str | int, ...]
          ) -> Iterator[tuple[YMapping, tuple[str | int, ...]]]:
    if not steps:
        if isinstance(node, YMapping):
            yield node, trail
        return
    step, rest = steps[0], steps[1:]
    if step is None:
        if isinstance(node, YSequence):
            for i, item in enumerate(node.items):
                yield from _walk(item, rest, trail + (i,))
    elif isinstance(node, YMapping):
        yield from _walk(node.get(step), rest, trail + (step,))


def _templates_at(o: KubeObject, steps: tuple[str | None, ...]) -> list[PodTemplate]:
    out = []
    for found, trail in _walk(o.node, steps, ()):
        if "containers" in found or "initContainers" in found:  # a pod spec
            meta = o.metadata if trail == ("spec",) else None
            out.append(_pod_template(o, found, trail, meta))
        else:
            spec = _mapping(found, "spec")
            if spec is not None:
                out.append(_pod_template(o, spec, trail + ("spec",), _mapping(found, "metadata")))
    return out


# --------------------------------------------------------------------------- Argo Workflows

#: what a template of an Argo Workflow writes that is a pod's
_ARGO_POD_KEYS = ("container", "script", "containerSet")


def _with_defaults(own: YMapping, default: YMapping) -> YMapping:
    """``own`` with what ``default`` writes that it does not (mappings merged key by key,
    ``own`` winning; its lists replace the default's): how Argo merges a workflow's
    ``templateDefaults`` into each template. The entries the default gives are marked
    ``merged``, like those a YAML ``<<`` brings in (a fix never edits them)."""
    out = YMapping(own.span, own.tag, list(own.entries), dict(own._index))
    for ikey, e in default._index.items():
        mine = out._index.get(ikey)
        if mine is None:
            new = YEntry(e.key, e.value, merged=True)
            out.entries.append(new)
        elif isinstance(mine.value, YMapping) and isinstance(e.value, YMapping):
            new = YEntry(mine.key, _with_defaults(mine.value, e.value), mine.merged)
            out.entries[out.entries.index(mine)] = new
        else:
            continue
        out._index[ikey] = new
    return out


def _template_defaults(wf: YMapping, t: YMapping) -> YMapping:
    """The template ``t`` as Argo runs it: with the workflow's ``templateDefaults`` merged in,
    a default ``container`` (or ``script``...) only into a template of that type."""
    defaults = _mapping(wf, "templateDefaults")
    if defaults is None:
        return t
    kept = YMapping(defaults.span, defaults.tag)
    for ikey, e in defaults._index.items():
        if e.name not in _ARGO_POD_KEYS or _mapping(t, e.name) is not None:
            kept.entries.append(e)
            kept._index[ikey] = e
    return _with_defaults(t, kept)


def _workflow_templates(o: KubeObject) -> list[PodTemplate]:
    """One pod template per template of an Argo Workflow (WorkflowTemplate...) that runs a
    pod; its steps, DAGs, resources and suspensions run none. A template's own keys win over
    the workflow's ``templateDefaults`` (``_template_defaults``), which win over the
    workflow's pod-wide keys."""
    base = ARGO_WORKFLOW_SPECS[o.kind]
    wf = o.node.path(*base)
    if not isinstance(wf, YMapping):
        return []
    out = []
    templates = _sequence(wf, "templates")
    for i, written in enumerate(templates.items if templates is not None else []):
        if not isinstance(written, YMapping) \
                or not any(_mapping(written, k) is not None for k in _ARGO_POD_KEYS):
            continue
        t = _template_defaults(wf, written)
        pt = PodTemplate(o, written, written.span, (*base, "templates", i))
        pt.patched = "podSpecPatch" in t or "podSpecPatch" in wf
        pod_meta, meta = _mapping(wf, "podMetadata"), _mapping(t, "metadata")
        pt.metadata = meta or pod_meta
        for m in (pod_meta, meta):
            pt.labels.update(_string_map(_mapping(m, "labels")))
            pt.annotations.update(_string_map(_mapping(m, "annotations")))
        psc = _mapping(t, "securityContext") or _mapping(wf, "securityContext")
        if psc is not None:
            pt.security_context = _pod_security_context(psc)
        pt.host_network = _scalar(wf, "hostNetwork")
        pt.service_account_name = _scalar(t, "serviceAccountName") or _scalar(wf, "serviceAccountName")
        pt.automount_service_account_token = (_scalar(t, "automountServiceAccountToken")
                                              or _scalar(wf, "automountServiceAccountToken"))
        for v in _mappings(wf, "volumes") + _mappings(t, "volumes"):
            pt.volumes.append(_volume(v))
        for claim in _mappings(wf, "volumeClaimTemplates"):  # a volume of each claim's name
            pt.volumes.append(Volume(_str(_mapping(claim, "metadata"), "name"),
                                     "persistentVolumeClaim", claim, None, claim, claim.span))
        pt.init_containers = _containers(pt, t, "initContainers", "initContainer")
        for key in ("container", "script"):
            main = _mapping(t, key)
            if main is not None:
                pt.containers.append(_container(pt, main, len(pt.containers), "container",
                                                default_name="main"))
        pt.containers += _containers(pt, _mapping(t, "containerSet"), "containers", "container",
                                     start=len(pt.containers))
        pt.containers += _containers(pt, t, "sidecars", "container", start=len(pt.containers))
        out.append(pt)
    return out


#: What the API server requires of the built-in workloads, beyond ``apiVersion``/``kind``
#: (from the OpenAPI ``required`` lists and the server's validation), and what makes a
#: manifest that lacks it a fragment (a strategic-merge patch whose base supplies it) rather
#: than an object with a mistake:
#:
#: * the pod template (``spec.template``, a CronJob's ``spec.jobTemplate.spec.template``, a
#:   PodTemplate's ``template``) and a CronJob's ``spec.schedule``: nothing fills them in;
#: * a non-empty ``containers`` list in every pod spec (added by ``missing_fields``);
#: * the ``spec.selector`` that ``apps/v1`` requires of Deployments, ReplicaSets,
#:   StatefulSets and DaemonSets, when a container of the template also names no image.
#:   Alone, a missing selector is not a fragment: Kustomize fills it from ``labels``/
#:   ``commonLabels`` in a base (whose containers name their images), and a manifest that
#:   simply forgot it is an object the schema check reports. A container's ``image`` alone is
#:   not a sign either: a complete workload is judged whatever its containers lack.
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Deployment": (("spec", "template"),),
    "ReplicaSet": (("spec", "template"),),
    "StatefulSet": (("spec", "template"),),
    "DaemonSet": (("spec", "template"),),
    "Job": (("spec", "template"),),
    "ReplicationController": (("spec", "template"),),
    "CronJob": (("spec", "schedule"), ("spec", "jobTemplate", "spec", "template")),
    "PodTemplate": (("template",),),
    "DeploymentConfig": (("spec", "template"),),
}
_SELECTOR_REQUIRED = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")


def _absent(node: YNode | None) -> bool:
    return node is None or (isinstance(node, YScalar) and node.value is None)


def missing_fields(o: KubeObject) -> tuple[str, ...]:
    """What makes the workload ``o`` a fragment (see ``REQUIRED_FIELDS``): the required
    fields it lacks, as dotted paths from the object root (empty for a complete object)."""
    spec_path = pod_spec_path(o)
    if spec_path is None or _by_reference(o):
        return ()
    required = REQUIRED_FIELDS.get(o.kind, ()) if o.group in WORKLOAD_GROUPS else (
        (spec_path[:-1],) if len(spec_path) > 1 else ())
    out = [".".join(p) for p in required if _absent(o.node.path(*p))]
    if out:
        return tuple(out)
    containers = o.node.path(*spec_path, "containers")
    if not (isinstance(containers, YSequence) and containers.items):
        return (".".join((*spec_path, "containers")),)
    if o.kind in _SELECTOR_REQUIRED and o.api_version == "apps/v1" \
            and _absent(o.node.path("spec", "selector")):
        pt = o.pod_template
        imageless = [c for c in (pt.all_containers() if pt else []) if c.image is None]
        if imageless:
            return ("spec.selector", f"image in {imageless[0].kind} "
                                     f"'{imageless[0].name or '#' + str(imageless[0].index)}'")
    return ()


def _pod_template(owner: KubeObject, spec: YMapping, path: tuple[str | int, ...],
                  meta: YMapping | None) -> PodTemplate:
    """The pod spec ``spec`` at ``path``, with the ``metadata`` of its template (the
    object's own for a Pod)."""
    pt = PodTemplate(owner, spec, spec.span, path)
    if meta is not None and meta is owner.metadata:  # a Pod: the object's own metadata
        pt.metadata = owner.metadata
        pt.labels = owner.labels
        pt.annotations = owner.annotations
    elif meta is not None:
        pt.metadata = meta
        pt.labels = _string_map(_mapping(meta, "labels"))
        pt.annotations = _string_map(_mapping(meta, "annotations"))
    psc = _mapping(spec, "securityContext")
    if psc is not None:
        pt.security_context = _pod_security_context(psc)
    pt.host_network = _scalar(spec, "hostNetwork")
    pt.host_pid = _scalar(spec, "hostPID")
    pt.host_ipc = _scalar(spec, "hostIPC")
    pt.host_users = _scalar(spec, "hostUsers")
    pt.share_process_namespace = _scalar(spec, "shareProcessNamespace")
    pt.service_account_name = _scalar(spec, "serviceAccountName") or _scalar(spec, "serviceAccount")
    pt.automount_service_account_token = _scalar(spec, "automountServiceAccountToken")
    pt.restart_policy = _scalar(spec, "restartPolicy")
    pt.os_name = _str(_mapping(spec, "os"), "name")
    for v in _mappings(spec, "volumes"):
        pt.volumes.append(_volume(v))
    pt.init_containers = _containers(pt, spec, "initContainers", "initContainer")
    pt.containers = _containers(pt, spec, "containers", "container",
                                default_name=KNATIVE_CONTAINER if owner.group == KNATIVE_GROUP
                                else None)
    pt.ephemeral_containers = _containers(pt, spec, "ephemeralContainers", "ephemeralContainer")
    return pt


def _volume(v: YMapping) -> Volume:
    kind = None
    source = None
    for e in v.entries:
        if e.name != "name" and isinstance(e.name, str):
            kind, source = e.name, e.value
            break
    host_path = _str(source, "path") if kind == "hostPath" and isinstance(source, YMapping) else None
    return Volume(_str(v, "name"), kind, source, host_path, v, v.span)


def _pod_security_context(m: YMapping) -> PodSecurityContext:
    return PodSecurityContext(
        m, m.span,
        run_as_user=_scalar(m, "runAsUser"),
        run_as_group=_scalar(m, "runAsGroup"),
        run_as_non_root=_scalar(m, "runAsNonRoot"),
        fs_group=_scalar(m, "fsGroup"),
        fs_group_change_policy=_scalar(m, "fsGroupChangePolicy"),
        supplemental_groups=_sequence(m, "supplementalGroups"),
        supplemental_groups_policy=_scalar(m, "supplementalGroupsPolicy"),
        sysctls=_sequence(m, "sysctls"),
        seccomp_profile=_mapping(m, "seccompProfile"),
        se_linux_options=_mapping(m, "seLinuxOptions"),
        app_armor_profile=_mapping(m, "appArmorProfile"),
        windows_options=_mapping(m, "windowsOptions"),
    )


def _container_security_context(m: YMapping) -> ContainerSecurityContext:
    caps = _mapping(m, "capabilities")
    csc = ContainerSecurityContext(
        m, m.span,
        privileged=_scalar(m, "privileged"),
        allow_privilege_escalation=_scalar(m, "allowPrivilegeEscalation"),
        read_only_root_filesystem=_scalar(m, "readOnlyRootFilesystem"),
        run_as_user=_scalar(m, "runAsUser"),
        run_as_group=_scalar(m, "runAsGroup"),
        run_as_non_root=_scalar(m, "runAsNonRoot"),
        proc_mount=_scalar(m, "procMount"),
        capabilities=caps,
        seccomp_profile=_mapping(m, "seccompProfile"),
        se_linux_options=_mapping(m, "seLinuxOptions"),
        app_armor_profile=_mapping(m, "appArmorProfile"),
        windows_options=_mapping(m, "windowsOptions"),
    )
    if caps is not None:
        for key, attr in (("add", "capabilities_add"), ("drop", "capabilities_drop")):
            seq = _sequence(caps, key)
            if seq is not None:
                setattr(csc, attr, [i for i in seq.items if isinstance(i, YScalar) and i.value is not None])
    return csc


_YAML11_BOOLS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


def k8s_value(s: YScalar):
    """The value the API server decodes: Kubernetes reads manifests with a YAML 1.1 decoder
    into typed fields, so a plain ``yes``/``on``/``no``/``off`` in a boolean field is a
    boolean there, while our YAML layer (1.2 core schema) keeps it a string."""
    if s.plain and isinstance(s.value, str):
        return _YAML11_BOOLS.get(s.value.lower(), s.value)
    return s.value


def _scalar_field(c: YScalar | None, p: YScalar | None) -> Field | None:
    if c is not None:
        return Field(k8s_value(c), c, "container")
    if p is not None:
        return Field(k8s_value(p), p, "pod")
    return None


def _profile_field(c: YMapping | None, p: YMapping | None) -> Field | None:
    m, level = (c, "container") if c is not None else (p, "pod")
    if m is None:
        return None
    return Field(_str(m, "type"), m, level)


def _options_field(c: YMapping | None, p: YMapping | None) -> Field | None:
    m, level = (c, "container") if c is not None else (p, "pod")
    if m is None:
        return None
    return Field(_string_map(m), m, level)


def _effective(csc: ContainerSecurityContext | None, psc: PodSecurityContext | None) -> EffectiveSecurityContext:
    eff = EffectiveSecurityContext()
    if csc is None and psc is None:
        return eff
    c = csc
    p = psc
    eff.run_as_user = _scalar_field(c and c.run_as_user, p and p.run_as_user)
    eff.run_as_group = _scalar_field(c and c.run_as_group, p and p.run_as_group)
    eff.run_as_non_root = _scalar_field(c and c.run_as_non_root, p and p.run_as_non_root)
    eff.seccomp_profile = _profile_field(c and c.seccomp_profile, p and p.seccomp_profile)
    eff.app_armor_profile = _profile_field(c and c.app_armor_profile, p and p.app_armor_profile)
    eff.se_linux_options = _options_field(c and c.se_linux_options, p and p.se_linux_options)
    cw = c.windows_options if c is not None else None
    pw = p.windows_options if p is not None else None
    eff.windows_options = _options_field(cw, pw)
    eff.windows_host_process = _scalar_field(_scalar(cw, "hostProcess"), _scalar(pw, "hostProcess"))
    eff.windows_run_as_user_name = _scalar_field(_scalar(cw, "runAsUserName"), _scalar(pw, "runAsUserName"))
    if c is not None:
        eff.privileged = _scalar_field(c.privileged, None)
        eff.allow_privilege_escalation = _scalar_field(c.allow_privilege_escalation, None)
        eff.read_only_root_filesystem = _scalar_field(c.read_only_root_filesystem, None)
        eff.proc_mount = _scalar_field(c.proc_mount, None)
        for key, attr in (("add", "capabilities_add"), ("drop", "capabilities_drop")):
            seq = _sequence(c.capabilities, key)
            if seq is not None:
                names = [i.as_str() for i in getattr(c, attr)]
                setattr(eff, attr, Field(names, seq, "container"))
    return eff


def _containers(pt: PodTemplate, spec: YMapping | None, key: str, kind: str,
                start: int = 0, default_name: str | None = None) -> list[Container]:
    """The containers of the list ``key`` of ``spec`` (``start``: the index of the first,
    when they follow others in one list of the tree; ``default_name``: see ``_container``)."""
    seq = _sequence(spec, key)
    if seq is None:
        return []
    return [_container(pt, m, start + index, kind, default_name)
            for index, m in enumerate(seq.items) if isinstance(m, YMapping)]


def _container(pt: PodTemplate, m: YMapping, index: int, kind: str,
               default_name: str | None = None) -> Container:
    """One container (``default_name``: its name when it writes none, as Argo names the
    container of a template ``main``)."""
    psc = pt.security_context
    c = Container(_str(m, "name") or default_name, kind, m, m.span, pt, index)
    image = _scalar(m, "image")
    if image is not None:
        c.image = image
        c.image_ref = ImageReference.parse(image.as_str())
    c.image_pull_policy = _scalar(m, "imagePullPolicy")
    c.command = _sequence(m, "command")
    c.args = _sequence(m, "args")
    c.working_dir = _scalar(m, "workingDir")
    c.restart_policy = _scalar(m, "restartPolicy")
    c.liveness_probe = _mapping(m, "livenessProbe")
    c.readiness_probe = _mapping(m, "readinessProbe")
    c.startup_probe = _mapping(m, "startupProbe")
    c.lifecycle = _mapping(m, "lifecycle")
    for e in _mappings(m, "env"):
        name_node = e.get("name")
        c.env.append(EnvVar(
            _str(e, "name"), _scalar_or_empty(e, "value"), _mapping(e, "valueFrom"), e, e.span,
            name_node.span if name_node is not None else e.span))
    for e in _mappings(m, "envFrom"):
        kind_key = "configMapRef" if "configMapRef" in e else "secretRef" if "secretRef" in e else None
        ref = _mapping(e, kind_key) if kind_key else None
        c.env_from.append(EnvFromSource(kind_key, _str(ref, "name"), _str(e, "prefix"), e, e.span))
    res = _mapping(m, "resources")
    if res is not None:
        r = Resources(res)
        for attr in ("limits", "requests"):
            sub = _mapping(res, attr)
            if sub is not None:
                setattr(r, attr + "_node", sub)
                d = getattr(r, attr)
                for ent in sub.entries:
                    if isinstance(ent.value, YScalar) and isinstance(ent.key, YScalar):
                        d[ent.key.as_str()] = ent.value
        c.resources = r
    for pm in _mappings(m, "ports"):
        c.ports.append(ContainerPort(
            _str(pm, "name"), _scalar(pm, "containerPort"), _scalar(pm, "hostPort"),
            _scalar(pm, "hostIP"), _str(pm, "protocol") or "TCP", pm, pm.span))
    for vm in _mappings(m, "volumeMounts"):
        c.volume_mounts.append(VolumeMount(
            _str(vm, "name"), _str(vm, "mountPath"), _scalar(vm, "readOnly"), _str(vm, "subPath"),
            _str(vm, "mountPropagation"), vm, vm.span))
    sc = _mapping(m, "securityContext")
    if sc is not None:
        c.security_context = _container_security_context(sc)
    c.effective_security_context = _effective(c.security_context, psc)
    return c


def _scalar_or_empty(m: YMapping, key: str) -> YScalar | None:
    """An env ``value``: kept even when null/empty (``value: ""`` is a real empty value)."""
    v = m.get(key)
    return v if isinstance(v, YScalar) else None
