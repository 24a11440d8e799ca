"""SL313 rbac-sensitive-access: Role grants access that leads to secrets or node control."""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import obj_label
from .rbac import policy_rules, role

_RBAC_DOC = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"


_GOOD_PRACTICES = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"


_RBAC_GROUP = "rbac.authorization.k8s.io"


RULE = Rule(
    code="SL313",
    name="rbac-sensitive-access",
    severity=Severity.HIGH,
    summary="Role grants access that leads to secrets or node control",
    rationale=(
        "Some permissions are worth more than they look: reading secrets (list and watch "
        "return every value), pods/exec and pods/attach (a shell in any pod, with its "
        "service account), nodes/proxy (the kubelet API: exec into every pod on the node), "
        "serviceaccounts/token (mint tokens for any account), approving certificate signing "
        "requests (mint client certificates) and editing admission webhooks (see or rewrite "
        "every object)."),
    remediation=(
        "Grant only what the subject needs: read one named secret (`resourceNames`) rather "
        "than all of them, and keep exec, node proxy, token, CSR approval and webhook "
        "permissions for cluster administrators."),
    references=[_GOOD_PRACTICES, _RBAC_DOC,
                "CIS Kubernetes Benchmark 5.1.2: Minimize access to secrets"],
    aliases={"checkov": ["CKV2_K8S_2", "CKV2_K8S_5", "CKV_K8S_155", "CKV_K8S_156"],
             "trivy": ["KSV-0041", "KSV-0113", "KSV-0047", "KSV-0053", "KSV-0054", "KSV-0114"],
             "kube-linter": "access-to-secrets",
             "polaris": ["clusterrolePodExecAttach", "rolePodExecAttach"]},
    tags=["security", "rbac"],
    failing=[Example("role.yaml", role("ClusterRole", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  verbs: [get, list, watch]\n")),
             Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [pods/exec]\n"
                                        "  verbs: [create]\n"))],
    passing=[Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  resourceNames: [app-tls]\n  verbs: [get]\n")),
             Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [configmaps, pods]\n"
                                        "  verbs: [get, list, watch]\n"))],
    fragments=True,
)


_SENSITIVE = (
    ("", "secrets", ("get", "list", "watch"), "read secrets"),
    ("", "pods/exec", ("create", "get"), "exec into pods"),
    ("", "pods/attach", ("create", "get"), "attach to pods"),
    ("", "nodes/proxy", ("get", "create", "update", "patch", "delete"), "reach the kubelet API through nodes/proxy"),
    ("", "serviceaccounts/token", ("create",), "mint service account tokens"),
    ("certificates.k8s.io", "certificatesigningrequests/approval", ("update", "patch"),
     "approve certificate signing requests"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", ("create", "update", "patch"),
     "edit mutating admission webhooks"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", ("create", "update", "patch", "delete"),
     "edit validating admission webhooks"),
)


@RULE.check(KubeObject)
def sensitive(o: KubeObject) -> Iterator[Hit]:
    for r in policy_rules(o):
        if r.has("resources", "*"):
            continue  # SL311 reports wildcards
        for group, resource, verbs, what in _SENSITIVE:
            if not r.has("resources", resource):
                continue
            node = r.grants(group, resource, *verbs)
            if node is None:
                continue
            if resource == "secrets" and r.resource_names:
                continue  # named secrets only
            scope = "in its namespace" if o.kind == "Role" else "cluster-wide (when bound by a ClusterRoleBinding)"
            yield Hit(node, f"{obj_label(o)} lets its subjects {what} {scope}",
                      severity=Severity.MEDIUM if o.kind == "Role" and resource == "secrets" else None,
                      fix=f"remove '{node.as_str()}' on {resource}, or limit it with resourceNames")
