"""RBAC: SL311 rbac-wildcard, SL312 rbac-escalation-verbs, SL313 rbac-sensitive-access,
SL314 cluster-admin-binding, SL315 public-group-binding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes.objectset import is_custom_group
from linter.kubernetes.pss import mapping, obj_label, scalar, sequence
from linter.yaml import YScalar

_RBAC_DOC = "https://kubernetes.io/docs/reference/access-authn-authz/rbac/"
_GOOD_PRACTICES = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
_RBAC_GROUP = "rbac.authorization.k8s.io"
_ROLE_KINDS = ("Role", "ClusterRole")
_BINDING_KINDS = ("RoleBinding", "ClusterRoleBinding")


def _role(kind: str, rules: str) -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r\n"
            f"  namespace: shop\nrules:\n{rules}")


def _binding(kind: str, role_kind: str, role: str, subject: str = "{kind: ServiceAccount, name: app, namespace: shop}") -> str:
    return (f"apiVersion: rbac.authorization.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: b\n"
            f"roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: {role_kind}\n  name: {role}\n"
            f"subjects:\n- {subject}\n")


@dataclass
class PolicyRule:
    """One entry of a Role's ``rules``: lists of the scalar nodes."""

    api_groups: list[YScalar]
    resources: list[YScalar]
    verbs: list[YScalar]
    resource_names: list[YScalar]

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
    if o.kind not in _ROLE_KINDS or o.group != _RBAC_GROUP:
        return
    for r in sequence(o.node, "rules"):
        def items(key: str) -> list[YScalar]:
            return [i for i in sequence(r, key) if isinstance(i, YScalar) and i.value is not None]
        yield PolicyRule(items("apiGroups"), items("resources"), items("verbs"), items("resourceNames"))


# -------------------------------------------------------------------- SL311 wildcards

WILDCARD = Rule(
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
    aliases={"checkov": "CKV_K8S_49", "trivy": ["KSV-0044", "KSV-0045", "KSV-0046", "KSV-0112"],
             "kube-linter": "wildcard-in-rules"},
    tags=["security", "rbac"],
    failing=[Example("role.yaml", _role("ClusterRole", "- apiGroups: ['']\n  resources: [pods]\n  verbs: ['*']\n"))],
    passing=[Example("role.yaml", _role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get, list]\n"))],
)


@WILDCARD.check(KubeObject)
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


# --------------------------------------------------------------- SL312 escalation verbs

ESCALATION = Rule(
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
    aliases={"checkov": ["CKV_K8S_157", "CKV_K8S_158", "CKV2_K8S_3"],
             "trivy": ["KSV-0043", "KSV-0050"]},
    tags=["security", "rbac"],
    failing=[Example("role.yaml", _role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                        "  resources: [clusterroles]\n  verbs: [escalate]\n")),
             Example("role.yaml", _role("ClusterRole", "- apiGroups: ['']\n"
                                        "  resources: [serviceaccounts]\n  verbs: [impersonate]\n"))],
    passing=[Example("role.yaml", _role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                        "  resources: [clusterroles]\n  verbs: [get, list]\n"))],
)

_ESCALATE = (("bind", _RBAC_GROUP, ("roles", "clusterroles")),
             ("escalate", _RBAC_GROUP, ("roles", "clusterroles")),
             ("impersonate", "", ("users", "groups", "serviceaccounts")),
             ("impersonate", "authentication.k8s.io", ("userextras", "uids")))


@ESCALATION.check(KubeObject)
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


# ---------------------------------------------------------------- SL313 sensitive access

SENSITIVE = Rule(
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
    failing=[Example("role.yaml", _role("ClusterRole", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  verbs: [get, list, watch]\n")),
             Example("role.yaml", _role("Role", "- apiGroups: ['']\n  resources: [pods/exec]\n"
                                        "  verbs: [create]\n"))],
    passing=[Example("role.yaml", _role("Role", "- apiGroups: ['']\n  resources: [secrets]\n"
                                        "  resourceNames: [app-tls]\n  verbs: [get]\n")),
             Example("role.yaml", _role("Role", "- apiGroups: ['']\n  resources: [configmaps, pods]\n"
                                        "  verbs: [get, list, watch]\n"))],
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


@SENSITIVE.check(KubeObject)
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


# ----------------------------------------------------------------- SL314 cluster-admin

CLUSTER_ADMIN = Rule(
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
    aliases={"kube-linter": "cluster-admin-role-binding", "trivy": "KSV-0111",
             "polaris": ["clusterrolebindingClusterAdmin", "rolebindingClusterAdminClusterRole"]},
    tags=["security", "rbac"],
    failing=[Example("crb.yaml", _binding("ClusterRoleBinding", "ClusterRole", "cluster-admin"))],
    passing=[Example("crb.yaml", _binding("ClusterRoleBinding", "ClusterRole", "view"))],
)


def _role_ref(o: KubeObject) -> tuple[str, str, YScalar] | None:
    if o.kind not in _BINDING_KINDS or o.group != _RBAC_GROUP:
        return None
    ref = mapping(o.node, "roleRef")
    kind, name = scalar(ref, "kind"), scalar(ref, "name")
    if kind is None or name is None:
        return None
    return kind.as_str(), name.as_str(), name


@CLUSTER_ADMIN.check(KubeObject)
def cluster_admin(o: KubeObject) -> Iterator[Hit]:
    ref = _role_ref(o)
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


# ------------------------------------------------------------- SL315 public groups

PUBLIC = Rule(
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
    failing=[Example("crb.yaml", _binding("ClusterRoleBinding", "ClusterRole", "view",
                                          "{kind: Group, name: 'system:unauthenticated', apiGroup: rbac.authorization.k8s.io}"))],
    passing=[Example("crb.yaml", _binding("ClusterRoleBinding", "ClusterRole", "view",
                                          "{kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}"))],
)

_PUBLIC = {"system:anonymous": "anyone, without credentials",
           "system:unauthenticated": "anyone, without credentials",
           "system:authenticated": "every authenticated user",
           "system:masters": "the RBAC-bypassing system:masters group"}
#: built-in discovery roles that the API server itself binds to everyone
_HARMLESS = frozenset(("system:discovery", "system:basic-user", "system:public-info-viewer"))


@PUBLIC.check(KubeObject)
def public(o: KubeObject) -> Iterator[Hit]:
    ref = _role_ref(o)
    if ref is None or ref[1] in _HARMLESS:
        return
    for s in sequence(o.node, "subjects"):
        name = scalar(s, "name")
        if name is not None and name.as_str() in _PUBLIC:
            yield Hit(name, f"{obj_label(o)} grants {ref[0]} '{ref[1]}' to {_PUBLIC[name.as_str()]} "
                            f"({name.as_str()})", fix="bind the role to specific subjects")
