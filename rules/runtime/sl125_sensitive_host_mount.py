"""SL125 sensitive-host-mount: Sensitive host directory (/, /etc, /proc, /var/lib/kubelet...)
mounted into a container.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..controlplane.flags import is_control_plane
from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    host_path_risk,
    mounted_read_only,
    obj_label,
    templated,
)
from .host_mounts import REFS, compose_binds, named_binds

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import ComposeFile, Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL125",
    name="sensitive-host-mount",
    severity=Severity.HIGH,
    summary="Sensitive host directory (/, /etc, /proc, /var/lib/kubelet...) mounted into a container",
    rationale=(
        "Host directories such as /, /etc, /root, /proc, /sys, /dev, /var/lib/kubelet or "
        "/var/lib/docker hold the node's credentials, kernel interfaces, other containers' "
        "data and their secrets. A container that can read them can read every secret on the "
        "node; one that can write them owns the node."),
    remediation=(
        "Mount only the narrow path the program needs, read-only (`readOnly: true` / `:ro`), "
        "or use a volume type made for the purpose (configMap, secret, emptyDir, a "
        "PersistentVolumeClaim). Node agents that need host paths belong in a dedicated, "
        "audited namespace."),
    references=REFS + ["CIS Docker Benchmark 5.5: Ensure sensitive host system directories "
                        "are not mounted on containers"],
    aliases={"cis": "5.2.12", "pss": "baseline/host-path-volumes", "trivy": ["KSV-0121", "KSV-0023"],
             "kube-linter": "sensitive-host-mounts", "polaris": "hostPathSet",
             "kics": "Volume Has Sensitive Host Directory"},
    related={"kics": "Workload Mounting With Sensitive OS Directory"},
    tags=["security", "host-access"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1.0\n    volumes:\n"
                                "      - /:/host\n"),
        Example("pod.yaml", pod(container("volumeMounts:\n- {name: etc, mountPath: /host/etc}")
                                + "volumes:\n- name: etc\n  hostPath: {path: /etc}\n")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    volumes:\n"
                                "      - /etc/localtime:/etc/localtime:ro\n"),
        Example("pod.yaml", pod(container() + "volumes:\n- name: data\n  hostPath: {path: /data/app}\n")),
    ],
    fragments=True,
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def sensitive_pod(pt: PodTemplate) -> Iterator[Hit]:
    if is_control_plane(pt):
        return  # its certificates, configuration and data live on the node
    for v in pt.volumes:
        if v.host_path and not templated(v.host_path) and host_path_risk(v.host_path) == "sensitive":
            ro = mounted_read_only(pt, v.name)
            yield Hit(v.source or v,
                      f"{obj_label(pt.owner)} mounts the host's '{v.host_path}' (volume "
                      f"'{v.name}'{', read-only' if ro else ', writable'}); PSS baseline "
                      "'HostPath Volumes' forbids hostPath",
                      severity=Severity.MEDIUM if ro else None,
                      fix="mount a narrower path read-only, or use a configMap/secret/PVC volume")


@RULE.check("linter.compose.tree:Service")
def sensitive_compose(service: Service) -> Iterator[Hit]:
    for vm, risk in compose_binds(service):
        if risk == "sensitive":
            yield Hit(vm, f"service '{service.name}' mounts the host's '{vm.source}'"
                          + (" read-only" if vm.read_only else " writable"),
                      severity=Severity.MEDIUM if vm.read_only else None,
                      fix="mount a narrower path, read-only (`:ro`)")


@RULE.check("linter.compose.tree:ComposeFile")
def sensitive_named_volume(cf: ComposeFile) -> Iterator[Hit]:
    for service, vm, path in named_binds(cf, "sensitive"):
        yield Hit(vm, f"service '{service.name}' mounts volume '{vm.source}', which binds the "
                      f"host's '{path}'" + (" read-only" if vm.read_only else " writable"),
                  severity=Severity.MEDIUM if vm.read_only else None,
                  fix="mount a narrower path, read-only")
