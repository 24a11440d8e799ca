"""SL322 deprecated-service-account-field: Pod spec uses the deprecated serviceAccount field."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import obj_label, scalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL322",
    name="deprecated-service-account-field",
    severity=Severity.LOW,
    summary="Pod spec uses the deprecated serviceAccount field",
    rationale=(
        "`spec.serviceAccount` is a deprecated alias of `serviceAccountName`. When the two "
        "differ, which one wins has changed between versions and tools; tools that read only "
        "serviceAccountName (policy engines, this linter's own cross-checks) miss it."),
    remediation="Rename `serviceAccount` to `serviceAccountName`.",
    references=["https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context"],
    aliases={"kube-linter": "deprecated-service-account-field"},
    tags=["correctness"],
    failing=lambda: [Example("pod.yaml", pod("serviceAccount: web\n" + container()))],
    passing=lambda: [Example("pod.yaml", pod("serviceAccountName: web\n" + container()))],
    security=False,
    fragments=True,
    opt_in="style",
)


@RULE.check(PodTemplate)
def sa_field(pt: PodTemplate) -> Iterator[Hit]:
    old = scalar(pt.node, "serviceAccount")
    if old is None:
        return
    new = scalar(pt.node, "serviceAccountName")
    if new is not None and new.as_str() != old.as_str():
        yield Hit(old, f"{obj_label(pt.owner)} sets serviceAccount '{old.as_str()}' and "
                       f"serviceAccountName '{new.as_str()}', which disagree",
                  severity=Severity.MEDIUM, fix="keep only serviceAccountName")
    elif new is None:
        yield Hit(old, f"{obj_label(pt.owner)} uses the deprecated serviceAccount field",
                  fix=f"write serviceAccountName: {old.as_str()}")
