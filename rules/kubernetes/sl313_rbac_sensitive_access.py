"""SL313 rbac-sensitive-access: Role grants access that leads to secrets or node control."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import obj_label
from .rbac import policy_rules, role

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

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
        "return every value), pods/exec, pods/attach and pods/ephemeralcontainers (a shell in "
        "any pod, with its service account), pods/portforward and services/proxy (past every "
        "NetworkPolicy), services/status (CVE-2020-8554: claim any IP), nodes/proxy (the kubelet API: exec into every pod on the node), "
        "serviceaccounts/token (mint tokens for any account), approving certificate signing "
        "requests (mint client certificates) and editing admission webhooks (see or rewrite "
        "every object). pods/log is not reported: reading logs is what dashboards and log "
        "shippers are for, and the API has no operation that deletes them."),
    remediation=(
        "Grant only what the subject needs: read one named secret (`resourceNames`) rather "
        "than all of them, and keep exec, attach, port-forward, proxy, token, CSR approval and "
        "webhook permissions for cluster administrators."),
    references=[_GOOD_PRACTICES, _RBAC_DOC,
                "CIS Kubernetes Benchmark 5.1.2: Minimize access to secrets"],
    aliases={"cis": "5.1.2", "checkov": ["CKV2_K8S_2", "CKV2_K8S_4", "CKV2_K8S_5", "CKV_K8S_155", "CKV_K8S_156"],
             "trivy": ["KSV-0113", "KSV-0047", "KSV-0053", "KSV-0054", "KSV-0114"],
             "polaris": ["clusterrolePodExecAttach", "rolePodExecAttach"],
             "kics": "RBAC Roles with Read Secrets Permissions"},
    related={"trivy": ["KSV-0041", "KSV-0042"], "kube-linter": "access-to-secrets",
             "polaris": ["clusterrolebindingPodExecAttach", "rolebindingRolePodExecAttach", "rolebindingClusterRolePodExecAttach"]},
    tags=["security", "rbac"],
    failing=lambda: [Example("role.yaml", role("ClusterRole", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  verbs: [get, list, watch]\n")),
             Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [pods/exec]\n"
                                        "  verbs: [create]\n"))],
    passing=lambda: [Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  resourceNames: [app-tls]\n  verbs: [get]\n")),
             Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [configmaps, pods]\n"
                                        "  verbs: [get, list, watch]\n"))],
    fragments=True,
)


#: (API group, resource, verbs, what they allow, severity when not the rule's)
_SENSITIVE: tuple[tuple[str, str, tuple[str, ...], str, Severity | None], ...] = (
    ("", "secrets", ("get", "list", "watch"), "read secrets", None),
    ("", "pods/exec", ("create", "get"), "exec into pods", None),
    ("", "pods/attach", ("create", "get"), "attach to pods", None),
    ("", "pods/portforward", ("create", "get"),
     "port-forward into pods (past their NetworkPolicies)", None),
    ("", "pods/ephemeralcontainers", ("update", "patch"),
     "add ephemeral containers to running pods (as good as exec)", None),
    ("", "nodes/proxy", ("get", "create", "update", "patch", "delete"),
     "reach the kubelet API through nodes/proxy", None),
    ("", "serviceaccounts/token", ("create",), "mint service account tokens", None),
    ("", "services/status", ("update", "patch"),
     "rewrite Services' status (load-balancer IPs that intercept traffic, CVE-2020-8554)",
     Severity.MEDIUM),
    ("", "services/proxy", ("get", "create", "update", "patch", "delete"),
     "reach Services through the API server's proxy (past their NetworkPolicies)",
     Severity.MEDIUM),
    ("certificates.k8s.io", "certificatesigningrequests/approval", ("update", "patch"),
     "approve certificate signing requests", None),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations", ("create", "update", "patch"),
     "edit mutating admission webhooks", None),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations", ("create", "update", "patch", "delete"),
     "edit validating admission webhooks", None),
)


@RULE.check(KubeObject)
def sensitive(o: KubeObject) -> Iterator[Hit]:
    for r in policy_rules(o):
        if r.has("resources", "*"):
            continue  # SL311 reports wildcards
        for group, resource, verbs, what, severity in _SENSITIVE:
            if not r.has("resources", resource):
                continue
            node = r.grants(group, resource, *verbs)
            if node is None:
                continue
            if resource == "secrets" and r.resource_names:
                continue  # named secrets only
            scope = "in its namespace" if o.kind == "Role" else "cluster-wide (when bound by a ClusterRoleBinding)"
            yield Hit(node, f"{obj_label(o)} lets its subjects {what} {scope}",
                      severity=Severity.MEDIUM if o.kind == "Role" and resource == "secrets" else severity,
                      fix=f"remove '{node.as_str()}' on {resource}, or limit it with resourceNames")
