"""SL316 removed-api-version: an apiVersion the API server no longer serves."""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.yaml import YScalar

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


RULE = Rule(
    code="SL316",
    name="removed-api-version",
    severity=Severity.HIGH,
    summary="apiVersion removed from Kubernetes",
    rationale=(
        "Beta API versions are removed a few releases after their stable replacement ships. "
        "A manifest that still uses one is rejected by current API servers (`no matches for "
        "kind ... in version ...`), so the deploy fails, usually during a cluster upgrade."),
    remediation=(
        "Change `apiVersion` to the stable version named in the finding and adapt the fields "
        "that changed (`kubectl convert` helps); PodSecurityPolicy has no successor object: "
        "use Pod Security Admission namespace labels."),
    references=["https://kubernetes.io/docs/reference/using-api/deprecation-guide/"],
    aliases={"trivy": "KSV-0107", "kube-linter": "no-extensions-v1beta",
             "kube-score": "stable-version"},
    tags=["correctness", "upgrade"],
    failing=[Example("ing.yaml", "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  backend: {serviceName: web, servicePort: 80}\n")],
    passing=[Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n")],
    security=False,
    fragments=True,
)


@RULE.check(KubeObject)
def removed_api(o: KubeObject) -> Iterator[Hit]:
    gone = removed(o.api_version, o.kind)
    if gone is None:
        return
    version, replacement = gone
    node = o.node.get("apiVersion")
    at = node if isinstance(node, YScalar) else o.kind_span
    name = f" '{o.name}'" if o.name else ""
    if replacement is None:
        msg = (f"{o.kind}{name} uses apiVersion {o.api_version}, removed in Kubernetes "
               f"{version}; the {o.kind} kind no longer exists")
        fix = "delete it; use Pod Security Admission labels" if o.kind == "PodSecurityPolicy" else "delete it"
    else:
        msg = (f"{o.kind}{name} uses apiVersion {o.api_version}, removed in Kubernetes "
               f"{version}; use {replacement}")
        fix = f"apiVersion: {replacement}"
    yield Hit(at, msg, fix=fix)
