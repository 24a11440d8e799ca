"""Pod Security Standards facts and small helpers shared by the Kubernetes rules.

The allowed values follow the API server's own admission check (pod-security-admission), for
the newest Kubernetes version it knows: see ``docs/coverage/kubernetes.md``.
"""

from __future__ import annotations

import re

from linter.kubernetes import k8s_value
from linter.yaml import YMapping, YNode, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the runtime rules use these helpers on a Compose run too (issue #14)
    from typing import Iterator
    from linter.kubernetes.tree import Container, KubeObject, PodTemplate

#: Capabilities PSS baseline lets a container add (NET_RAW is *not* among them).
BASELINE_CAPABILITIES = frozenset((
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
    "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"))
#: Docker's default set: baseline plus NET_RAW (adding one of these in Compose changes nothing).
DOCKER_DEFAULT_CAPABILITIES = BASELINE_CAPABILITIES | {"NET_RAW"}
#: Capabilities that amount to (or come close to) root on the host.
DANGEROUS_CAPABILITIES = frozenset((
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "SYS_PTRACE", "SYS_RAWIO", "SYS_BOOT",
    "SYS_TIME", "BPF", "PERFMON", "DAC_READ_SEARCH", "MAC_ADMIN", "MAC_OVERRIDE", "NET_RAW",
    "SYSLOG", "SYS_RESOURCE"))

#: Sysctls PSS baseline allows (newest version).
SAFE_SYSCTLS = frozenset((
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"))

#: SELinux types PSS baseline allows.
SELINUX_TYPES = frozenset(("", "container_t", "container_init_t", "container_kvm_t",
                           "container_engine_t"))

#: Volume sources PSS restricted allows.
RESTRICTED_VOLUME_TYPES = frozenset((
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim",
    "projected", "secret", "image"))

PSS_DOC = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"


def cap_name(text: str) -> str:
    """``cap_sys_admin`` / ``CAP_SYS_ADMIN`` / ``sys_admin`` -> ``SYS_ADMIN``."""
    name = text.strip().strip("\"'").upper()
    return name[4:] if name.startswith("CAP_") else name


def is_true(node: YScalar | None) -> bool:
    return node is not None and k8s_value(node) is True


def is_false(node: YScalar | None) -> bool:
    return node is not None and k8s_value(node) is False


def windows_pod(pt: PodTemplate) -> bool:
    """``spec.os.name: windows``: the only signal the admission check uses for its exemptions."""
    return (pt.os_name or "").strip().lower() == "windows"


def user_namespace(pt: PodTemplate) -> bool:
    """``spec.hostUsers: false``: the pod runs in its own user namespace."""
    return is_false(pt.host_users)


def who(c: Container) -> str:
    """``container 'app'``, ``initContainer 'migrate'``..."""
    return f"{c.kind} '{c.name or '#' + str(c.index)}'"


def container_sc(c: Container) -> YMapping | None:
    return c.security_context.node if c.security_context is not None else None


def profile_type(m: YMapping | None) -> YScalar | None:
    if m is None:
        return None
    t = m.get("type")
    return t if isinstance(t, YScalar) and t.value is not None else None


def sc_levels(pt: PodTemplate) -> Iterator[tuple[str, YMapping, Container | None]]:
    """The pod's securityContext, then each container's: (label, mapping, container)."""
    if pt.security_context is not None:
        yield "the pod's securityContext", pt.security_context.node, None
    for c in pt.all_containers():
        m = container_sc(c)
        if m is not None:
            yield f"the securityContext of {who(c)}", m, c


def mapping(node: YNode | None, *keys: str) -> YMapping | None:
    for k in keys:
        if not isinstance(node, YMapping):
            return None
        node = node.get(k)
    return node if isinstance(node, YMapping) else None


def sequence(node: YNode | None, key: str) -> list[YNode]:
    if isinstance(node, YMapping):
        v = node.get(key)
        if isinstance(v, YSequence):
            return v.items
    return []


def scalar(node: YNode | None, key: str) -> YScalar | None:
    if isinstance(node, YMapping):
        v = node.get(key)
        if isinstance(v, YScalar) and v.value is not None:
            return v
    return None


def obj_label(obj: KubeObject) -> str:
    return f"{obj.kind} '{obj.name}'" if obj.name else obj.kind


def listed(labels: list[str], limit: int = 2) -> tuple[str, bool]:
    """``("Deployment 'a', Job 'b' and 3 more", plural)`` for messages (duplicates once)."""
    names = list(dict.fromkeys(labels))
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more, len(names) != 1


def annotation_entry(obj_or_meta: YMapping | None, key: str) -> YScalar | None:
    """The value node of annotation ``key`` in a metadata mapping."""
    ann = mapping(obj_or_meta, "annotations")
    return scalar(ann, key)


def selector_matches(selector: YMapping | None, labels: dict[str, str]) -> bool | None:
    """Whether a LabelSelector (``matchLabels`` + ``matchExpressions``) selects ``labels``;
    ``None`` when the selector cannot be judged (unknown operator, odd shapes)."""
    if selector is None:
        return None
    ml = mapping(selector, "matchLabels")
    if ml is not None:
        for e in ml.entries:
            if not isinstance(e.key, YScalar) or not isinstance(e.value, YScalar):
                return None
            if labels.get(e.key.as_str()) != e.value.as_str():
                return False
    for expr in sequence(selector, "matchExpressions"):
        key = scalar(expr, "key")
        op = scalar(expr, "operator")
        if key is None or op is None:
            return None
        values = [v.as_str() for v in sequence(expr, "values") if isinstance(v, YScalar)]
        k, o = key.as_str(), op.as_str()
        if o == "In":
            ok = labels.get(k) in values
        elif o == "NotIn":
            ok = labels.get(k) not in values
        elif o == "Exists":
            ok = k in labels
        elif o == "DoesNotExist":
            ok = k not in labels
        else:
            return None
        if not ok:
            return False
    return True


def templated(text: str) -> bool:
    """A value still holding template syntax (an un-rendered Helm or envsubst value)."""
    return "{{" in text or "${" in text


# ------------------------------------------------------------------------- host paths

_SOCKETS = ("docker.sock", "containerd.sock", "crio.sock", "podman.sock", "cri-dockerd.sock",
            "dockershim.sock", "buildkitd.sock")
_SOCKET_DIRS = frozenset(("/var/run", "/run", "/var/run/docker", "/run/docker",
                          "/var/run/containerd", "/run/containerd", "/var/run/crio", "/run/crio",
                          "/run/podman", "/var/run/podman", "/run/k3s/containerd",
                          "/run/buildkit", "/var/run/cri-dockerd"))
_SENSITIVE = frozenset(("/", "/etc", "/proc", "/sys", "/dev", "/boot", "/lib", "/lib64", "/usr",
                        "/bin", "/sbin", "/root", "/home", "/var", "/var/lib", "/var/log",
                        "/etc/shadow", "/etc/passwd", "/etc/sudoers", "/etc/sudoers.d",
                        "/proc/sys", "/sys/kernel", "/sys/firmware", "/dev/mem", "/dev/kmem"))
_SENSITIVE_TREES = ("/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/var/lib/etcd",
                    "/etc/kubernetes", "/etc/ssh", "/root/", "/etc/cni", "/var/lib/rancher",
                    "/var/lib/cri-o", "/var/lib/containers", "/etc/containerd", "/etc/docker")


def normalise_host_path(path: str) -> str:
    p = re.sub(r"/+", "/", path.strip().replace("\\", "/"))
    return p.rstrip("/") or "/"


def host_path_risk(path: str) -> str | None:
    """``"socket"`` for a container runtime's API socket (or the directory holding it),
    ``"sensitive"`` for a host directory whose exposure hands over the node, else ``None``."""
    raw = path.strip().lower()
    if "pipe/docker_engine" in raw.replace("\\", "/"):
        return "socket"
    p = normalise_host_path(path)
    if p.rsplit("/", 1)[-1] in _SOCKETS or p in _SOCKET_DIRS:
        return "socket"
    if p in _SENSITIVE or any(p == t.rstrip("/") or p.startswith(t.rstrip("/") + "/")
                              for t in _SENSITIVE_TREES):
        return "sensitive"
    return None


def volume_mounts(pt: PodTemplate, volume_name: str | None) -> list[tuple[Container, object]]:
    """(container, VolumeMount) pairs that mount the pod volume ``volume_name``."""
    out = []
    for c in pt.all_containers():
        for vm in c.volume_mounts:
            if vm.name == volume_name:
                out.append((c, vm))
    return out


def mounted_read_only(pt: PodTemplate, volume_name: str | None) -> bool:
    """Every container that mounts the volume mounts it ``readOnly: true`` (and one does)."""
    mounts = volume_mounts(pt, volume_name)
    return bool(mounts) and all(is_true(vm.read_only) for _, vm in mounts)  # type: ignore[attr-defined]


def label_map(m: YMapping | None) -> dict[str, str] | None:
    """A ``key: value`` label mapping (a Service or ReplicationController selector, a
    ``matchLabels``) as a dict; ``None`` when a key or value is not a scalar."""
    if m is None:
        return None
    out: dict[str, str] = {}
    for e in m.entries:
        if not isinstance(e.key, YScalar) or not isinstance(e.value, YScalar):
            return None
        out[e.key.as_str()] = e.value.as_str()
    return out


def map_selects(wanted: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in wanted.items())
