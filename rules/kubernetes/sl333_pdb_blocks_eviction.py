"""SL333 pdb-blocks-eviction: PodDisruptionBudget allows no voluntary eviction.

SL331-SL333 relate objects of every file linted together (a ``KubernetesSet``), within one
namespace. A match anywhere in the set clears an object; a finding needs evidence from the
object's own directory: workloads there, in its namespace, using the label keys a selector
asks for, and no custom resources (which may create the pods an object points at).
"""

from __future__ import annotations

import functools
import math

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject, KubernetesSet

from .pss import (
    mapping,
    obj_label,
    scalar,
    selector_matches,
    templated,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL333",
    name="pdb-blocks-eviction",
    severity=Severity.MEDIUM,
    summary="PodDisruptionBudget allows no voluntary eviction",
    rationale=(
        "A PodDisruptionBudget with `maxUnavailable: 0`, `minAvailable: 100%`, or a "
        "`minAvailable` (a number, or a percentage rounded up) at least the workload's replica "
        "count, or its autoscaler's `minReplicas`, never lets a pod be evicted: "
        "node drains hang, cluster upgrades and autoscaler scale-downs stall until someone "
        "deletes the budget."),
    remediation=(
        "Allow at least one disruption: `maxUnavailable: 1`, or a `minAvailable` below the "
        "replica count; run enough replicas for the budget to have room."),
    references=["https://kubernetes.io/docs/tasks/run-application/configure-pdb/"],
    aliases={"kube-linter": ["pdb-max-unavailable", "pdb-min-available"],
             "polaris": "pdbDisruptionsIsZero"},
    related={"polaris": "pdbMinAvailableGreaterThanHPAMinReplicas"},
    tags=["reliability"],
    failing=lambda: [Example("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\n"
                                 "spec:\n  maxUnavailable: 0\n  selector:\n    matchLabels: {app: web}\n")],
    passing=lambda: [Example("pdb.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\n"
                                 "spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n")],
)


#: workloads that run one pod when they write no replicas (an Argo Rollout, an OpenKruise
#: CloneSet or Advanced StatefulSet like the built-in ones)
_ONE_REPLICA = frozenset(("Deployment", "StatefulSet", "ReplicaSet", "Rollout", "CloneSet"))


def _replicas(s: KubeObject) -> int | None:
    r = scalar(mapping(s.node, "spec"), "replicas")
    if r is None:
        return 1 if s.kind in _ONE_REPLICA else None
    return r.value if isinstance(r.value, int) and not isinstance(r.value, bool) else None


@RULE.check(KubernetesSet)
def pdb(ks: KubernetesSet) -> Iterator[Hit]:
    for o in ks.objects:
        if o.kind == "PodDisruptionBudget" and o.group == "policy":
            yield from _pdb(o, ks)


def _scaled(ks: KubernetesSet, of: KubeObject) -> dict[str, int | None]:
    """The workloads an autoscaler among the peers of ``of`` scales, by name: the
    autoscaler's ``minReplicas`` (1 when unset; ``None`` when it cannot be read)."""
    out: dict[str, int | None] = {}
    for h in ks.peers(of):
        if h.kind == "HorizontalPodAutoscaler":
            spec = mapping(h.node, "spec")
            n = scalar(mapping(spec, "scaleTargetRef"), "name")
            if n is not None:
                low = scalar(spec, "minReplicas")
                out[n.as_str()] = 1 if low is None else _int(low.value)
    return out


def _int(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _required(ma: str | int, replicas: int) -> int | None:
    """The pods ``minAvailable`` keeps for ``replicas`` (a percentage rounds up, as the
    disruption controller does)."""
    if isinstance(ma, int):
        return ma
    text = ma.strip()
    if text.endswith("%") and text[:-1].isdigit():
        return math.ceil(replicas * int(text[:-1]) / 100)
    return None


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
    value = _int(ma.value) if not isinstance(ma.value, str) else ma.value
    selector = mapping(spec, "selector")
    if value is None or selector is None or (isinstance(value, str) and templated(value)):
        return
    scaled = None
    for s in ks.local(o):
        pt = s.pod_template
        if pt is None or selector_matches(selector, pt.labels) is not True:
            continue
        if scaled is None:
            scaled = _scaled(ks, o)
        n = scaled[s.name] if s.name in scaled else _replicas(s)
        need = _required(value, n) if n is not None else None
        if n is not None and need is not None and need >= n:
            written = f"minAvailable: {ma.as_str()}" + (f" ({need} pods)" if need != value else "")
            pods = f"{n} replica{'s' if n != 1 else ''}"
            runs = (f"scales down to {pods} (its autoscaler's minReplicas)" if s.name in scaled
                    else f"runs {pods}")
            yield hit(ma, f"{obj_label(o)} requires {written} but {obj_label(s)} {runs}, "
                          "so no pod can be evicted",
                      fix=f"lower minAvailable below {n}, use maxUnavailable: 1, or add replicas")
            return
