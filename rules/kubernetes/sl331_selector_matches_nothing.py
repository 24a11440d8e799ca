"""SL331 selector-matches-nothing: a Service, PodDisruptionBudget, NetworkPolicy (or one of its
peers), ServiceMonitor or PodMonitor selects nothing in the linted files.

SL331-SL333 relate objects of every file linted together (a ``KubernetesSet``), within one
namespace. A match anywhere in the set clears an object; a finding needs evidence from the
object's own directory: workloads there, in its namespace, using the label keys a selector
asks for, and no custom resources (which may create the pods an object points at).
"""

from __future__ import annotations

import os

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet
from linter.kubernetes.objectset import in_namespace_phrase, is_custom
from linter.plain import Plain

from .examples import container, deployment
from linter.yaml import YMapping, YScalar

from .pss import (
    is_true,
    label_map,
    map_selects,
    mapping,
    obj_label,
    scalar,
    selector_matches,
    sequence,
    templated,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_LABELS_DOC = "https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"


_SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
        "  selector: {app: %s}\n  ports: [{port: 80, targetPort: 8080}]\n")


_MONITOR = ("apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: web}\n"
            "spec:\n  selector:\n    matchLabels: {app: %s}\n  endpoints: [{port: http}]\n")
_LABELLED_SVC = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web}\n"
                 "spec:\n  selector: {app: web}\n  ports: [{name: http, port: 80}]\n")
_POLICY = ("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\n"
           "spec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from:\n"
           "    - podSelector: {matchLabels: {app: %s}}\n")

RULE = Rule(
    code="SL331",
    name="selector-matches-nothing",
    severity=Severity.MEDIUM,
    summary="Service, PodDisruptionBudget, NetworkPolicy or monitor selects nothing in the linted files",
    rationale=(
        "A Service whose selector matches no pod has no endpoints: every request fails. A "
        "PodDisruptionBudget or NetworkPolicy that selects nothing protects nothing, a "
        "NetworkPolicy peer that selects nothing lets no traffic through, and a Prometheus "
        "ServiceMonitor or PodMonitor that selects nothing scrapes nothing, silently. The "
        "usual cause is a typo or a label renamed in one place only. Checked across all the "
        "files linted together; reported when the object's own directory defines workloads "
        "(Services, for a ServiceMonitor) in its namespace that use the selector's label "
        "keys, and no custom resources that could create the pods, yet nothing in the whole "
        "run matches. A PodDisruptionBudget without a selector selects no pod at all. "
        "Selectors that reach other namespaces (a peer's `namespaceSelector`, a monitor's "
        "`namespaceSelector.any`) are not judged."),
    remediation="Make the selector's labels match the labels of the pods (or Services) it is meant for.",
    references=[_LABELS_DOC, "https://kubernetes.io/docs/concepts/services-networking/service/",
                "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
                "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor"],
    aliases={"kube-linter": ["dangling-service", "dangling-networkpolicy",
                             "dangling-networkpolicypeer-podselector", "dangling-servicemonitor"],
             "kube-score": ["service-targets-pod", "networkpolicy-targets-pod"]},
    related={"kics": ["Service Does Not Target Pod", "Network Policy Is Not Targeting Any Pod"]},
    tags=["correctness"],
    failing=lambda: [Example("app.yaml", deployment(container()) + "---\n" + _SVC % "wbe"),
             Example("app.yaml", deployment(container()) + "---\n" + _POLICY % "wbe"),
             Example("mon.yaml", _LABELLED_SVC + "---\n" + _MONITOR % "wbe"),
             Example("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\n"
                                 "metadata: {name: web}\nspec:\n  minAvailable: 1\n")],
    passing=lambda: [Example("app.yaml", deployment(container()) + "---\n" + _SVC % "web"),
             Example("svc.yaml", _SVC % "elsewhere"),
             Example("app.yaml", deployment(container()) + "---\n" + _POLICY % "web"),
             Example("mon.yaml", _LABELLED_SVC + "---\n" + _MONITOR % "web")],
    security=False,
)


#: labels that controllers add to the pods they create (not in any template)
CONTROLLER_LABELS = frozenset((
    "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "pod-template-hash",
    "controller-revision-hash", "pod-template-generation", "job-name", "controller-uid",
    "batch.kubernetes.io/job-name", "batch.kubernetes.io/controller-uid",
    "batch.kubernetes.io/job-completion-index", "rollouts-pod-template-hash"))


@RULE.check(KubernetesSet)
def matches_nothing(ks: KubernetesSet) -> Iterator[Hit]:
    cache: dict = {}  # per run: label keys beside objects, labels indexed per group
    for o in ks.objects:
        if o.kind in _KINDS:
            for sel in _selectors(o):
                yield from _judge(o, sel, ks, cache)


#: custom resources known to create no pods or Services (monitoring, certificates, secrets)
INERT_KINDS = frozenset(("ServiceMonitor", "PodMonitor", "PrometheusRule", "Probe",
                         "Certificate", "Issuer", "ClusterIssuer", "SealedSecret",
                         "ExternalSecret", "SecretStore", "ClusterSecretStore"))

_KINDS = ("Service", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor", "PodMonitor")
_MONITORING = "monitoring.coreos.com"


class _Selector(Plain):
    """One selector of an object: ``at`` its node, ``labels`` a plain label map (a Service's
    selector) or ``None`` for a LabelSelector (``matchLabels`` + ``matchExpressions``),
    ``target`` what it selects (``"pods"`` or ``"services"``), ``what`` how to name it."""

    at: YMapping
    plain: bool
    target: str
    what: str

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), compared as it was
    FIELDS = ("at", "plain", "target", "what")

    def __init__(self, at: YMapping, plain: bool, target: str = "pods", what: str = "") -> None:
        self.at = at
        self.plain = plain
        self.target = target
        self.what = what


def _selectors(o: KubeObject) -> Iterator[_Selector | str]:
    """The selectors of ``o`` to judge; a string is a selector that selects nothing by
    itself (a PodDisruptionBudget without one)."""
    spec = mapping(o.node, "spec")
    if o.kind == "Service" and o.group == "":
        t = scalar(spec, "type")
        at = mapping(spec, "selector")
        if at is not None and not (t is not None and t.as_str() == "ExternalName"):
            yield _Selector(at, True)
    elif o.kind == "PodDisruptionBudget" and o.group == "policy":
        at = mapping(spec, "selector")
        if spec is not None and spec.get("selector") is None:
            yield "has no selector, so it selects no pod"
        elif at is not None and not at.entries and o.version == "v1beta1":
            yield "has an empty selector, which selects no pod in policy/v1beta1"
        elif at is not None:
            yield _Selector(at, False)
    elif o.kind == "NetworkPolicy" and o.group == "networking.k8s.io":
        at = mapping(spec, "podSelector")
        if at is not None:
            yield _Selector(at, False)
        for direction, key in (("ingress", "from"), ("egress", "to")):
            for rule in sequence(spec, direction):
                for peer in sequence(rule, key):
                    at = mapping(peer, "podSelector")
                    # a namespaceSelector makes it select pods of other namespaces
                    if at is not None and mapping(peer, "namespaceSelector") is None:
                        yield _Selector(at, False, what=f"its {direction} peer")
    elif o.kind in ("ServiceMonitor", "PodMonitor") and o.group == _MONITORING:
        at = mapping(spec, "selector")
        ns = mapping(spec, "namespaceSelector")
        if at is not None and (ns is None or _own_namespace(o, ns)):
            yield _Selector(at, False, "services" if o.kind == "ServiceMonitor" else "pods")


def _own_namespace(o: KubeObject, ns: YMapping) -> bool:
    """A monitor's ``namespaceSelector`` that names only the monitor's own namespace (or
    nothing): ``any: true`` or other namespaces reach objects this run cannot see whole."""
    if is_true(scalar(ns, "any")):
        return False
    names = [n.as_str() for n in sequence(ns, "matchNames") if isinstance(n, YScalar)]
    return all(n == o.namespace for n in names) and (not names or bool(o.namespace))


def _local_label_keys(ks: KubernetesSet, o: KubeObject, target: str, cache: dict) -> set[str] | None:
    """The label keys of the pod templates (or Services) beside ``o`` (``None`` when there
    are none)."""
    key = ("keys", target, *ks.group_of(o), os.path.dirname(o.path),
           None if ks.complete(o) else o.path)
    if key not in cache:
        found = _labels_of(ks.local(o), target)
        cache[key] = {k for labels in found for k in labels} if found else None
    return cache[key]


def _labels_of(objects: list[KubeObject], target: str) -> list[dict[str, str]]:
    if target == "services":
        return [x.labels for x in objects if x.kind == "Service" and x.group == ""]
    return [x.pod_template.labels for x in objects if x.pod_template is not None]


def _judge(o: KubeObject, sel: _Selector | str, ks: KubernetesSet, cache: dict) -> Iterator[Hit]:
    if isinstance(sel, str):
        at = mapping(o.node, "spec", "selector") or mapping(o.node, "spec") or o.name_span
        yield Hit(at, f"{obj_label(o)} {sel}: it protects nothing",
                  fix="add spec.selector.matchLabels with the labels of the pods it protects",
                  path=o.path)
        return
    at = sel.at
    if sel.plain:
        wanted = label_map(at)
        if not wanted:
            return  # a Service without a selector: endpoints are managed by hand
        expressions = None
    else:
        if not at.entries:
            return  # an empty selector selects every pod
        wanted = label_map(mapping(at, "matchLabels"))
        if wanted is None:
            return
        expressions = at
    if any(templated(k) or templated(v) for k, v in wanted.items()):
        return
    local_keys = _local_label_keys(ks, o, sel.target, cache)
    if local_keys is None or any(k not in INERT_KINDS for k in ks.custom_kinds(o)):
        return  # nothing to judge by, or a custom resource (Rollout, operator CR) may own them
    keys = set(wanted) - CONTROLLER_LABELS
    if expressions is None:
        wanted = {k: v for k, v in wanted.items() if k in keys}
    if not keys or not keys & local_keys:
        return  # nothing beside it uses these label keys: what it selects lives elsewhere

    def candidates() -> Iterator[dict[str, str]]:
        group = ks.group_of(o)
        if ("index", sel.target, group) not in cache:  # labels by label pair
            index: dict[tuple[str, str], list[dict[str, str]]] = {}
            found = (_labels_of(ks.reach(o), "services") if sel.target == "services"
                     else [pt.labels for pt in ks.pod_templates(o)] + _custom_pod_labels(ks, o))
            for labels in found:
                for pair in labels.items():
                    index.setdefault(pair, []).append(labels)
                if not labels:
                    index.setdefault(("", ""), []).append(labels)
            cache[("index", sel.target, group)] = index
        index = cache[("index", sel.target, group)]
        if expressions is None and wanted:
            yield from index.get(next(iter(wanted.items())), [])  # all pairs must be there
        else:
            yield from (labels for found in index.values() for labels in found)

    for labels in candidates():
        ok = (selector_matches(expressions, labels) if expressions is not None
              else map_selects(wanted, labels))
        if ok is not False:
            return  # selects these, or cannot be judged
    shown = ", ".join(f"{k}={v}" for k, v in wanted.items()) or "its expressions"
    whose = "Service" if sel.target == "services" else "pod template"
    subject = f"{obj_label(o)}{' (' + sel.what + ')' if sel.what else ''}"
    yield Hit(at, f"{subject} selects {shown}, but no {whose} of the linted files "
                  f"{in_namespace_phrase(o)} has those labels",
              fix="fix the selector or the labels it is meant to match", path=o.path)


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
