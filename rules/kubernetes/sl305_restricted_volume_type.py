"""SL305 restricted-volume-type: Pod uses a volume type outside PSS restricted's list."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import (
    PSS_DOC,
    RESTRICTED_VOLUME_TYPES,
    obj_label,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL305",
    name="restricted-volume-type",
    severity=Severity.LOW,
    summary="Pod uses a volume type outside PSS restricted's list",
    rationale=(
        "PSS restricted allows only volume types that do not reach outside the pod's own "
        "storage model (configMap, csi, downwardAPI, emptyDir, ephemeral, "
        "persistentVolumeClaim, projected, secret, image). In-tree network and cloud volumes "
        "need node-level credentials or privileges, and gitRepo runs git on the node as root "
        "(deprecated, with a history of command-execution bugs)."),
    remediation=(
        "Use a PersistentVolumeClaim (backed by a CSI driver) instead of in-tree volume types; "
        "replace gitRepo with an init container that clones into an emptyDir."),
    references=[PSS_DOC + "#restricted", "https://kubernetes.io/docs/concepts/storage/volumes/"],
    aliases={"pss": "restricted/volume-types", "trivy": "KSV-0028"},
    tags=["security"],
    failing=lambda: [Example("pod.yaml", pod(container() + "volumes:\n- name: shared\n"
                                     "  nfs: {server: nfs.example.com, path: /exports}\n"))],
    passing=lambda: [Example("pod.yaml", pod(container() + "volumes:\n- name: tmp\n  emptyDir: {}\n"
                                     "- name: cfg\n  configMap: {name: cfg}\n"))],
    fragments=True,
    opt_in="hardening",
)


@RULE.check(PodTemplate)
def volume_types(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.kind is None or v.kind in RESTRICTED_VOLUME_TYPES or v.kind == "hostPath":
            continue  # hostPath: SL124, SL125, SL301
        yield Hit(v.node.entry(v.kind).key if v.node.entry(v.kind) else v,
                  f"{obj_label(pt.owner)} uses a '{v.kind}' volume ('{v.name}'); PSS restricted "
                  "'Volume Types' does not allow it",
                  severity=Severity.HIGH if v.kind == "gitRepo" else None,
                  fix="use a persistentVolumeClaim" + (
                      " or an init container cloning into an emptyDir" if v.kind == "gitRepo" else ""))
