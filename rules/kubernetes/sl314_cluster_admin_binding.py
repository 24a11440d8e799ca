"""SL314 cluster-admin-binding: Binding grants the cluster-admin role."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import obj_label, scalar, sequence
from .rbac import binding, role_ref

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_RBAC_DOC = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"


_GOOD_PRACTICES = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"


_RBAC_GROUP = "rbac.authorization.k8s.io"


RULE = Rule(
    code="SL314",
    name="cluster-admin-binding",
    severity=Severity.HIGH,
    summary="Binding grants the cluster-admin role",
    rationale=(
        "cluster-admin allows every verb on every resource: a subject bound to it (often a "
        "service account whose token sits in a pod) can do anything to the cluster. Bound "
        "with a RoleBinding it is still full control of that namespace, secrets included."),
    remediation=(
        "Bind a role that lists what the subject needs; the built-in `admin`, `edit` and "
        "`view` roles, scoped to one namespace with a RoleBinding, are a start."),
    references=[_RBAC_DOC + "#user-facing-roles", _GOOD_PRACTICES,
                "CIS Kubernetes Benchmark 5.1.1: Ensure that the cluster-admin role is only "
                "used where required"],
    aliases={"cis": "5.1.1", "kube-linter": "cluster-admin-role-binding",
             "kics": "Cluster Admin Rolebinding With Superuser Permissions"},
    related={"trivy": "KSV-0111",
             "polaris": ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole"]},
    tags=["security", "rbac"],
    failing=lambda: [Example("crb.yaml", binding("ClusterRoleBinding", "ClusterRole", "cluster-admin"))],
    passing=lambda: [Example("crb.yaml", binding("ClusterRoleBinding", "ClusterRole", "view"))],
    fragments=True,
)


@RULE.check(KubeObject)
def cluster_admin(o: KubeObject) -> Iterator[Hit]:
    ref = role_ref(o)
    if ref is None or ref[0] != "ClusterRole" or ref[1] != "cluster-admin":
        return
    subjects = []
    for s in sequence(o.node, "subjects"):
        name, kind = scalar(s, "name"), scalar(s, "kind")
        if name is not None:
            subjects.append(f"{kind.as_str() if kind else 'subject'} '{name.as_str()}'")
    scope = "the whole cluster" if o.kind == "ClusterRoleBinding" else "its namespace"
    yield Hit(ref[2], f"{obj_label(o)} gives {', '.join(subjects) or 'its subjects'} "
                      f"cluster-admin over {scope}",
              severity=Severity.MEDIUM if o.kind == "RoleBinding" else None,
              fix="bind a role listing only the needed permissions")
