"""SL315 public-group-binding: Binding grants a role to anonymous or all authenticated users."""

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
    code="SL315",
    name="public-group-binding",
    severity=Severity.CRITICAL,
    summary="Binding grants a role to anonymous or all authenticated users",
    rationale=(
        "system:anonymous and system:unauthenticated are everyone who can reach the API "
        "server; system:authenticated is anyone with any credential (on managed clusters, "
        "any account of the cloud provider). system:masters bypasses RBAC altogether. "
        "Binding a role to these groups publishes its permissions."),
    remediation="Bind the role to the specific users, groups or service accounts that need it.",
    references=[_RBAC_DOC + "#default-roles-and-role-bindings", _GOOD_PRACTICES],
    aliases={"trivy": ["KSV-0122", "KSV-01011", "KSV-0123"]},
    tags=["security", "rbac"],
    failing=lambda: [Example("crb.yaml", binding("ClusterRoleBinding", "ClusterRole", "view",
                                          "{kind: Group, name: 'system:unauthenticated', apiGroup: rbac.authorization.k8s.io}"))],
    passing=lambda: [Example("crb.yaml", binding("ClusterRoleBinding", "ClusterRole", "view",
                                          "{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}"))],
    fragments=True,
)


_PUBLIC = {"system:anonymous": "anyone, without credentials",
           "system:unauthenticated": "anyone, without credentials",
           "system:authenticated": "every authenticated user",
           "system:masters": "the RBAC-bypassing system:masters group"}


#: built-in discovery roles that the API server itself binds to everyone
_HARMLESS = frozenset(("system:discovery", "system:basic-user", "system:public-info-viewer"))


@RULE.check(KubeObject)
def public(o: KubeObject) -> Iterator[Hit]:
    ref = role_ref(o)
    if ref is None or ref[1] in _HARMLESS:
        return
    for s in sequence(o.node, "subjects"):
        name = scalar(s, "name")
        if name is not None and name.as_str() in _PUBLIC:
            yield Hit(name, f"{obj_label(o)} grants {ref[0]} '{ref[1]}' to {_PUBLIC[name.as_str()]} "
                            f"({name.as_str()})", fix="bind the role to specific subjects")
