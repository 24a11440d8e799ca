"""SL303 unsafe-sysctl: Pod sets a sysctl outside the safe set."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import (
    PSS_DOC,
    SAFE_SYSCTLS,
    obj_label,
    scalar,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL303",
    name="unsafe-sysctl",
    severity=Severity.MEDIUM,
    summary="Pod sets a sysctl outside the safe set",
    rationale=(
        "Only a handful of sysctls are namespaced and isolated per pod. The others change "
        "kernel settings shared with every pod on the node (or let one pod exhaust a shared "
        "resource); the kubelet refuses them unless an administrator allows them."),
    remediation=(
        "Remove the sysctl, or set it on the nodes (node tuning) rather than per pod. Safe "
        "sysctls: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, "
        "net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, "
        "net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_*, "
        "net.ipv4.tcp_fin_timeout, net.ipv4.tcp_rmem/wmem, net.ipv4.tcp_slow_start_after_idle, "
        "net.ipv4.tcp_notsent_lowat."),
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/"],
    aliases={"pss": "baseline/sysctls", "trivy": "KSV-0026"},
    related={"kube-linter": "unsafe-sysctls"},
    tags=["security", "isolation"],
    failing=lambda: [Example("pod.yaml", pod("securityContext:\n  sysctls:\n  - {name: kernel.msgmax, value: '65536'}\n"
                                     + container()))],
    passing=lambda: [Example("pod.yaml", pod("securityContext:\n  sysctls:\n  - {name: net.ipv4.tcp_syncookies, value: '1'}\n"
                                     + container()))],
    fragments=True,
)


@RULE.check(PodTemplate)
def sysctls(pt: PodTemplate) -> Iterator[Hit]:
    psc = pt.security_context
    if psc is None or psc.sysctls is None:
        return
    for item in psc.sysctls.items:
        name = scalar(item, "name")
        if name is None or "{{" in name.as_str():
            continue
        n = name.as_str().strip().replace("/", ".")
        if n not in SAFE_SYSCTLS:
            yield Hit(name, f"{obj_label(pt.owner)} sets sysctl '{n}', which is not in the safe "
                            "set; PSS baseline 'Sysctls' forbids it",
                      fix="remove it, or tune the nodes instead")
