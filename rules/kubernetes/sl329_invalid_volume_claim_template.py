"""SL329 invalid-volume-claim-template: a StatefulSet's volumeClaimTemplate the API server
rejects (no or unknown access mode, no storage request)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.suggest import did_you_mean
from linter.yaml import YScalar

from .examples import container, deployment
from .pss import mapping, obj_label, scalar, sequence, templated

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")


def _sts(claim: str) -> str:
    return (deployment(container(), kind="StatefulSet")
            + "  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n" + claim)


RULE = Rule(
    code="SL329",
    name="invalid-volume-claim-template",
    severity=Severity.HIGH,
    summary="StatefulSet volumeClaimTemplate without a valid access mode or a storage request",
    rationale=(
        "Each volumeClaimTemplate becomes a PersistentVolumeClaim per pod, and the API server "
        "rejects the StatefulSet when a template has no `accessModes`, an access mode other "
        "than ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod, or no "
        "`resources.requests.storage` (unless it clones a `dataSource`)."),
    remediation=(
        "Give every volumeClaimTemplate `accessModes: [ReadWriteOnce]` (or another valid "
        "mode) and `resources: {requests: {storage: 10Gi}}`."),
    references=["https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes",
                "https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates"],
    related={"kubesec": ["VolumeClaimAccessModeReadWriteOnce", "VolumeClaimRequestsStorage"],
             "kics": "StatefulSet Requests Storage"},
    tags=["correctness"],
    failing=lambda: [Example("sts.yaml", _sts("      accessModes: [ReadWriteOnly]\n"
                                      "      resources: {requests: {storage: 1Gi}}\n")),
             Example("sts.yaml", _sts("      accessModes: [ReadWriteOnce]\n"))],
    passing=lambda: [Example("sts.yaml", _sts("      accessModes: [ReadWriteOnce]\n"
                                      "      resources: {requests: {storage: 1Gi}}\n"))],
    security=False,
    fragments=True,  # a patch's invalid access mode is written; what it lacks is not judged
)


@RULE.check(KubeObject)
def claim_templates(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "StatefulSet" or o.group != "apps":
        return
    for t in sequence(mapping(o.node, "spec"), "volumeClaimTemplates"):
        spec = mapping(t, "spec")
        name = scalar(mapping(t, "metadata"), "name")
        what = f"{obj_label(o)}: volumeClaimTemplate '{name.as_str() if name else '?'}'"
        at = spec if spec is not None else t
        if spec is None:
            if not o.fragment:
                yield Hit(at, f"{what} has no spec (access modes and a storage request)",
                          fix="add spec.accessModes and spec.resources.requests.storage")
            continue
        modes = [m for m in sequence(spec, "accessModes") if isinstance(m, YScalar)]
        if not modes and not o.fragment:
            yield Hit(spec, f"{what} sets no accessModes, which the API server requires",
                      fix="add accessModes: [ReadWriteOnce]")
        for m in modes:
            text = m.as_str()
            if text not in ACCESS_MODES and not templated(text):
                yield Hit(m, f"{what} has access mode '{text}', which is not one of "
                             f"{', '.join(ACCESS_MODES)}{did_you_mean(text, list(ACCESS_MODES))}",
                          fix="use ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod")
        storage = mapping(spec, "resources", "requests")
        if scalar(storage, "storage") is None and mapping(spec, "dataSource") is None \
                and mapping(spec, "dataSourceRef") is None and not o.fragment:
            yield Hit(spec, f"{what} requests no storage (resources.requests.storage), which "
                            "the API server requires", fix="add resources: {requests: {storage: 10Gi}}")
