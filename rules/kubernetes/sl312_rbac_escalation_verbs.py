"""SL312 rbac-escalation-verbs: Role grants bind, escalate or impersonate."""

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
    code="SL312",
    name="rbac-escalation-verbs",
    severity=Severity.CRITICAL,
    summary="Role grants bind, escalate or impersonate",
    rationale=(
        "RBAC stops subjects from granting permissions they do not hold, except through these "
        "verbs: `escalate` lets a subject edit roles to add any permission, `bind` lets it "
        "bind any role (cluster-admin included) to itself, `impersonate` lets it act as any "
        "user, group or service account. Each is a path to cluster-admin."),
    remediation=(
        "Remove the verb; grant the specific roles the subject needs instead. If a controller "
        "must bind roles, restrict `bind` with `resourceNames` to the roles it manages."),
    references=[_RBAC_DOC + "#privilege-escalation-prevention-and-bootstrapping", _GOOD_PRACTICES],
    aliases={"cis": "5.1.8", "checkov": ["CKV_K8S_158", "CKV2_K8S_3"], "trivy": ["KSV-0043", "KSV-0050"]},
    # CKV_K8S_157 looks for `bind` on (cluster)rolebindings; the verb applies to roles
    related={"checkov": ["CKV_K8S_157", "CKV2_K8S_1"],
             "trivy": ["KSV-0051", "KSV-0052", "KSV-0055"]},
    tags=["security", "rbac"],
    failing=lambda: [Example("role.yaml", role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                        "  resources: [clusterroles]\n  verbs: [escalate]\n")),
             Example("role.yaml", role("ClusterRole", "- apiGroups: ['']\n"
                                        "  resources: [serviceaccounts]\n  verbs: [impersonate]\n"))],
    passing=lambda: [Example("role.yaml", role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                        "  resources: [clusterroles]\n  verbs: [get, list]\n"))],
    fragments=True,
)


_ESCALATE = (("bind", _RBAC_GROUP, ("roles", "clusterroles")),
             ("escalate", _RBAC_GROUP, ("roles", "clusterroles")),
             ("impersonate", "", ("users", "groups", "serviceaccounts")),
             ("impersonate", "authentication.k8s.io", ("userextras", "uids")))


@RULE.check(KubeObject)
def escalation(o: KubeObject) -> Iterator[Hit]:
    for r in policy_rules(o):
        seen = set()
        for verb, group, resources in _ESCALATE:
            nodes = r.has("verbs", verb)
            if not nodes or verb in seen:
                continue
            if not r.has("api_groups", group, "*"):
                continue
            hit = [n.as_str() for n in r.resources if n.as_str() in resources + ("*",)]
            if not hit:
                continue
            seen.add(verb)
            limited = " (limited by resourceNames)" if r.resource_names else ""
            yield Hit(nodes[0], f"{obj_label(o)} grants '{verb}' on {', '.join(hit)}{limited}: "
                                "a path to cluster-admin",
                      severity=Severity.HIGH if r.resource_names else None,
                      fix=f"remove '{verb}'; grant the specific roles needed instead")
