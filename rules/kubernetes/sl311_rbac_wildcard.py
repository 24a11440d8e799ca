"""SL311 rbac-wildcard: Role grants '*' verbs or resources."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes.objectset import is_custom_group

from .pss import obj_label
from .rbac import policy_rules, role

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_RBAC_DOC = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"


_GOOD_PRACTICES = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"


_RBAC_GROUP = "rbac.authorization.k8s.io"


RULE = Rule(
    code="SL311",
    name="rbac-wildcard",
    severity=Severity.HIGH,
    summary="Role grants '*' verbs or resources",
    rationale=(
        "A wildcard grants everything that exists now and everything added later (new "
        "resources, CRDs, subresources such as pods/exec), including the verbs that let a "
        "subject escalate (bind, escalate, impersonate). A '*' verb on '*' resources is "
        "cluster-admin under another name."),
    remediation="List the exact resources and verbs the subject needs (e.g. `verbs: [get, list, watch]`).",
    references=[_RBAC_DOC, _GOOD_PRACTICES,
                "CIS Kubernetes Benchmark 5.1.3: Minimize wildcard use in Roles and ClusterRoles"],
    aliases={"cis": "5.1.3", "trivy": ["KSV-0044", "KSV-0045", "KSV-0046", "KSV-0112"],
             "kube-linter": "wildcard-in-rules", "kics": "RBAC Wildcard In Rule"},
    related={"checkov": "CKV_K8S_49", "trivy": "KSV-0050",
             "polaris": ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminRole"]},
    tags=["security", "rbac"],
    failing=lambda: [Example("role.yaml", role("ClusterRole", "- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n"))],
    passing=lambda: [Example("role.yaml", role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get, list]\n"))],
    fragments=True,
)


@RULE.check(KubeObject)
def wildcard(o: KubeObject) -> Iterator[Hit]:
    for r in policy_rules(o):
        verbs, resources = r.has("verbs", "*"), r.has("resources", "*")
        if not verbs and not resources:
            continue
        what = ("every verb on every resource" if verbs and resources else
                "every verb on " + ", ".join(n.as_str() for n in r.resources) if verbs else
                ", ".join(n.as_str() for n in r.verbs) + " on every resource")
        groups = ", ".join(repr(n.as_str()) for n in r.api_groups) or "no"
        custom_only = bool(r.api_groups) and all(
            is_custom_group(g.as_str()) for g in r.api_groups)
        if verbs and resources and r.has("api_groups", "*"):
            sev = Severity.CRITICAL
        elif custom_only and not verbs:
            sev = Severity.MEDIUM  # reading (or some verbs on) the resources of an add-on API
        else:
            sev = None
        yield Hit((verbs or resources)[0], f"{obj_label(o)} grants {what} (API groups {groups})",
                  severity=sev, fix="list the resources and verbs explicitly")
