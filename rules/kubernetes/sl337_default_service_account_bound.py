"""SL337 default-service-account-bound: RBAC grants rights to a namespace's ``default``
ServiceAccount while pods run as it.

Checks the ``KubernetesSet``: the binding is the line at fault (it hands rights to the account
every pod of the namespace gets unless it names another); it is reported when a workload of
its directory runs as that account with its token mounted. The ``default`` account of an unnamed
namespace is matched within one directory (see ``rbac.account_key``).
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import directory

from .examples import container, deployment
from .pss import is_false, is_true, listed, obj_label, scalar
from .rbac import account_key, account_subjects, binding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_BOUND = binding("RoleBinding", "Role", "pod-reader",
                 "{kind: ServiceAccount, name: default, namespace: shop}")


def _app() -> str:
    return deployment(container()).replace("  name: web\n", "  name: web\n  namespace: shop\n", 1)


RULE = Rule(
    code="SL337",
    name="default-service-account-bound",
    severity=Severity.MEDIUM,
    summary="RBAC grants rights to the default ServiceAccount that pods run as",
    rationale=(
        "Every pod that names no `serviceAccountName` runs as its namespace's `default` "
        "account, with that account's token mounted. A binding that gives `default` rights "
        "gives them to every such pod, today's and tomorrow's: a compromised web server can "
        "then use them against the API server. Reported when a workload in the binding's "
        "directory runs as that account with its token mounted."),
    remediation=(
        "Create a ServiceAccount for the workload that needs the rights, bind the role to it "
        "and set `serviceAccountName` on that workload; leave `default` without bindings (and "
        "set `automountServiceAccountToken: false` on it)."),
    references=["https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts",
                "https://kubernetes.io/docs/concepts/security/rbac-good-practices/",
                "CIS Kubernetes Benchmark 5.1.5: Ensure that default service accounts are not "
                "actively used"],
    aliases={"cis": "5.1.5"},
    related={"checkov": "CKV_K8S_42", "kube-linter": "default-service-account",
             "kics": "Role Binding To Default Service Account"},
    tags=["security", "rbac", "identity"],
    failing=lambda: [Example("app.yaml", _app() + "---\n" + _BOUND)],
    passing=lambda: [Example("app.yaml", _app().replace("    spec:\n", "    spec:\n      serviceAccountName: web\n", 1)
                     + "---\n" + _BOUND),
             Example("app.yaml", _app().replace("    spec:\n",
                                              "    spec:\n      automountServiceAccountToken: false\n", 1)
                     + "---\n" + _BOUND),
             Example("rb.yaml", _BOUND)],
)


def _runs_as_default(objects: list[KubeObject]) -> dict[tuple[str, str, str], list[KubeObject]]:
    """Workloads among ``objects`` that run as a ``default`` account with its token mounted,
    by account."""
    opted_out = {account_key(o, o.namespace, "default") for o in objects
                 if o.kind == "ServiceAccount" and o.name == "default"
                 and is_false(scalar(o.node, "automountServiceAccountToken"))}
    out: dict[tuple[str, str, str], list[KubeObject]] = {}
    for o in objects:
        pt = o.pod_template
        if pt is None or pt.partial:
            continue  # a patch: its base decides
        sa = pt.service_account_name
        if sa is not None and sa.as_str() not in ("", "default"):
            continue
        flag = pt.automount_service_account_token
        key = account_key(o, o.namespace, "default")
        if is_false(flag) or (key in opted_out and not is_true(flag)):
            continue
        out.setdefault(key, []).append(o)
    return out


def _beside(ks: KubernetesSet, o: KubeObject) -> list[KubeObject]:
    """The objects of ``o``'s scope read from its directory (when that was read whole; else
    from its file), whatever their namespace: a ClusterRoleBinding has none."""
    scope, whole, where = ks.group_of(o)[0], ks.complete(o), directory(o)
    return [x for x in ks.objects if ks.group_of(x)[0] == scope and directory(x) == where
            and (whole or x.path == o.path)]


@RULE.check(KubernetesSet)
def default_bound(ks: KubernetesSet) -> Iterator[Hit]:
    by_dir: dict[tuple, dict] = {}
    for o in ks.objects:
        for subject, name, ns in account_subjects(o):
            if name.as_str() != "default":
                continue
            key = (ks.group_of(o)[0], directory(o), ks.complete(o) or o.path)
            if key not in by_dir:
                by_dir[key] = _runs_as_default(_beside(ks, o))
            pods = by_dir[key].get(account_key(o, ns, "default"))
            if not pods:
                continue
            shown, plural = listed([obj_label(p) for p in pods])
            where = f"namespace '{ns}'" if ns else "its namespace"
            yield Hit(subject, f"{obj_label(o)} grants rights to the default ServiceAccount of "
                               f"{where}; {shown} run{'' if plural else 's'} as that "
                               "account with its token mounted",
                      fix="bind the role to a ServiceAccount of its own and set "
                          "serviceAccountName on the workload that needs it", path=o.path)
