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

from ..findings import Problem, Span
from ..image import ImageReference
from ..plain import Frozen, Plain
from ..yaml import YamlDocument, YEntry, YMapping, YNode, YScalar, YSequence
from . import k8s_value  # noqa: F401 - defined beside the package's names (start-up)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator

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

# Plain classes, not dataclasses (issue #14): building these fourteen dataclasses cost about
# 6 ms of a Kubernetes run's start-up. Each ``__init__`` assigns its fields directly and the
# bulk classes keep their ``__slots__``, so building objects costs what it did; equality
# stays identity (the dataclasses had ``eq=False``). ``repr`` (``Plain``'s, from ``FIELDS``)
# leaves out the links back up (``pod``, ``owner``, ``parent``, ``siblings``), which would
# recurse without the dataclasses' guard.


class Field(Plain):
    """A security setting as it applies to a container: its ``value`` (plain Python: the
    scalar's value, a profile type, a ``dict`` for option mappings, a ``list`` of capability
    names), the YAML ``node`` where it is set, and the ``level`` (``"pod"`` or
    ``"container"``) it comes from."""

    value: Any
    node: YNode
    level: str

    __slots__ = ("value", "node", "level")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, value: Any, node: YNode, level: str) -> None:
        self.value = value
        self.node = node
        self.level = level

    @property
    def span(self) -> Span:
        return self.node.span


class PodSecurityContext(Plain):
    """``spec.securityContext`` of a pod (scalars as ``YScalar``, ``None`` when unset/null)."""

    node: YMapping
    span: Span
    run_as_user: YScalar | None
    run_as_group: YScalar | None
    run_as_non_root: YScalar | None
    fs_group: YScalar | None
    fs_group_change_policy: YScalar | None
    supplemental_groups: YSequence | None
    supplemental_groups_policy: YScalar | None
    sysctls: YSequence | None
    seccomp_profile: YMapping | None
    se_linux_options: YMapping | None
    app_armor_profile: YMapping | None
    windows_options: YMapping | None

    __slots__ = ("node", "span", "run_as_user", "run_as_group", "run_as_non_root", "fs_group",
                 "fs_group_change_policy", "supplemental_groups", "supplemental_groups_policy",
                 "sysctls", "seccomp_profile", "se_linux_options", "app_armor_profile",
                 "windows_options")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YMapping, span: Span, run_as_user: YScalar | None = None,
                 run_as_group: YScalar | None = None, run_as_non_root: YScalar | None = None,
                 fs_group: YScalar | None = None, fs_group_change_policy: YScalar | None = None,
                 supplemental_groups: YSequence | None = None,
                 supplemental_groups_policy: YScalar | None = None,
                 sysctls: YSequence | None = None, seccomp_profile: YMapping | None = None,
                 se_linux_options: YMapping | None = None,
                 app_armor_profile: YMapping | None = None,
                 windows_options: YMapping | None = None) -> None:
        self.node = node
        self.span = span
        self.run_as_user = run_as_user
        self.run_as_group = run_as_group
        self.run_as_non_root = run_as_non_root
        self.fs_group = fs_group
        self.fs_group_change_policy = fs_group_change_policy
        self.supplemental_groups = supplemental_groups
        self.supplemental_groups_policy = supplemental_groups_policy
        self.sysctls = sysctls
        self.seccomp_profile = seccomp_profile
        self.se_linux_options = se_linux_options
        self.app_armor_profile = app_armor_profile
        self.windows_options = windows_options


class ContainerSecurityContext(Plain):
    """``securityContext`` of one container, as written (see ``EffectiveSecurityContext``
    for what applies once the pod's settings are taken into account)."""

    node: YMapping
    span: Span
    privileged: YScalar | None
    allow_privilege_escalation: YScalar | None
    read_only_root_filesystem: YScalar | None
    run_as_user: YScalar | None
    run_as_group: YScalar | None
    run_as_non_root: YScalar | None
    proc_mount: YScalar | None
    capabilities: YMapping | None
    capabilities_add: list[YScalar]
    capabilities_drop: list[YScalar]
    seccomp_profile: YMapping | None
    se_linux_options: YMapping | None
    app_armor_profile: YMapping | None
    windows_options: YMapping | None

    __slots__ = ("node", "span", "privileged", "allow_privilege_escalation",
                 "read_only_root_filesystem", "run_as_user", "run_as_group", "run_as_non_root",
                 "proc_mount", "capabilities", "capabilities_add", "capabilities_drop",
                 "seccomp_profile", "se_linux_options", "app_armor_profile", "windows_options")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YMapping, span: Span, privileged: YScalar | None = None,
                 allow_privilege_escalation: YScalar | None = None,
                 read_only_root_filesystem: YScalar | None = None,
                 run_as_user: YScalar | None = None, run_as_group: YScalar | None = None,
                 run_as_non_root: YScalar | None = None, proc_mount: YScalar | None = None,
                 capabilities: YMapping | None = None,
                 capabilities_add: list[YScalar] | None = None,
                 capabilities_drop: list[YScalar] | None = None,
                 seccomp_profile: YMapping | None = None, se_linux_options: YMapping | None = None,
                 app_armor_profile: YMapping | None = None,
                 windows_options: YMapping | None = None) -> None:
        self.node = node
        self.span = span
        self.privileged = privileged
        self.allow_privilege_escalation = allow_privilege_escalation
        self.read_only_root_filesystem = read_only_root_filesystem
        self.run_as_user = run_as_user
        self.run_as_group = run_as_group
        self.run_as_non_root = run_as_non_root
        self.proc_mount = proc_mount
        self.capabilities = capabilities
        self.capabilities_add = [] if capabilities_add is None else capabilities_add
        self.capabilities_drop = [] if capabilities_drop is None else capabilities_drop
        self.seccomp_profile = seccomp_profile
        self.se_linux_options = se_linux_options
        self.app_armor_profile = app_armor_profile
        self.windows_options = windows_options


class EffectiveSecurityContext(Plain):
    """What applies to one container: the container's setting wins over the pod's for the
    shared fields; the others exist on containers only. ``None`` means set nowhere.

    ``seccomp_profile`` / ``app_armor_profile``: value = the ``type`` string (``None`` if the
    mapping has no type), node = the profile mapping. ``se_linux_options`` /
    ``windows_options``: value = dict of the mapping's scalars, node = the mapping (the whole
    mapping of one level wins). ``windows_host_process`` / ``windows_run_as_user_name``: the
    Windows fields merged one by one, as the kubelet does. ``capabilities_add``/``_drop``:
    value = list of names, node = the list.
    """

    run_as_user: Field | None
    run_as_group: Field | None
    run_as_non_root: Field | None
    seccomp_profile: Field | None
    se_linux_options: Field | None
    app_armor_profile: Field | None
    windows_options: Field | None
    windows_host_process: Field | None
    windows_run_as_user_name: Field | None
    privileged: Field | None
    allow_privilege_escalation: Field | None
    read_only_root_filesystem: Field | None
    capabilities_add: Field | None
    capabilities_drop: Field | None
    proc_mount: Field | None

    __slots__ = ("run_as_user", "run_as_group", "run_as_non_root", "seccomp_profile",
                 "se_linux_options", "app_armor_profile", "windows_options",
                 "windows_host_process", "windows_run_as_user_name", "privileged",
                 "allow_privilege_escalation", "read_only_root_filesystem", "capabilities_add",
                 "capabilities_drop", "proc_mount")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, run_as_user: Field | None = None, run_as_group: Field | None = None,
                 run_as_non_root: Field | None = None, seccomp_profile: Field | None = None,
                 se_linux_options: Field | None = None, app_armor_profile: Field | None = None,
                 windows_options: Field | None = None, windows_host_process: Field | None = None,
                 windows_run_as_user_name: Field | None = None, privileged: Field | None = None,
                 allow_privilege_escalation: Field | None = None,
                 read_only_root_filesystem: Field | None = None,
                 capabilities_add: Field | None = None, capabilities_drop: Field | None = None,
                 proc_mount: Field | None = None) -> None:
        self.run_as_user = run_as_user
        self.run_as_group = run_as_group
        self.run_as_non_root = run_as_non_root
        self.seccomp_profile = seccomp_profile
        self.se_linux_options = se_linux_options
        self.app_armor_profile = app_armor_profile
        self.windows_options = windows_options
        self.windows_host_process = windows_host_process
        self.windows_run_as_user_name = windows_run_as_user_name
        self.privileged = privileged
        self.allow_privilege_escalation = allow_privilege_escalation
        self.read_only_root_filesystem = read_only_root_filesystem
        self.capabilities_add = capabilities_add
        self.capabilities_drop = capabilities_drop
        self.proc_mount = proc_mount


class EnvVar(Plain):
    """One ``env`` entry: ``value`` or ``value_from`` (``None`` when not given)."""

    name: str | None
    value: YScalar | None
    value_from: YMapping | None
    node: YMapping
    span: Span
    name_span: Span

    __slots__ = ("name", "value", "value_from", "node", "span", "name_span")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str | None, value: YScalar | None, value_from: YMapping | None,
                 node: YMapping, span: Span, name_span: Span) -> None:
        self.name = name
        self.value = value
        self.value_from = value_from
        self.node = node
        self.span = span
        self.name_span = name_span


class EnvFromSource(Plain):
    """One ``envFrom`` entry. ``kind``: ``"configMapRef"`` | ``"secretRef"`` | ``None``."""

    kind: str | None
    name: str | None
    prefix: str | None
    node: YMapping
    span: Span

    __slots__ = ("kind", "name", "prefix", "node", "span")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, kind: str | None, name: str | None, prefix: str | None, node: YMapping,
                 span: Span) -> None:
        self.kind = kind
        self.name = name
        self.prefix = prefix
        self.node = node
        self.span = span


class Resources(Plain):
    """``resources``: ``limits``/``requests`` map resource names (``cpu``, ``memory``, ...)
    to their scalars. ``node`` is ``None`` when the container has no ``resources``."""

    node: YMapping | None
    limits: dict[str, YScalar]
    requests: dict[str, YScalar]
    limits_node: YMapping | None
    requests_node: YMapping | None

    __slots__ = ("node", "limits", "requests", "limits_node", "requests_node")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YMapping | None = None, limits: dict[str, YScalar] | None = None,
                 requests: dict[str, YScalar] | None = None, limits_node: YMapping | None = None,
                 requests_node: YMapping | None = None) -> None:
        self.node = node
        self.limits = {} if limits is None else limits
        self.requests = {} if requests is None else requests
        self.limits_node = limits_node
        self.requests_node = requests_node


class ContainerPort(Plain):
    name: str | None
    container_port: YScalar | None
    host_port: YScalar | None
    host_ip: YScalar | None
    protocol: str  # "TCP" when not written
    node: YMapping
    span: Span

    __slots__ = ("name", "container_port", "host_port", "host_ip", "protocol", "node", "span")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str | None, container_port: YScalar | None, host_port: YScalar | None,
                 host_ip: YScalar | None, protocol: str, node: YMapping, span: Span) -> None:
        self.name = name
        self.container_port = container_port
        self.host_port = host_port
        self.host_ip = host_ip
        self.protocol = protocol
        self.node = node
        self.span = span


class VolumeMount(Plain):
    name: str | None
    mount_path: str | None
    read_only: YScalar | None
    sub_path: str | None
    mount_propagation: str | None
    node: YMapping
    span: Span

    __slots__ = ("name", "mount_path", "read_only", "sub_path", "mount_propagation", "node",
                 "span")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str | None, mount_path: str | None, read_only: YScalar | None,
                 sub_path: str | None, mount_propagation: str | None, node: YMapping,
                 span: Span) -> None:
        self.name = name
        self.mount_path = mount_path
        self.read_only = read_only
        self.sub_path = sub_path
        self.mount_propagation = mount_propagation
        self.node = node
        self.span = span


class Volume(Plain):
    """A pod volume. ``kind``: its source key (``hostPath``, ``secret``, ``configMap``,
    ``emptyDir``, ``persistentVolumeClaim``, ...); ``None`` when no source is written (the API
    server then defaults it to ``emptyDir``). ``source``: the source node."""

    name: str | None
    kind: str | None
    source: YNode | None
    host_path: str | None
    node: YMapping
    span: Span

    __slots__ = ("name", "kind", "source", "host_path", "node", "span")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str | None, kind: str | None, source: YNode | None,
                 host_path: str | None, node: YMapping, span: Span) -> None:
        self.name = name
        self.kind = kind
        self.source = source
        self.host_path = host_path
        self.node = node
        self.span = span


class Container(Plain):
    """One container of a pod template. ``kind``: ``"container"`` | ``"initContainer"`` |
    ``"ephemeralContainer"``; ``index`` its position in its list."""

    name: str | None
    kind: str
    node: YMapping
    span: Span
    pod: "PodTemplate"
    index: int
    image: YScalar | None
    image_ref: ImageReference | None
    image_pull_policy: YScalar | None
    command: YSequence | None
    args: YSequence | None
    working_dir: YScalar | None
    env: list[EnvVar]
    env_from: list[EnvFromSource]
    resources: Resources
    ports: list[ContainerPort]
    volume_mounts: list[VolumeMount]
    security_context: ContainerSecurityContext | None
    effective_security_context: EffectiveSecurityContext
    restart_policy: YScalar | None
    liveness_probe: YMapping | None
    readiness_probe: YMapping | None
    startup_probe: YMapping | None
    lifecycle: YMapping | None

    __slots__ = ("name", "kind", "node", "span", "pod", "index", "image", "image_ref",
                 "image_pull_policy", "command", "args", "working_dir", "env", "env_from",
                 "resources", "ports", "volume_mounts", "security_context",
                 "effective_security_context", "restart_policy", "liveness_probe",
                 "readiness_probe", "startup_probe", "lifecycle")
    FIELDS = ("name", "kind", "node", "span", "index", "image", "image_ref", "image_pull_policy",
              "command", "args", "working_dir", "env", "env_from", "resources", "ports",
              "volume_mounts", "security_context", "effective_security_context", "restart_policy",
              "liveness_probe", "readiness_probe", "startup_probe", "lifecycle")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str | None, kind: str, node: YMapping, span: Span, pod: "PodTemplate",
                 index: int, image: YScalar | None = None, image_ref: ImageReference | None = None,
                 image_pull_policy: YScalar | None = None, command: YSequence | None = None,
                 args: YSequence | None = None, working_dir: YScalar | None = None,
                 env: list[EnvVar] | None = None, env_from: list[EnvFromSource] | None = None,
                 resources: Resources | None = None, ports: list[ContainerPort] | None = None,
                 volume_mounts: list[VolumeMount] | None = None,
                 security_context: ContainerSecurityContext | None = None,
                 effective_security_context: EffectiveSecurityContext | None = None,
                 restart_policy: YScalar | None = None, liveness_probe: YMapping | None = None,
                 readiness_probe: YMapping | None = None, startup_probe: YMapping | None = None,
                 lifecycle: YMapping | None = None) -> None:
        self.name = name
        self.kind = kind
        self.node = node
        self.span = span
        self.pod = pod
        self.index = index
        self.image = image
        self.image_ref = image_ref
        self.image_pull_policy = image_pull_policy
        self.command = command
        self.args = args
        self.working_dir = working_dir
        self.env = [] if env is None else env
        self.env_from = [] if env_from is None else env_from
        self.resources = Resources() if resources is None else resources
        self.ports = [] if ports is None else ports
        self.volume_mounts = [] if volume_mounts is None else volume_mounts
        self.security_context = security_context
        if effective_security_context is None:
            effective_security_context = EffectiveSecurityContext()
        self.effective_security_context = effective_security_context
        self.restart_policy = restart_policy
        self.liveness_probe = liveness_probe
        self.readiness_probe = readiness_probe
        self.startup_probe = startup_probe
        self.lifecycle = lifecycle

    @property
    def is_sidecar(self) -> bool:
        """An init container with ``restartPolicy: Always`` (runs for the pod's lifetime)."""
        rp = self.restart_policy
        return self.kind == "initContainer" and rp is not None and rp.as_str() == "Always"

    @property
    def name_span(self) -> Span:
        n = self.node.get("name")
        return n.span if n is not None else self.span


class PodTemplate(Plain):
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
    metadata: YMapping | None
    labels: dict[str, str]
    annotations: dict[str, str]
    containers: list[Container]
    init_containers: list[Container]
    ephemeral_containers: list[Container]
    security_context: PodSecurityContext | None
    host_network: YScalar | None
    host_pid: YScalar | None
    host_ipc: YScalar | None
    host_users: YScalar | None
    share_process_namespace: YScalar | None
    volumes: list[Volume]
    service_account_name: YScalar | None
    automount_service_account_token: YScalar | None
    restart_policy: YScalar | None
    os_name: str | None
    #: the pod is patched at run time by what the manifest cannot show (an Argo template's
    #: ``podSpecPatch``, a JSON or YAML text): only what it writes is judged
    patched: bool

    __slots__ = ("owner", "node", "span", "path", "metadata", "labels", "annotations",
                 "containers", "init_containers", "ephemeral_containers", "security_context",
                 "host_network", "host_pid", "host_ipc", "host_users", "share_process_namespace",
                 "volumes", "service_account_name", "automount_service_account_token",
                 "restart_policy", "os_name", "patched")
    FIELDS = ("node", "span", "path", "metadata", "labels", "annotations", "containers",
              "init_containers", "ephemeral_containers", "security_context", "host_network",
              "host_pid", "host_ipc", "host_users", "share_process_namespace", "volumes",
              "service_account_name", "automount_service_account_token", "restart_policy",
              "os_name", "patched")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, owner: "KubeObject", node: YMapping, span: Span,
                 path: tuple[str | int, ...], metadata: YMapping | None = None,
                 labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None,
                 containers: list[Container] | None = None,
                 init_containers: list[Container] | None = None,
                 ephemeral_containers: list[Container] | None = None,
                 security_context: PodSecurityContext | None = None,
                 host_network: YScalar | None = None, host_pid: YScalar | None = None,
                 host_ipc: YScalar | None = None, host_users: YScalar | None = None,
                 share_process_namespace: YScalar | None = None,
                 volumes: list[Volume] | None = None, service_account_name: YScalar | None = None,
                 automount_service_account_token: YScalar | None = None,
                 restart_policy: YScalar | None = None, os_name: str | None = None,
                 patched: bool = False) -> None:
        self.owner = owner
        self.node = node
        self.span = span
        self.path = path
        self.metadata = metadata
        self.labels = {} if labels is None else labels
        self.annotations = {} if annotations is None else annotations
        self.containers = [] if containers is None else containers
        self.init_containers = [] if init_containers is None else init_containers
        self.ephemeral_containers = [] if ephemeral_containers is None else ephemeral_containers
        self.security_context = security_context
        self.host_network = host_network
        self.host_pid = host_pid
        self.host_ipc = host_ipc
        self.host_users = host_users
        self.share_process_namespace = share_process_namespace
        self.volumes = [] if volumes is None else volumes
        self.service_account_name = service_account_name
        self.automount_service_account_token = automount_service_account_token
        self.restart_policy = restart_policy
        self.os_name = os_name
        self.patched = patched

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


class KubeObject(Plain):
    """One Kubernetes object (a document, or an item of a ``List``: then ``parent`` is the
    list object and ``span`` the item's)."""

    api_version: str
    kind: str
    node: YMapping
    span: Span
    kind_span: Span
    doc_index: int
    path: str
    name: str | None
    namespace: str | None
    metadata: YMapping | None
    labels: dict[str, str]
    annotations: dict[str, str]
    labels_node: YMapping | None
    annotations_node: YMapping | None
    parent: "KubeObject | None"
    #: the one pod template of a workload (a Deployment, a Rollout...); ``None`` for kinds
    #: with several (an Argo Workflow), whose templates are in ``pod_templates``
    pod_template: PodTemplate | None
    #: every pod template of the object (``pod_template`` among them)
    pod_templates: list[PodTemplate]
    #: every object of the same file, this one included (shared list; for rules that relate
    #: objects of one file - those that relate objects across files check a KubernetesSet)
    siblings: list["KubeObject"]
    #: a fragment the pipeline knows is partial (a Kustomize patch): only what it writes is
    #: judged, never what it leaves out (see ``Rule.fragments``), and the cross-object rules
    #: do not see it
    partial: bool
    #: the fields the API server requires that this workload lacks (``spec.template``...,
    #: see ``REQUIRED_FIELDS``): a fragment too (a patch whose kustomization was not linted
    #: with it), whose pod template the engine treats as partial; the object itself stays in
    #: the run's ``KubernetesSet`` (its labels and names still satisfy references)
    missing: tuple[str, ...]

    __slots__ = ("api_version", "kind", "node", "span", "kind_span", "doc_index", "path", "name",
                 "namespace", "metadata", "labels", "annotations", "labels_node",
                 "annotations_node", "parent", "pod_template", "pod_templates", "siblings",
                 "partial", "missing")
    FIELDS = ("api_version", "kind", "node", "span", "kind_span", "doc_index", "path", "name",
              "namespace", "metadata", "labels", "annotations", "labels_node", "annotations_node",
              "pod_template", "pod_templates", "partial", "missing")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, api_version: str, kind: str, node: YMapping, span: Span, kind_span: Span,
                 doc_index: int, path: str = "", name: str | None = None,
                 namespace: str | None = None, metadata: YMapping | None = None,
                 labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None,
                 labels_node: YMapping | None = None, annotations_node: YMapping | None = None,
                 parent: "KubeObject | None" = None, pod_template: PodTemplate | None = None,
                 pod_templates: list[PodTemplate] | None = None,
                 siblings: list["KubeObject"] | None = None, partial: bool = False,
                 missing: tuple[str, ...] = ()) -> None:
        self.api_version = api_version
        self.kind = kind
        self.node = node
        self.span = span
        self.kind_span = kind_span
        self.doc_index = doc_index
        self.path = path
        self.name = name
        self.namespace = namespace
        self.metadata = metadata
        self.labels = {} if labels is None else labels
        self.annotations = {} if annotations is None else annotations
        self.labels_node = labels_node
        self.annotations_node = annotations_node
        self.parent = parent
        self.pod_template = pod_template
        self.pod_templates = [] if pod_templates is None else pod_templates
        self.siblings = [] if siblings is None else siblings
        self.partial = partial
        self.missing = missing

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


class TemplateLocation(Frozen):
    """One entry of the configuration's ``pod-templates``: objects of ``kind`` whose
    ``apiVersion`` is ``api_version`` (``group/version``; a group alone, or ``group/*``,
    matches every version) hold a pod template at ``path`` (dotted keys; ``[]`` after a key
    means each item of the list there: ``spec.jobs[].template``). The node at the path is a
    pod template (``metadata`` and ``spec``) or, when it has ``containers``, a pod spec."""

    api_version: str
    kind: str
    path: str

    FIELDS = ("api_version", "kind", "path")

    def __init__(self, api_version: str, kind: str, path: str) -> None:
        self._assign(locals())

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
