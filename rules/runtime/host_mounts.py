"""SL124 container-runtime-socket and SL125 sensitive-host-mount: host paths in containers."""

from __future__ import annotations

from typing import Iterator

from linter.compose import ComposeFile, Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes.examples import container, pod
from linter.kubernetes.pss import (PSS_DOC, host_path_risk, mapping, mounted_read_only, obj_label,
                                   scalar, templated)

_REFS = [
    PSS_DOC + "#baseline",
    "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
    "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
]

SOCKET = Rule(
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
    references=_REFS + [
        "CIS Docker Benchmark 5.31: Ensure that the Docker socket is not mounted inside any "
        "containers"],
    aliases={
        "pss": "baseline/host-path-volumes",
        "checkov": "CKV_K8S_27", "trivy": "KSV-0006", "kube-linter": "docker-sock",
    },
    tags=["security", "host-access", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  ci:\n    image: ci:1.0\n    volumes:\n"
                                "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"),
        Example("pod.yaml", pod(container("volumeMounts:\n- {name: sock, mountPath: /var/run/docker.sock}")
                                + "volumes:\n- name: sock\n  hostPath: {path: /var/run/docker.sock}\n")),
    ],
    passing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    volumes:\n"
                                "      - ./site:/usr/share/nginx/html:ro\n"),
        Example("pod.yaml", pod(container() + "volumes:\n- name: data\n  emptyDir: {}\n")),
    ],
)

SENSITIVE = Rule(
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
    references=_REFS + ["CIS Docker Benchmark 5.5: Ensure sensitive host system directories "
                        "are not mounted on containers"],
    aliases={
        "pss": "baseline/host-path-volumes",
        "trivy": "KSV-0121", "kube-linter": "sensitive-host-mounts",
    },
    tags=["security", "host-access", "pss-baseline"],
    failing=[
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1.0\n    volumes:\n"
                                "      - /:/host\n"),
        Example("pod.yaml", pod(container("volumeMounts:\n- {name: etc, mountPath: /host/etc}")
                                + "volumes:\n- name: etc\n  hostPath: {path: /etc}\n")),
    ],
    passing=[
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    volumes:\n"
                                "      - /etc/localtime:/etc/localtime:ro\n"),
        Example("pod.yaml", pod(container() + "volumes:\n- name: data\n  hostPath: {path: /data/app}\n")),
    ],
)


@SOCKET.check(PodTemplate)
def socket_pod(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.host_path and not templated(v.host_path) and host_path_risk(v.host_path) == "socket":
            yield Hit(v.source or v, f"{obj_label(pt.owner)} mounts the container runtime socket "
                                     f"'{v.host_path}' (volume '{v.name}'): full control of the "
                                     "node; PSS baseline 'HostPath Volumes' forbids hostPath",
                      fix="remove the hostPath volume; use a daemonless builder or a socket proxy")


@SENSITIVE.check(PodTemplate)
def sensitive_pod(pt: PodTemplate) -> Iterator[Hit]:
    for v in pt.volumes:
        if v.host_path and not templated(v.host_path) and host_path_risk(v.host_path) == "sensitive":
            ro = mounted_read_only(pt, v.name)
            yield Hit(v.source or v,
                      f"{obj_label(pt.owner)} mounts the host's '{v.host_path}' (volume "
                      f"'{v.name}'{', read-only' if ro else ', writable'}); PSS baseline "
                      "'HostPath Volumes' forbids hostPath",
                      severity=Severity.MEDIUM if ro else None,
                      fix="mount a narrower path read-only, or use a configMap/secret/PVC volume")


def _compose_binds(service: Service):
    for vm in service.volumes:
        if vm.type not in ("bind", "npipe") or not vm.source or not vm.known:
            continue
        yield vm, host_path_risk(vm.source)


@SOCKET.check(Service)
def socket_compose(service: Service) -> Iterator[Hit]:
    for vm, risk in _compose_binds(service):
        if risk == "socket":
            yield Hit(vm, f"service '{service.name}' mounts the container runtime socket "
                          f"'{vm.source}': full control of the host"
                          + (" (read-only does not limit the API)" if vm.read_only else ""),
                      fix="remove the mount; use a daemonless builder or a socket proxy")


@SENSITIVE.check(Service)
def sensitive_compose(service: Service) -> Iterator[Hit]:
    for vm, risk in _compose_binds(service):
        if risk == "sensitive":
            yield Hit(vm, f"service '{service.name}' mounts the host's '{vm.source}'"
                          + (" read-only" if vm.read_only else " writable"),
                      severity=Severity.MEDIUM if vm.read_only else None,
                      fix="mount a narrower path, read-only (`:ro`)")


def _bound_volumes(cf: ComposeFile) -> dict[str, str]:
    """Top-level named volumes that are host directories in disguise (the local driver with
    ``driver_opts: {type: none, o: bind, device: /path}``): name -> host path."""
    out: dict[str, str] = {}
    if cf.volumes is None:
        return out
    for e in cf.volumes.entries:
        opts = mapping(e.value, "driver_opts")
        device, o = scalar(opts, "device"), scalar(opts, "o")
        if device is not None and o is not None and "bind" in o.as_str().split(","):
            out[str(e.name)] = device.as_str()
    return out


def _named_binds(cf: ComposeFile, risk: str):
    bound = _bound_volumes(cf)
    if not bound:
        return
    for service in cf.services:
        for vm in service.volumes:
            if vm.type == "volume" and vm.source in bound and host_path_risk(bound[vm.source]) == risk:
                yield service, vm, bound[vm.source]


@SOCKET.check(ComposeFile)
def socket_named_volume(cf: ComposeFile) -> Iterator[Hit]:
    for service, vm, path in _named_binds(cf, "socket"):
        yield Hit(vm, f"service '{service.name}' mounts volume '{vm.source}', which binds the "
                      f"container runtime socket '{path}': full control of the host",
                  fix="remove the volume; use a daemonless builder or a socket proxy")


@SENSITIVE.check(ComposeFile)
def sensitive_named_volume(cf: ComposeFile) -> Iterator[Hit]:
    for service, vm, path in _named_binds(cf, "sensitive"):
        yield Hit(vm, f"service '{service.name}' mounts volume '{vm.source}', which binds the "
                      f"host's '{path}'" + (" read-only" if vm.read_only else " writable"),
                  severity=Severity.MEDIUM if vm.read_only else None,
                  fix="mount a narrower path, read-only")
