"""SL656 etcd-shared-ca: etcd trusts the CA that signs the cluster's client certificates."""

from __future__ import annotations

import posixpath

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import Container, KubernetesSet
from linter.kubernetes.objectset import directory

from .controls import CIS, DOCS, cis
from .examples import static_pod
from .flags import APISERVER, ETCD, commands

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL656",
    name="etcd-shared-ca",
    severity=Severity.MEDIUM,
    summary="etcd trusts the Kubernetes client CA",
    rationale=(
        "etcd accepts every client whose certificate its --trusted-ca-file signed. When that "
        "is the CA the API server uses for its clients (--client-ca-file), every certificate "
        "of the cluster (each kubelet's, each administrator's) also opens etcd, and with it "
        "every Secret, bypassing RBAC. Checked when the API server and etcd manifests of one "
        "directory are linted together; paths are compared on the host, through the pods' "
        "hostPath mounts."),
    remediation=(
        "Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt) and set "
        "--trusted-ca-file and --peer-trusted-ca-file to it."),
    references=[
        DOCS[ETCD],
        "https://kubernetes.io/docs/setup/best-practices/certificates/",
        cis("2.7", "Ensure that a unique Certificate Authority is used for etcd"),
        CIS,
    ],
    aliases={"cis": "2.7"},
    related={"kics": "Not Unique Certificate Authority"},
    tags=["control-plane"],
    failing=lambda: [
        Example("control-plane.yaml", static_pod(APISERVER, "--client-ca-file=/etc/kubernetes/pki/ca.crt")
                + "---\n" + static_pod(ETCD, "--trusted-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
    passing=lambda: [
        Example("control-plane.yaml", static_pod(APISERVER, "--client-ca-file=/etc/kubernetes/pki/ca.crt")
                + "---\n" + static_pod(ETCD, "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt")),
    ],
)


def host_path(container: Container, path: str) -> str:
    """Where ``path`` of the container's file system is on the node: through the hostPath
    volume mounted deepest above it (the path itself when none is)."""
    path = posixpath.normpath(path.strip())
    best = None
    for vm in container.volume_mounts:
        mount = posixpath.normpath(vm.mount_path or "")
        if path == mount or path.startswith(mount.rstrip("/") + "/"):
            volume = container.pod.volume(vm.name)
            if volume is not None and volume.host_path and (best is None or len(mount) > len(best[0])):
                best = (mount, volume.host_path)
    if best is None:
        return path
    mount, host = best
    return posixpath.normpath(host + path[len(mount):])


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    client_cas: dict[str, set[str]] = {}
    for o in kset.objects:
        if o.pod_template is not None and not o.fragment:
            for cmd in commands(o.pod_template, APISERVER):
                flag = cmd.get("client-ca-file")
                if flag is not None and flag.value.strip() and not flag.unresolved:
                    client_cas.setdefault(directory(o), set()).add(
                        host_path(cmd.container, flag.value))
    for o in kset.objects:
        if o.pod_template is None or o.fragment:
            continue
        for cmd in commands(o.pod_template, ETCD):
            flag = cmd.get("trusted-ca-file")
            if flag is None or cmd.unknowable or flag.unresolved or not flag.value.strip():
                continue
            if host_path(cmd.container, flag.value) in client_cas.get(directory(o), ()):
                yield Hit(flag, "etcd --trusted-ca-file is the CA the API server trusts for "
                                "its clients (--client-ca-file): every certificate of the "
                                "cluster can read and write etcd directly; give etcd a CA of "
                                "its own", path=o.path)
