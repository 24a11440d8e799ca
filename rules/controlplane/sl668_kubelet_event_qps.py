"""SL668 kubelet-event-qps: kubelet records too few events per second."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, captures_events, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("eventRecordQPS",), "event-qps", captures_events, "50", "--event-qps=50",
                         config_default="50", flag_default="50", risk="events beyond that rate "
                         "are dropped, so what happened on the node may not be recorded")

RULE = Rule(
    code="SL668",
    name="kubelet-event-qps",
    severity=Severity.LOW,
    summary='kubelet records too few events per second',
    rationale=(
        "`eventRecordQPS` caps the events the kubelet sends per second (50 by default; "
        "0 means no cap). A cap below 5 drops the events an investigation relies on "
        "(failed mounts, image pulls, evictions) as soon as a few pods misbehave."),
    remediation=(
        "Remove the setting (default 50), or set 5 or more, or 0 (no cap)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.9', 'Ensure that the --event-qps argument is set to 0 or a level which ensures appropriate event capture'),
        CIS,
    ],
    aliases={'cis': '4.2.9'},
    related={'checkov': 'CKV_K8S_147', 'trivy': 'KCV-0087', 'kics': 'Kubelet Event QPS Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("eventRecordQPS: 1\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("eventRecordQPS: 50\n")),
        Example("kubelet-config.yaml", kubelet_config("eventRecordQPS: 0\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
    opt_in="hardening",
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
