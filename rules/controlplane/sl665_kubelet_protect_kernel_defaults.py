"""SL665 kubelet-protect-kernel-defaults: kubelet may override the node's kernel settings."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, equals, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("protectKernelDefaults",), "protect-kernel-defaults", equals("true"), "true",
                         "--protect-kernel-defaults=true", config_default="false",
                         flag_default="false", risk="the kubelet changes kernel settings "
                         "that differ from what it expects instead of refusing to start, "
                         "undoing the node's own hardening")

RULE = Rule(
    code="SL665",
    name="kubelet-protect-kernel-defaults",
    severity=Severity.LOW,
    summary="kubelet may override the node's kernel settings",
    rationale=(
        "With `protectKernelDefaults: true` the kubelet fails when the kernel's "
        "tunables (vm.overcommit_memory, kernel.panic...) differ from its "
        "expectations, instead of changing them: the node's own hardening of those "
        "settings stays in force. The node must then set them itself."),
    remediation=(
        "Set the kernel parameters the kubelet expects on the node (sysctl), then "
        "`protectKernelDefaults: true`."),
    references=[
        DOCS[KUBELET],
        cis('4.2.6', 'Ensure that the --protect-kernel-defaults argument is set to true'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_144', 'cis': '4.2.6'},
    related={'trivy': 'KCV-0083', 'kics': 'Kubelet Protect Kernel Defaults Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("protectKernelDefaults: false\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("protectKernelDefaults: true\n")),
    ],
    opt_in="hardening",
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
