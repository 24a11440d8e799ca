"""SL334 service-account-missing: Pod runs as a ServiceAccount that the linted files do not define.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet
from linter.kubernetes.objectset import in_namespace_phrase

from .examples import container, deployment
from .missing_refs import hint, names_beside, operator_beside
from .pss import obj_label, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SA = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: %s}\n"


RULE = Rule(
    code="SL334",
    name="service-account-missing",
    severity=Severity.MEDIUM,
    summary="Pod runs as a ServiceAccount that the linted files do not define",
    rationale=(
        "A pod template naming a ServiceAccount that does not exist is rejected when its pods "
        "are created (`error looking up service account`): the Deployment rolls out nothing. "
        "The usual cause is a renamed or forgotten ServiceAccount. Reported when the "
        "workload's directory defines ServiceAccounts of its own (so accounts are managed in "
        "these manifests) and no file linted with it defines this one in the namespace."),
    remediation="Define the ServiceAccount, or fix `serviceAccountName` to name one that exists.",
    references=["https://kubernetes.io/docs/concepts/security/service-accounts/",
                "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/"],
    aliases={"kube-linter": "non-existent-service-account"},
    tags=["correctness", "identity"],
    failing=lambda: [Example("app.yaml", deployment("serviceAccountName: wbe\n" + container())
                     + "---\n" + _SA % "web")],
    passing=lambda: [Example("app.yaml", deployment("serviceAccountName: web\n" + container())
                     + "---\n" + _SA % "web"),
             Example("app.yaml", deployment("serviceAccountName: provided-by-the-platform\n"
                                            + container()))],
    security=False,
)


@RULE.check(KubernetesSet)
def service_account(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        pt = o.pod_template
        sa = pt.service_account_name if pt is not None else None
        if sa is None or not isinstance(sa.value, str) or not sa.value or sa.value == "default":
            continue
        if templated(sa.value) or sa.value in ks.named("ServiceAccount", o):
            continue
        local = ks.local(o)
        if not any(x.kind == "ServiceAccount" for x in local) or operator_beside(ks, o):
            continue
        yield Hit(sa, f"{obj_label(o)} runs as ServiceAccount '{sa.value}', which no linted file "
                      f"defines {in_namespace_phrase(o)}"
                      + hint(sa.value, names_beside(local, "ServiceAccount")),
                  path=o.path, fix="define the ServiceAccount or fix serviceAccountName")
