"""SL664 kubelet-streaming-connection-idle-timeout: kubelet never closes idle streaming connections."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, positive_duration, zero_is_default, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("streamingConnectionIdleTimeout",), "streaming-connection-idle-timeout",
                         positive_duration, "4h0m0s", "--streaming-connection-idle-timeout=4h0m0s",
                         config_default="4h0m0s", flag_default="4h0m0s", risk="idle exec, "
                         "attach and port-forward sessions are never closed",
                         config_ok=zero_is_default)

RULE = Rule(
    code="SL664",
    name="kubelet-streaming-connection-idle-timeout",
    severity=Severity.LOW,
    summary='kubelet never closes idle streaming connections',
    rationale=(
        "`--streaming-connection-idle-timeout=0` keeps exec, attach and port-forward "
        "connections open forever: forgotten sessions stay usable, and idle "
        "connections exhaust the kubelet. In a KubeletConfiguration a zero duration "
        "means the default (4h, as kubeadm's `0s` does), so only a negative or "
        "malformed value is reported there."),
    remediation=(
        "Remove the setting (default 4h) or set a positive duration, e.g. "
        "`streamingConnectionIdleTimeout: 5m`."),
    references=[
        DOCS[KUBELET],
        cis('4.2.5', 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_143', 'cis': '4.2.5'},
    related={'trivy': 'KCV-0085', 'kics': 'Kubelet Streaming Connection Timeout Disabled'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("streamingConnectionIdleTimeout: -1s\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("streamingConnectionIdleTimeout: 5m\n")),
        Example("kubelet-config.yaml", kubelet_config("streamingConnectionIdleTimeout: 0s\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
