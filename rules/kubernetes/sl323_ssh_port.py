"""SL323 ssh-port: Container exposes SSH (port 22)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes.tree import k8s_value

from .examples import container, pod
from .pss import who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL323",
    name="ssh-port",
    severity=Severity.LOW,
    summary="Container exposes SSH (port 22)",
    rationale=(
        "An SSH server in a container is a second way in that bypasses the audit trail of "
        "`kubectl exec`, needs its own keys and patching, and is a common target of "
        "brute-force attacks."),
    remediation="Remove the SSH server; use `kubectl exec` or ephemeral debug containers.",
    references=["https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/"
                "#ephemeral-container"],
    aliases={"kube-linter": "ssh-port"},
    tags=["security"],
    failing=lambda: [Example("pod.yaml", pod(container("ports:\n- containerPort: 22")))],
    passing=lambda: [Example("pod.yaml", pod(container("ports:\n- containerPort: 8022\n  name: git-ssh")))],
    fragments=True,
)


@RULE.check(PodTemplate)
def ssh(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        for p in c.ports:
            if p.container_port is not None and k8s_value(p.container_port) == 22 and p.protocol == "TCP":
                yield Hit(p.container_port, f"{who(c)} exposes SSH on port 22",
                          fix="remove the SSH server; use kubectl exec")
