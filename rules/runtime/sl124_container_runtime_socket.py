"""SL124 container-runtime-socket: Container runtime socket (docker.sock, containerd.sock...)
mounted into a container.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    host_path_risk,
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
    code="SL124",
    name="container-runtime-socket",
    severity=Severity.CRITICAL,
    summary="Container runtime socket (docker.sock, containerd.sock...) mounted into a container",
    rationale=(
        "Whoever can talk to the Docker, containerd or CRI-O socket can start a privileged "
        "container with the host's disk mounted: it is root on the host. Mounting the socket "
        "read-only does not help, since connecting to a socket is not a write to the file."),
    remediation=(
        "Do not mount the runtime socket (or /var/run, /run, which hold it). Build images "
        "with a daemonless builder (BuildKit rootless, Kaniko, Buildah); read container "
        "metadata from the Kubernetes API or a metrics agent with a narrow interface; if a "
        "tool truly needs the API, put a filtering proxy (e.g. docker-socket-proxy) in between."),
    references=REFS + [
        "CIS Docker Benchmark 5.31: Ensure that the Docker socket is not mounted inside any "
        "containers"],
    aliases={"cis": "5.2.12", "pss": "baseline/host-path-volumes", "checkov": "CKV_K8S_27",
             "trivy": ["KSV-0006", "KSV-0023"], "kube-linter": "docker-sock",
             "polaris": "hostPathSet", "kubesec": "DockerSock",
             "kics": ["Docker Socket Mounted In Container",
                      "Docker Daemon Socket is Exposed to Containers"]},
    tags=["security", "host-access"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  ci:\n    image: ci:1.0\n    volumes:\n"
                                "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"),
        Example("pod.yaml", pod(container("volumeMounts:\n- {name: sock, mountPath: /var/run/docker.sock}")
                                + "volumes:\n- name: sock\n  hostPath: {path: /var/run/docker.sock}\n")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    volumes:\n"
                                "      - ./site:/usr/share/nginx/html:ro\n"),
        Example("pod.yaml", pod(container() + "volumes:\n- name: data\n  emptyDir: {}\n")),
    ],
    fragments=True,
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def socket_pod(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.host_path and not templated(v.host_path) and host_path_risk(v.host_path) == "socket":
            yield Hit(v.source or v, f"{obj_label(pt.owner)} mounts the container runtime socket "
                                     f"'{v.host_path}' (volume '{v.name}'): full control of the "
                                     "node; PSS baseline 'HostPath Volumes' forbids hostPath",
                      fix="remove the hostPath volume; use a daemonless builder or a socket proxy")


@RULE.check("linter.compose.tree:Service")
def socket_compose(service: Service) -> Iterator[Hit]:
    for vm, risk in compose_binds(service):
        if risk == "socket":
            yield Hit(vm, f"service '{service.name}' mounts the container runtime socket "
                          f"'{vm.source}': full control of the host"
                          + (" (read-only does not limit the API)" if vm.read_only else ""),
                      fix="remove the mount; use a daemonless builder or a socket proxy")


@RULE.check("linter.compose.tree:ComposeFile")
def socket_named_volume(cf: ComposeFile) -> Iterator[Hit]:
    for service, vm, path in named_binds(cf, "socket"):
        yield Hit(vm, f"service '{service.name}' mounts volume '{vm.source}', which binds the "
                      f"container runtime socket '{path}': full control of the host",
                  fix="remove the volume; use a daemonless builder or a socket proxy")
