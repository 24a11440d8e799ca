"""SL300 windows-host-process: Windows HostProcess container."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import (
    PSS_DOC,
    is_true,
    mapping,
    sc_levels,
    scalar,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL300",
    name="windows-host-process",
    severity=Severity.HIGH,
    summary="Windows HostProcess container",
    rationale=(
        "A Windows HostProcess container runs directly on the node, outside any container "
        "isolation, with the node's network and file system: it is a node administrator "
        "process shipped as a pod."),
    remediation=(
        "Remove `windowsOptions.hostProcess: true`; run node management tasks as a regular "
        "Windows service or in a dedicated, audited namespace."),
    references=[PSS_DOC + "#baseline",
                "https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/"],
    aliases={"cis": "5.2.11", "pss": "baseline/host-process", "trivy": "KSV-0103", "polaris": "hostProcess"},
    tags=["security", "privilege"],
    failing=lambda: [Example("pod.yaml", pod("securityContext:\n  windowsOptions: {hostProcess: true}\n"
                                     "hostNetwork: true\n" + container()))],
    passing=lambda: [Example("pod.yaml", pod("securityContext:\n  windowsOptions: {runAsUserName: ContainerUser}\n"
                                     + container()))],
    fragments=True,
)


@RULE.check(PodTemplate)
def host_process(pt: PodTemplate) -> Iterator[Hit]:
    for where, sc, _ in sc_levels(pt):
        v = scalar(mapping(sc, "windowsOptions"), "hostProcess")
        if is_true(v):
            yield Hit(v, f"{where} makes it a Windows HostProcess container; PSS baseline "
                         "'HostProcess' forbids it", fix="remove windowsOptions.hostProcess")
