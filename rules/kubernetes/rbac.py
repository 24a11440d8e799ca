"""RBAC: SL311 rbac-wildcard, SL312 rbac-escalation-verbs, SL313 rbac-sensitive-access,
SL314 cluster-admin-binding, SL315 public-group-binding.
"""

from __future__ import annotations

from linter.kubernetes import KubeObject
from linter.kubernetes.objectset import directory
from linter.plain import Plain
from linter.yaml import YMapping, YScalar

from .pss import mapping, scalar, sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_RBAC_GROUP = "rbac.authorization.k8s.io"
ROLE_KINDS = ("Role", "ClusterRole")


BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")


def role(kind: str, rules: str) -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n"
            f"  namespace: shop\nrules:\n{rules}")


def binding(kind: str, role_kind: str, role: str, subject: str = "{kind: ServiceAccount, name: app, namespace: shop}") -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: b\n"
            f"roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: {role}\n"
            f"subjects:\n- {subject}\n")


class PolicyRule(Plain):
    """One entry of a Role's ``rules``: lists of the scalar nodes."""

    api_groups: list[YScalar]
    resources: list[YScalar]
    verbs: list[YScalar]
    resource_names: list[YScalar]

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), compared as it was
    FIELDS = ("api_groups", "resources", "verbs", "resource_names")

    def __init__(self, api_groups: list[YScalar], resources: list[YScalar], verbs: list[YScalar],
                 resource_names: list[YScalar]) -> None:
        self.api_groups = api_groups
        self.resources = resources
        self.verbs = verbs
        self.resource_names = resource_names

    def has(self, attr: str, *values: str) -> list[YScalar]:
        return [n for n in getattr(self, attr) if n.as_str() in values]

    def grants(self, group: str, resource: str, *verbs: str) -> YScalar | None:
        """The verb node that grants one of ``verbs`` on ``group``/``resource`` (``*``
        included), or ``None``."""
        if not self.has("api_groups", group, "*"):
            return None
        if not self.has("resources", resource, "*"):
            return None
        found = self.has("verbs", *verbs, "*")
        return found[0] if found else None


def policy_rules(o: KubeObject) -> Iterator[PolicyRule]:
    if o.kind not in ROLE_KINDS or o.group != _RBAC_GROUP:
        return
    for r in sequence(o.node, "rules"):
        def items(key: str) -> list[YScalar]:
            return [i for i in sequence(r, key) if isinstance(i, YScalar) and i.value is not None]
        yield PolicyRule(items("apiGroups"), items("resources"), items("verbs"), items("resourceNames"))


def role_ref(o: KubeObject) -> tuple[str, str, YScalar] | None:
    if o.kind not in BINDING_KINDS or o.group != _RBAC_GROUP:
        return None
    ref = mapping(o.node, "roleRef")
    kind, name = scalar(ref, "kind"), scalar(ref, "name")
    if kind is None or name is None:
        return None
    return kind.as_str(), name.as_str(), name




def account_key(o: KubeObject, namespace: str | None, name: str) -> tuple[str, str, str]:
    """Service accounts keyed by namespace and name, as seen from object ``o``; the
    ``default`` account of an unnamed namespace also by ``o``'s directory: every namespace
    has one, so an unrelated application of the same run that binds its own ``default``
    account says nothing about this one. (An explicit namespace is explicit: its ``default``
    account is the same everywhere.)"""
    return (namespace or "", name, directory(o) if name == "default" and not namespace else "")


def account_subjects(o: KubeObject) -> Iterator[tuple[YMapping, YScalar, str | None]]:
    """The ServiceAccount subjects of a binding: (subject node, its name node, namespace:
    the subject's, else the binding's)."""
    if o.kind not in BINDING_KINDS or o.group != _RBAC_GROUP:
        return
    for s in sequence(o.node, "subjects"):
        kind, name = scalar(s, "kind"), scalar(s, "name")
        if kind is not None and kind.as_str() == "ServiceAccount" and name is not None \
                and isinstance(s, YMapping):
            ns = scalar(s, "namespace")
            yield s, name, ns.as_str() if ns is not None else o.namespace
