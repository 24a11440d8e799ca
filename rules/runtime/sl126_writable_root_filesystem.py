"""SL126 writable-root-filesystem: the container can write to its image's filesystem."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import is_true, who, windows_pod

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL126",
    name="writable-root-filesystem",
    severity=Severity.LOW,
    summary="Container root filesystem is writable",
    rationale=(
        "With a writable root filesystem an attacker who gets code execution can drop tools, "
        "replace binaries and persist until the container is replaced. A read-only root, with "
        "writable volumes only where the program writes (a tmpfs or emptyDir for /tmp), makes "
        "that much harder and makes drift visible."),
    remediation=(
        "Kubernetes: set `securityContext.readOnlyRootFilesystem: true` and mount an "
        "`emptyDir` where the program writes. Compose: `read_only: true` plus `tmpfs: [/tmp]` "
        "or volumes for the data directories. Compose services are reported when they set "
        "`read_only: false`, and when it is unset only with the option "
        "`options.writable-root-filesystem.compose-missing: true`."),
    references=[
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
        "https://docs.docker.com/reference/compose-file/services/#read_only",
        "CIS Docker Benchmark 5.12: Ensure that the container's root filesystem is mounted as "
        "read only",
    ],
    aliases={"checkov": "CKV_K8S_22", "trivy": "KSV-0014",
             "kube-linter": "no-read-only-root-fs", "polaris": "notReadOnlyRootFilesystem",
             "kube-score": "container-security-context-readonlyrootfilesystem",
             "kics": "Root Container Not Mounted Read-only"},
    related={"kubesec": "ReadOnlyRootFilesystem"},
    tags=["security", "hardening"],
    options={"compose-missing": False},
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    read_only: false\n"),
        Example("pod.yaml", pod(container("securityContext: {readOnlyRootFilesystem: false}"))),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n"
                                "    tmpfs: [/tmp]\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("pod.yaml", pod(container("securityContext: {readOnlyRootFilesystem: true}"))),
        Example("pod.yaml", pod("os: {name: windows}\n" + container())),
    ],
    opt_in="hardening",
    fragments=True,  # a patch's `readOnlyRootFilesystem: false` is written; unset is not judged
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # Windows containers do not support a read-only root filesystem
    for c in pt.init_containers + pt.containers:
        f = c.effective_security_context.read_only_root_filesystem
        if f is None and pt.partial:
            continue  # a patch: its base decides
        if f is None or not is_true(f.node):
            yield Hit(f.node if f is not None else c.name_span,
                      f"{who(c)} has a writable root filesystem (readOnlyRootFilesystem is "
                      f"{'not set' if f is None else f.node.as_str()})",
                      fix="set securityContext.readOnlyRootFilesystem: true and mount an "
                          "emptyDir where it writes")


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    ro = service.read_only
    if ro is not None:
        if ro.known and ro.as_bool() is False:
            yield Hit(ro, f"service '{service.name}' turns the read-only root filesystem off "
                          f"(read_only: {ro.value})",
                      fix="set `read_only: true` and add `tmpfs:` or volumes where it writes")
        return
    if not RULE.option("compose-missing") or (service.image is None and service.build is None):
        return  # unset: reported only when asked (development stacks rarely set it)
    yield Hit(service, f"service '{service.name}' has a writable root filesystem (read_only is "
                       "not set)", fix="set `read_only: true` and add `tmpfs:` or volumes where it writes")
