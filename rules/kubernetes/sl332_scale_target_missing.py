"""SL332 scale-target-missing: HorizontalPodAutoscaler targets a workload that the linted files do not define.

SL331-SL333 relate objects of every file linted together (a ``KubernetesSet``), within one
namespace. A match anywhere in the set clears an object; a finding needs evidence from the
object's own directory: workloads there, in its namespace, using the label keys a selector
asks for, and no custom resources (which may create the pods an object points at).
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet
from linter.kubernetes.objectset import in_namespace_phrase

from .examples import container, deployment
from .pss import (
    mapping,
    obj_label,
    scalar,
    templated,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL332",
    name="scale-target-missing",
    severity=Severity.MEDIUM,
    summary="HorizontalPodAutoscaler targets a workload that the linted files do not define",
    rationale=(
        "An autoscaler whose scaleTargetRef names no existing object never scales anything; "
        "the usual cause is a renamed Deployment. Checked when the autoscaler's directory "
        "(or, when the run did not read that directory whole, its file) defines objects of "
        "the target's kind in its namespace, and no file linted with it defines one with "
        "that name."),
    remediation="Point `spec.scaleTargetRef` at the workload's kind and name.",
    references=["https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/"],
    aliases={"kube-linter": "dangling-horizontalpodautoscaler",
             "kube-score": "horizontalpodautoscaler-has-target"},
    related={"kics": "HPA Targets Invalid Object"},
    tags=["correctness"],
    failing=lambda: [Example("app.yaml", deployment(container()) + "---\napiVersion: autoscaling/v2\n"
                     "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n"
                     "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: wbe}\n"
                     "  minReplicas: 2\n  maxReplicas: 5\n")],
    passing=lambda: [Example("app.yaml", deployment(container()) + "---\napiVersion: autoscaling/v2\n"
                     "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n"
                     "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
                     "  minReplicas: 2\n  maxReplicas: 5\n")],
    security=False,
)


@RULE.check(KubernetesSet)
def scale_target(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind != "HorizontalPodAutoscaler" or o.group != "autoscaling":
            continue
        ref = mapping(o.node, "spec", "scaleTargetRef")
        kind, name = scalar(ref, "kind"), scalar(ref, "name")
        if kind is None or name is None or templated(name.as_str()):
            continue
        beside = [x.name for x in ks.local(o) if x.kind == kind.as_str() and x.name]
        if beside and name.as_str() not in ks.named(kind.as_str(), o):
            yield Hit(name, f"{obj_label(o)} scales {kind.as_str()} "
                            f"'{name.as_str()}', which no linted file defines {in_namespace_phrase(o)} "
                            "(its directory has " + ", ".join(f"'{n}'" for n in beside[:3]) + ")",
                      fix="fix scaleTargetRef.name", path=o.path)
