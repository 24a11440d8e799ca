"""SL330 selector-mismatch: Workload selector does not match its own pod template labels."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes.tree import WORKLOAD_GROUPS, is_plain_workload
from linter.yaml import YMapping, YScalar

from .examples import container, deployment
from .pss import (
    is_true,
    label_map,
    map_selects,
    mapping,
    obj_label,
    scalar,
    selector_matches,
    templated,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_LABELS_DOC = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"


def _has_template(node: YMapping | None) -> bool:
    return node is not None and "{{" in "".join(
        e.value.as_str() for e in node.entries if isinstance(e.value, YScalar))


RULE = Rule(
    code="SL330",
    name="selector-mismatch",
    severity=Severity.HIGH,
    summary="Workload selector does not match its own pod template labels",
    rationale=(
        "A Deployment, ReplicaSet, StatefulSet or DaemonSet manages the pods its selector "
        "matches; the API server rejects one whose template labels do not match it "
        "(`selector does not match template labels`), so the deploy fails."),
    remediation="Make `spec.template.metadata.labels` contain every `spec.selector.matchLabels` pair.",
    references=[_LABELS_DOC,
                "https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector"],
    aliases={"kube-linter": "mismatching-selector",
             "kube-score": ["deployment-pod-selector-labels-match-template-metadata-labels",
                            "statefulset-pod-selector-labels-match-template-metadata-labels"]},
    tags=["correctness"],
    failing=lambda: [Example("deploy.yaml", deployment(container(), template_metadata="labels: {app: api}"))],
    passing=lambda: [Example("deploy.yaml", deployment(container()))],
    security=False,
)


#: with a LabelSelector their template must match (an Argo Rollout and OpenKruise's
#: workloads too: their controller or webhook refuses a mismatch)
_SELECTOR_KINDS = frozenset(("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Rollout",
                             "CloneSet"))


@RULE.check(KubeObject)
def mismatch(o: KubeObject) -> Iterator[Hit]:
    pt = o.pod_template
    if pt is None or not is_plain_workload(o):
        return
    spec = mapping(o.node, "spec")
    if o.kind in _SELECTOR_KINDS:
        selector = mapping(spec, "selector")
    elif o.kind in ("ReplicationController", "DeploymentConfig"):  # plain label maps
        wanted = label_map(mapping(spec, "selector"))
        if not wanted or any(templated(k) or templated(v) for k, v in {**wanted, **pt.labels}.items()):
            return
        if not map_selects(wanted, pt.labels):
            yield Hit(mapping(spec, "selector"), f"{obj_label(o)}: the selector does not match "
                      f"the pod template's labels {pt.labels or '{}'}; the API server rejects it",
                      fix="add the selector's labels to spec.template.metadata.labels")
        return
    elif o.kind == "Job" and is_true(scalar(spec, "manualSelector")):
        selector = mapping(spec, "selector")
    else:
        return
    if selector is None or pt.metadata is None or _has_template(mapping(selector, "matchLabels")):
        return
    if any(templated(k) or templated(v) for k, v in pt.labels.items()):
        return
    if selector_matches(selector, pt.labels) is False:
        rejects = "the API server" if o.group in WORKLOAD_GROUPS else "its controller"
        yield Hit(selector, f"{obj_label(o)}: the selector does not match the pod template's "
                            f"labels {pt.labels or '{}'}; {rejects} rejects it",
                  fix="add the selector's labels to spec.template.metadata.labels")
