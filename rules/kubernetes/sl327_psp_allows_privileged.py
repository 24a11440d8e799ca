"""SL327 psp-allows-privileged: a PodSecurityPolicy that admits privileged or host-sharing
pods, on a cluster old enough to enforce it."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes import schema as k8s_schema

from .apiversions import removed_by, target_version
from .pss import is_false, is_true, obj_label, scalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

#: PodSecurityPolicy fields that admit what PSS baseline forbids: field -> what it admits.
_ADMITS = {
    "privileged": "privileged containers",
    "hostPID": "pods sharing the host's PID namespace",
    "hostIPC": "pods sharing the host's IPC namespace",
    "hostNetwork": "pods sharing the host's network namespace",
}


def _psp(spec: str, api: str = "policy/v1beta1") -> str:
    return (f"apiVersion: {api}\nkind: PodSecurityPolicy\nmetadata: {{name: restricted}}\n"
            f"spec:\n{spec}  seLinux: {{rule: RunAsAny}}\n  runAsUser: {{rule: MustRunAsNonRoot}}\n"
            "  supplementalGroups: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n")


_OLD = {"psp-allows-privileged": {"kubernetes-version": "1.24"}}
_PRIVILEGED = _psp("  privileged: true\n  allowPrivilegeEscalation: false\n")

RULE = Rule(
    code="SL327",
    name="psp-allows-privileged",
    severity=Severity.HIGH,
    summary="PodSecurityPolicy admits privileged or host-sharing pods (clusters before 1.25)",
    rationale=(
        "On a cluster that still enforces PodSecurityPolicy (Kubernetes 1.24 and older), a "
        "policy is what keeps the pods of the accounts it is bound to from running privileged "
        "or in the host's namespaces. A policy with `privileged: true` or `hostPID`/`hostIPC`/"
        "`hostNetwork: true` admits pods that own the node, and one that does not set "
        "`allowPrivilegeEscalation: false` (the field defaults to true) admits setuid "
        "escalation. From 1.25 the kind is gone: SL316 reports the manifest instead, and this "
        "rule says nothing (set `kubernetes-version` to the cluster's version)."),
    remediation=(
        "Remove `privileged: true` and the `host*: true` fields from the policy, set "
        "`allowPrivilegeEscalation: false`, and keep a separate, tightly bound policy for the "
        "few system pods that need more; better, move to Pod Security Admission labels before "
        "upgrading to 1.25."),
    references=["https://kubernetes.io/docs/concepts/security/pod-security-policy/",
                "https://kubernetes.io/docs/concepts/security/pod-security-admission/"],
    aliases={"checkov": ["CKV_K8S_1", "CKV_K8S_2", "CKV_K8S_3", "CKV_K8S_4", "CKV_K8S_5"]},
    # Checkov's other PodSecurityPolicy checks ask for restrictions a policy may add (root
    # users, NET_RAW, allowed capabilities, a seccomp annotation, required drops)
    related={"checkov": ["CKV_K8S_6", "CKV_K8S_7", "CKV_K8S_24", "CKV_K8S_32", "CKV_K8S_36"]},
    tags=["security", "privilege", "legacy"],
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
    failing=lambda: [Example("psp.yaml", _PRIVILEGED, options=_OLD),
             Example("psp.yaml", _psp("  hostNetwork: true\n  allowPrivilegeEscalation: false\n"),
                     options=_OLD)],
    passing=lambda: [Example("psp.yaml", _psp("  privileged: false\n  allowPrivilegeEscalation: false\n"),
                     options=_OLD),
             # a current cluster does not serve the kind at all (SL316 says so)
             Example("psp.yaml", _PRIVILEGED)],
    fragments=True,
)


@RULE.check(KubeObject)
def admits(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "PodSecurityPolicy" or o.group not in ("policy", "extensions"):
        return
    if removed_by(o.api_version, o.kind, target_version(RULE)) is not None:
        return  # the cluster does not serve the kind: SL316 reports the object
    spec = o.node.get("spec")
    for key, what in _ADMITS.items():
        node = scalar(spec, key)
        if node is not None and is_true(node):
            yield Hit(node, f"{obj_label(o)} admits {what} ({key}: true)",
                      fix=f"remove `{key}: true` (or bind this policy only to system pods)")
    escalation = scalar(spec, "allowPrivilegeEscalation")
    if escalation is None or not is_false(escalation):
        written = f"allowPrivilegeEscalation: {escalation.as_str()}" if escalation is not None \
            else "allowPrivilegeEscalation is not set, and defaults to true"
        yield Hit(escalation if escalation is not None else o.name_span,
                  f"{obj_label(o)} admits containers that gain privileges through setuid "
                  f"binaries ({written})", severity=Severity.MEDIUM,
                  fix="set allowPrivilegeEscalation: false")
