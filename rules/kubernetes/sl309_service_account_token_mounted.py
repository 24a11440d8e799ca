"""SL309 service-account-token-mounted: Pod mounts a service account token it may not need (opt-
in).
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet

from ..controlplane.flags import is_control_plane
from .examples import container, deployment
from .pss import (
    is_false,
    is_true,
    obj_label,
    scalar,
)
from .rbac import account_key, account_subjects

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL309",
    name="service-account-token-mounted",
    severity=Severity.LOW,
    summary="Pod mounts a service account token it may not need (opt-in)",
    rationale=(
        "Every pod gets a token for its service account mounted at "
        "/var/run/secrets/kubernetes.io/serviceaccount unless told otherwise. An attacker "
        "who gets code execution in the container can use it against the API server with "
        "whatever rights the account has (and the default account often gained some over "
        "time). Most application pods never talk to the API."),
    remediation=(
        "Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount) "
        "for workloads that do not call the Kubernetes API. Pods whose service account is "
        "bound to a Role in the files linted together are assumed to need it and are not "
        "reported. Opt-in: "
        "nearly every workload leaves the default on, and the default account of a namespace "
        "usually holds no permissions."),
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/"
                "configure-service-account/#opt-out-of-api-credential-automounting",
                "CIS Kubernetes Benchmark 5.1.6: Ensure that Service Account Tokens are only "
                "mounted where necessary"],
    aliases={"cis": "5.1.6"},
    related={"checkov": ["CKV_K8S_38", "CKV_K8S_41"], "trivy": "KSV-0036",
             "polaris": "automountServiceAccountToken",
             "kubesec": "AutomountServiceAccountToken",
             "kics": "Service Account Token Automount Not Disabled"},
    tags=["security", "identity"],
    opt_in="hardening",
    failing=lambda: [Example("deploy.yaml", deployment(container()))],
    passing=lambda: [Example("deploy.yaml", deployment("automountServiceAccountToken: false\n" + container())),
             Example("deploy.yaml", deployment("serviceAccountName: web\n" + container())
                     + "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n"
                       "automountServiceAccountToken: false\n")],
)


def _accounts(objects: list[KubeObject]) -> set[tuple[str, str, str]]:
    """Service accounts that opt out of automounting or are bound to a role."""
    known: set[tuple[str, str, str]] = set()
    for o in objects:
        if o.kind == "ServiceAccount" and o.name and is_false(scalar(o.node, "automountServiceAccountToken")):
            known.add(account_key(o, o.namespace, o.name))
        for _, name, ns in account_subjects(o):
            known.add(account_key(o, ns, name.as_str()))
    return known


@RULE.check(KubernetesSet)
def token(ks: KubernetesSet) -> Iterator[Hit]:
    """ServiceAccounts and bindings are looked up across every file linted together."""
    accounts = None
    for o in ks.objects:
        pt = o.pod_template
        if pt is None or pt.partial:
            continue  # a patch: its base decides
        if is_control_plane(pt):
            continue  # a static pod has no service account
        flag = pt.automount_service_account_token
        if is_false(flag):
            continue
        sa = pt.service_account_name.as_str() if pt.service_account_name is not None else "default"
        if flag is not None and is_true(flag):
            yield Hit(flag, f"{obj_label(o)} mounts the service account token of '{sa}' "
                            "(automountServiceAccountToken: true)", path=o.path,
                      severity=Severity.INFO, fix="set automountServiceAccountToken: false if "
                                                  "the pod does not call the Kubernetes API")
            continue
        if flag is not None:
            continue  # a template or an odd value: cannot judge
        if accounts is None:
            accounts = _accounts(ks.objects)
        if account_key(o, o.namespace, sa) in accounts:
            continue
        yield Hit(o.name_span, f"{obj_label(o)} mounts the token of service account '{sa}' "
                               "(automountServiceAccountToken is not false on the pod or the "
                               "account)", path=o.path,
                  fix="set automountServiceAccountToken: false in the pod spec")
