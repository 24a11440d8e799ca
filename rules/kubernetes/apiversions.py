"""Kubernetes API versions that were removed, and the cluster version the run targets:
shared by SL316 removed-api-version and the rules about kinds that only old clusters serve
(SL327 psp-allows-privileged)."""

from __future__ import annotations

from linter.engine import Rule
from linter.kubernetes import schema as k8s_schema

from .schemas import schema_version

#: apiVersion -> (Kubernetes minor that removed it, replacement apiVersion or None), for
#: every kind of that version. Kind-specific entries are in REMOVED_KINDS.
REMOVED_VERSIONS: dict[str, tuple[str, str | None]] = {
    "apps/v1beta1": ("1.16", "apps/v1"),
    "apps/v1beta2": ("1.16", "apps/v1"),
    "networking.k8s.io/v1beta1": ("1.22", "networking.k8s.io/v1"),
    "rbac.authorization.k8s.io/v1beta1": ("1.22", "rbac.authorization.k8s.io/v1"),
    "rbac.authorization.k8s.io/v1alpha1": ("1.22", "rbac.authorization.k8s.io/v1"),
    "admissionregistration.k8s.io/v1beta1": ("1.22", "admissionregistration.k8s.io/v1"),
    "apiextensions.k8s.io/v1beta1": ("1.22", "apiextensions.k8s.io/v1"),
    "apiregistration.k8s.io/v1beta1": ("1.22", "apiregistration.k8s.io/v1"),
    "authentication.k8s.io/v1beta1": ("1.22", "authentication.k8s.io/v1"),
    "authorization.k8s.io/v1beta1": ("1.22", "authorization.k8s.io/v1"),
    "certificates.k8s.io/v1beta1": ("1.22", "certificates.k8s.io/v1"),
    "coordination.k8s.io/v1beta1": ("1.22", "coordination.k8s.io/v1"),
    "scheduling.k8s.io/v1beta1": ("1.22", "scheduling.k8s.io/v1"),
    "scheduling.k8s.io/v1alpha1": ("1.17", "scheduling.k8s.io/v1"),
    "batch/v1beta1": ("1.25", "batch/v1"),
    "batch/v2alpha1": ("1.21", "batch/v1"),
    "discovery.k8s.io/v1beta1": ("1.25", "discovery.k8s.io/v1"),
    "events.k8s.io/v1beta1": ("1.25", "events.k8s.io/v1"),
    "autoscaling/v2beta1": ("1.25", "autoscaling/v2"),
    "autoscaling/v2beta2": ("1.26", "autoscaling/v2"),
    "node.k8s.io/v1beta1": ("1.25", "node.k8s.io/v1"),
    "node.k8s.io/v1alpha1": ("1.16", "node.k8s.io/v1"),
    "flowcontrol.apiserver.k8s.io/v1beta1": ("1.26", "flowcontrol.apiserver.k8s.io/v1"),
    "flowcontrol.apiserver.k8s.io/v1beta2": ("1.29", "flowcontrol.apiserver.k8s.io/v1"),
    "flowcontrol.apiserver.k8s.io/v1beta3": ("1.32", "flowcontrol.apiserver.k8s.io/v1"),
    "settings.k8s.io/v1alpha1": ("1.20", None),
}


#: (apiVersion, kind) -> (removed in, replacement apiVersion or None: the kind is gone).
REMOVED_KINDS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("extensions/v1beta1", "Deployment"): ("1.16", "apps/v1"),
    ("extensions/v1beta1", "DaemonSet"): ("1.16", "apps/v1"),
    ("extensions/v1beta1", "ReplicaSet"): ("1.16", "apps/v1"),
    ("extensions/v1beta1", "NetworkPolicy"): ("1.16", "networking.k8s.io/v1"),
    ("extensions/v1beta1", "PodSecurityPolicy"): ("1.16", None),
    ("extensions/v1beta1", "Ingress"): ("1.22", "networking.k8s.io/v1"),
    ("policy/v1beta1", "PodDisruptionBudget"): ("1.25", "policy/v1"),
    ("policy/v1beta1", "PodSecurityPolicy"): ("1.25", None),
    ("storage.k8s.io/v1beta1", "CSIDriver"): ("1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSINode"): ("1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "StorageClass"): ("1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "VolumeAttachment"): ("1.22", "storage.k8s.io/v1"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ("1.27", "storage.k8s.io/v1"),
}


def removed(api_version: str, kind: str) -> tuple[str, str | None] | None:
    """(Kubernetes version that stopped serving it, replacement) or ``None``."""
    return REMOVED_KINDS.get((api_version, kind)) or REMOVED_VERSIONS.get(api_version)


def minor(version: str) -> tuple[int, int]:
    """``"1.25"`` -> ``(1, 25)``."""
    major, _, rest = version.partition(".")
    return int(major), int(rest or 0)


def target_version(rule: Rule) -> tuple[int, int]:
    """The Kubernetes version the run targets (the ``kubernetes-version`` setting or the
    rule's option of that name, ``k8s_schema.DEFAULT_VERSION`` when unset or unreadable)."""
    version, _ = schema_version(rule)
    return minor(version or k8s_schema.DEFAULT_VERSION)


def removed_by(api_version: str, kind: str, target: tuple[int, int]) -> tuple[str, str | None] | None:
    """``removed(...)`` when that removal happened at or before the ``target`` version."""
    gone = removed(api_version, kind)
    return gone if gone is not None and minor(gone[0]) <= target else None


#: The first Kubernetes version whose Pod Security admission relaxes controls for pods in a
#: user namespace (``hostUsers: false``): running as non-root, non-root user, baseline /proc
#: mount type.
USERNS_RELAXED = (1, 35)


def userns_relaxed(rule: Rule) -> bool:
    """Whether the targeted cluster's PSS admission relaxes controls for ``hostUsers: false``."""
    return target_version(rule) >= USERNS_RELAXED
