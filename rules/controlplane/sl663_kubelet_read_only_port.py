"""SL663 kubelet-read-only-port: kubelet serves its unauthenticated read-only port."""

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

CONTROL = KubeletSetting(("readOnlyPort",), "read-only-port", equals("0"), "0", "--read-only-port=0",
                         config_default="0", flag_default="10255", risk="the read-only port "
                         "serves pod specs, environment and metrics to anyone without "
                         "authentication")

RULE = Rule(
    code="SL663",
    name="kubelet-read-only-port",
    severity=Severity.HIGH,
    summary='kubelet serves its unauthenticated read-only port',
    rationale=(
        "The read-only port (10255, the flag's default; a KubeletConfiguration "
        "defaults it to 0) answers without authentication or authorization with the "
        "specs of the node's pods, environment variables included, and its metrics."),
    remediation=(
        "Set `readOnlyPort: 0` in the KubeletConfiguration (or `--read-only-port=0`)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.4', 'Verify that the --read-only-port argument is set to 0'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_141', 'cis': '4.2.4'},
    related={'trivy': 'KCV-0082', 'kics': 'Kubelet Read Only Port Is Not Set To Zero'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("readOnlyPort: 10255\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("readOnlyPort: 0\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
