"""SL301 host-path-volume: Pod mounts a directory of the node (hostPath volume)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from ..controlplane.flags import is_control_plane
from .examples import container, pod
from .pss import (
    PSS_DOC,
    host_path_risk,
    mounted_read_only,
    obj_label,
    templated,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL301",
    name="host-path-volume",
    severity=Severity.MEDIUM,
    summary="Pod mounts a directory of the node (hostPath volume)",
    rationale=(
        "A hostPath volume ties the pod to one node's file system and gives it access to the "
        "host outside the container: a writable hostPath lets a container plant files the "
        "node (or the next pod on it) will use, and symlink tricks have turned such mounts "
        "into whole-node access before. Runtime sockets and system directories are reported "
        "by SL124 and SL125; this rule reports the others."),
    remediation=(
        "Use a PersistentVolumeClaim, an emptyDir, or a configMap/secret volume instead. If "
        "a node agent really needs the path, mount it `readOnly: true` and run the agent in "
        "a dedicated namespace."),
    references=[PSS_DOC + "#baseline", "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath"],
    aliases={"cis": "5.2.12", "pss": ["baseline/host-path-volumes", "restricted/volume-types"],
             "trivy": "KSV-0023", "polaris": "hostPathSet"},
    related={"kube-linter": "writable-host-mount",
             "kics": "Volume Mount With OS Directory Write Permissions"},
    tags=["security", "host-access"],
    failing=lambda: [Example("pod.yaml", pod(container("volumeMounts:\n- {name: data, mountPath: /data}")
                                     + "volumes:\n- name: data\n  hostPath: {path: /mnt/data}\n"))],
    passing=lambda: [Example("pod.yaml", pod(container("volumeMounts:\n- {name: data, mountPath: /data}")
                                     + "volumes:\n- name: data\n  persistentVolumeClaim: {claimName: data}\n"))],
    fragments=True,
)


@RULE.check(PodTemplate)
def host_path(pt: PodTemplate) -> Iterator[Hit]:
    if is_control_plane(pt):
        return  # its certificates, configuration and data live on the node
    for v in pt.volumes:
        if v.kind != "hostPath":
            continue
        path = v.host_path or ""
        if path and (templated(path) or host_path_risk(path) is not None):
            continue  # SL124/SL125 report runtime sockets and system directories
        ro = mounted_read_only(pt, v.name)
        yield Hit(v.source or v, f"{obj_label(pt.owner)} mounts the node's '{path}' (hostPath "
                                 f"volume '{v.name}'{', read-only' if ro else ''}); PSS baseline "
                                 "'HostPath Volumes' forbids hostPath",
                  severity=Severity.LOW if ro else None,
                  fix="use a persistentVolumeClaim or emptyDir volume")
