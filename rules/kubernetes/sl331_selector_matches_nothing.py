"""SL331 selector-matches-nothing: Service, PodDisruptionBudget or NetworkPolicy selects no pod of the linted files.

SL331-SL333 relate objects of every file linted together (a ``KubernetesSet``), within one
namespace. A match anywhere in the set clears an object; a finding needs evidence from the
object's own directory: workloads there, in its namespace, using the label keys a selector
asks for, and no custom resources (which may create the pods an object points at).
"""

from __future__ import annotations

import os
from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import in_namespace_phrase, is_custom

from .examples import container, deployment
from .pss import (
    label_map,
    map_selects,
    mapping,
    obj_label,
    scalar,
    selector_matches,
    templated,
)

_LABELS_DOC = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"


_SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
        "  selector: {app: %s}\n  ports: [{port: 80, targetPort: 8080}]\n")


RULE = Rule(
    code="SL331",
    name="selector-matches-nothing",
    severity=Severity.MEDIUM,
    summary="Service, PodDisruptionBudget or NetworkPolicy selects no pod of the linted files",
    rationale=(
        "A Service whose selector matches no pod has no endpoints: every request fails. A "
        "PodDisruptionBudget or NetworkPolicy that selects nothing protects nothing. The "
        "usual cause is a typo or a label renamed in one place only. Checked across all the "
        "files linted together; reported when the object's own directory defines workloads "
        "in its namespace that use the selector's label keys (and no custom resources that "
        "could create the pods), yet no pod template of the whole run matches."),
    remediation="Make the selector's labels match the pod template labels of the workload it is meant for.",
    references=[_LABELS_DOC, "https://kubernetes.io/docs/concepts/services-networking/service/"],
    aliases={"kube-linter": ["dangling-service", "dangling-networkpolicy"],
             "kube-score": ["service-targets-pod", "networkpolicy-targets-pod"]},
    tags=["correctness"],
    failing=[Example("app.yaml", deployment(container()) + "---\n" + _SVC % "wbe")],
    passing=[Example("app.yaml", deployment(container()) + "---\n" + _SVC % "web"),
             Example("svc.yaml", _SVC % "elsewhere")],
    security=False,
)


#: labels that controllers add to the pods they create (not in any template)
CONTROLLER_LABELS = frozenset((
    "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "pod-template-hash",
    "controller-revision-hash", "pod-template-generation", "job-name", "controller-uid",
    "batch.kubernetes.io/job-name", "batch.kubernetes.io/controller-uid",
    "batch.kubernetes.io/job-completion-index"))


@RULE.check(KubernetesSet)
def matches_nothing(ks: KubernetesSet) -> Iterator[Hit]:
    cache: dict = {}  # per run: label keys beside objects, pod labels indexed per group
    for o in ks.objects:
        if o.kind in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
            yield from _matches_nothing(o, ks, cache)


def _local_label_keys(ks: KubernetesSet, o: KubeObject, cache: dict) -> set[str] | None:
    """The label keys of the pod templates beside ``o`` (``None`` when there are none)."""
    key = ("keys", *ks.group_of(o), os.path.dirname(o.path),
           None if ks.complete(o) else o.path)
    if key not in cache:
        templates = [x.pod_template for x in ks.local(o) if x.pod_template is not None]
        cache[key] = {k for pt in templates for k in pt.labels} if templates else None
    return cache[key]


def _matches_nothing(o: KubeObject, ks: KubernetesSet, cache: dict) -> Iterator[Hit]:
    if o.kind == "Service" and o.group == "":
        spec = mapping(o.node, "spec")
        t = scalar(spec, "type")
        if t is not None and t.as_str() == "ExternalName":
            return
        at = mapping(spec, "selector")
        wanted = label_map(at)
        if not wanted:
            return  # no selector: endpoints are managed by hand
        expressions = None
    else:
        if o.kind == "PodDisruptionBudget" and o.group == "policy":
            at = mapping(o.node, "spec", "selector")
        elif o.kind == "NetworkPolicy" and o.group == "networking.k8s.io":
            at = mapping(o.node, "spec", "podSelector")
        else:
            return
        if at is None or not at.entries:
            return  # an empty selector selects every pod
        wanted = label_map(mapping(at, "matchLabels"))
        if wanted is None:
            return
        expressions = at
    if any(templated(k) or templated(v) for k, v in wanted.items()):
        return
    local_keys = _local_label_keys(ks, o, cache)
    if local_keys is None or ks.has_custom_resources(o):
        return  # nothing to judge by, or a custom resource (Rollout, operator CR) may own the pods
    keys = set(wanted) - CONTROLLER_LABELS
    if expressions is None:
        wanted = {k: v for k, v in wanted.items() if k in keys}
    if not keys or not keys & local_keys:
        return  # no template beside it uses these label keys: the pods live elsewhere

    def candidates() -> Iterator[dict[str, str]]:
        group = ks.group_of(o)
        if ("index", group) not in cache:  # pod labels by label, and those of custom resources
            index: dict[tuple[str, str], list[dict[str, str]]] = {}
            for labels in [pt.labels for pt in ks.pod_templates(o)] + _custom_pod_labels(ks, o):
                for pair in labels.items():
                    index.setdefault(pair, []).append(labels)
                if not labels:
                    index.setdefault(("", ""), []).append(labels)
            cache[("index", group)] = index
        index = cache[("index", group)]
        if expressions is None and wanted:
            yield from index.get(next(iter(wanted.items())), [])  # all pairs must be there
        else:
            yield from (labels for found in index.values() for labels in found)

    for labels in candidates():
        ok = (selector_matches(expressions, labels) if expressions is not None
              else map_selects(wanted, labels))
        if ok is not False:
            return  # selects these pods, or cannot be judged
    shown = ", ".join(f"{k}={v}" for k, v in wanted.items()) or "its expressions"
    yield Hit(at, f"{obj_label(o)} selects {shown}, but no pod template of the linted "
                  f"files {in_namespace_phrase(o)} has those labels",
              fix="fix the selector or the pod template labels", path=o.path)


def _custom_pod_labels(ks: KubernetesSet, o: KubeObject) -> list[dict[str, str]]:
    """Pod labels that custom resources among ``o``'s peers write in a pod template of their
    own (an Argo Rollout, a Knative Service, an OpenKruise CloneSet: ``spec.template``)."""
    out = []
    for x in ks.reach(o):
        if x.pod_template is None and is_custom(x):
            labels = label_map(mapping(x.node, "spec", "template", "metadata", "labels"))
            if labels:
                out.append(labels)
    return out
