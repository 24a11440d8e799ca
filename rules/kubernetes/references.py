"""Objects that point at other objects: SL330 selector-mismatch, SL331
selector-matches-nothing, SL332 scale-target-missing, SL333 pdb-blocks-eviction.

SL331-SL333 relate objects of every file linted together (a ``KubernetesSet``), within one
namespace. A match anywhere in the set clears an object; a finding needs evidence from the
object's own directory: workloads there, in its namespace, using the label keys a selector
asks for, and no custom resources (which may create the pods an object points at).
"""

from __future__ import annotations

import functools
import os
from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.examples import container, deployment
from linter.kubernetes.objectset import in_namespace_phrase, is_custom
from linter.kubernetes.pss import (is_true, label_map, map_selects, mapping, obj_label, scalar,
                                   selector_matches, templated)
from linter.kubernetes.tree import WORKLOAD_GROUPS
from linter.yaml import YMapping, YScalar

_LABELS_DOC = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"
_SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
        "  selector: {app: %s}\n  ports: [{port: 80, targetPort: 8080}]\n")


def _has_template(node: YMapping | None) -> bool:
    return node is not None and "{{" in "".join(
        e.value.as_str() for e in node.entries if isinstance(e.value, YScalar))


# --------------------------------------------------------------- SL330 selector mismatch

MISMATCH = Rule(
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
    failing=[Example("deploy.yaml", deployment(container(), template_metadata="labels: {app: api}"))],
    passing=[Example("deploy.yaml", deployment(container()))],
)

_SELECTOR_KINDS = frozenset(("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"))


@MISMATCH.check(KubeObject)
def mismatch(o: KubeObject) -> Iterator[Hit]:
    pt = o.pod_template
    if pt is None or o.group not in WORKLOAD_GROUPS:
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
        yield Hit(selector, f"{obj_label(o)}: the selector does not match the pod template's "
                            f"labels {pt.labels or '{}'}; the API server rejects it",
                  fix="add the selector's labels to spec.template.metadata.labels")


# ------------------------------------------------------------ SL331 dangling selectors

NOTHING = Rule(
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
)


#: labels that controllers add to the pods they create (not in any template)
CONTROLLER_LABELS = frozenset((
    "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "pod-template-hash",
    "controller-revision-hash", "pod-template-generation", "job-name", "controller-uid",
    "batch.kubernetes.io/job-name", "batch.kubernetes.io/controller-uid",
    "batch.kubernetes.io/job-completion-index"))


@NOTHING.check(KubernetesSet)
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


# ------------------------------------------------------------ SL332 scale target missing

TARGET = Rule(
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
    tags=["correctness"],
    failing=[Example("app.yaml", deployment(container()) + "---\napiVersion: autoscaling/v2\n"
                     "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n"
                     "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: wbe}\n"
                     "  minReplicas: 2\n  maxReplicas: 5\n")],
    passing=[Example("app.yaml", deployment(container()) + "---\napiVersion: autoscaling/v2\n"
                     "kind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n"
                     "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
                     "  minReplicas: 2\n  maxReplicas: 5\n")],
)


@TARGET.check(KubernetesSet)
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


# ------------------------------------------------------------ SL333 PDB blocks eviction

PDB = Rule(
    code="SL333",
    name="pdb-blocks-eviction",
    severity=Severity.MEDIUM,
    summary="PodDisruptionBudget allows no voluntary eviction",
    rationale=(
        "A PodDisruptionBudget with `maxUnavailable: 0`, `minAvailable: 100%`, or a "
        "`minAvailable` at least the workload's replica count never lets a pod be evicted: "
        "node drains hang, cluster upgrades and autoscaler scale-downs stall until someone "
        "deletes the budget."),
    remediation=(
        "Allow at least one disruption: `maxUnavailable: 1`, or a `minAvailable` below the "
        "replica count; run enough replicas for the budget to have room."),
    references=["https://kubernetes.io/docs/tasks/run-application/configure-pdb/"],
    aliases={"kube-linter": ["pdb-max-unavailable", "pdb-min-available"],
             "polaris": "pdbDisruptionsIsZero"},
    tags=["reliability"],
    failing=[Example("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\n"
                                 "spec:\n  maxUnavailable: 0\n  selector:\n    matchLabels: {app: web}\n")],
    passing=[Example("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\n"
                                 "spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n")],
)


def _replicas(s: KubeObject) -> int | None:
    r = scalar(mapping(s.node, "spec"), "replicas")
    if r is None:
        return 1 if s.kind in ("Deployment", "StatefulSet", "ReplicaSet") else None
    return r.value if isinstance(r.value, int) and not isinstance(r.value, bool) else None


@PDB.check(KubernetesSet)
def pdb(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind == "PodDisruptionBudget" and o.group == "policy":
            yield from _pdb(o, ks)


def _scaled(ks: KubernetesSet, of: KubeObject) -> set[str]:
    """Names of the workloads an autoscaler among the peers of ``of`` scales."""
    out = set()
    for h in ks.peers(of):
        if h.kind == "HorizontalPodAutoscaler":
            n = scalar(mapping(h.node, "spec", "scaleTargetRef"), "name")
            if n is not None:
                out.add(n.as_str())
    return out


def _pdb(o: KubeObject, ks: KubernetesSet) -> Iterator[Hit]:
    spec = mapping(o.node, "spec")
    mu, ma = scalar(spec, "maxUnavailable"), scalar(spec, "minAvailable")
    hit = functools.partial(Hit, path=o.path)
    if mu is not None and mu.as_str().strip() in ("0", "0%"):
        yield hit(mu, f"{obj_label(o)} sets maxUnavailable: {mu.as_str()}, so no "
                      "pod can ever be evicted (node drains hang)", fix="set maxUnavailable: 1")
        return
    if ma is None:
        return
    if ma.as_str().strip() == "100%":
        yield hit(ma, f"{obj_label(o)} sets minAvailable: 100%, so no pod can "
                      "ever be evicted (node drains hang)", fix="use maxUnavailable: 1")
        return
    if not isinstance(ma.value, int) or isinstance(ma.value, bool):
        return
    selector = mapping(spec, "selector")
    if selector is None:
        return
    scaled = None
    for s in ks.local(o):
        pt = s.pod_template
        if pt is None or selector_matches(selector, pt.labels) is not True:
            continue
        if scaled is None:
            scaled = _scaled(ks, o)
        if s.name in scaled:
            continue  # the autoscaler decides the replicas
        n = _replicas(s)
        if n is not None and ma.value >= n:
            yield hit(ma, f"{obj_label(o)} requires minAvailable: {ma.value} but "
                          f"{obj_label(s)} runs {n} replica{'s' if n != 1 else ''}, so no pod can "
                          "be evicted", fix=f"lower minAvailable below {n} or add replicas")
            return
