"""SL640 controller-manager-terminated-pod-gc-threshold: kube-controller-manager keeps up to 12500 terminated pods."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, at_least, cis
from .examples import static_pod
from .flags import CONTROLLER_MANAGER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(CONTROLLER_MANAGER, "terminated-pod-gc-threshold", at_least(1), "10",
                  default=None, risk="terminated pods are kept until 12500 pile up, holding "
                  "their logs, status and the resources of their nodes", required=True)

RULE = Rule(
    code="SL640",
    name="controller-manager-terminated-pod-gc-threshold",
    severity=Severity.LOW,
    summary='kube-controller-manager keeps up to 12500 terminated pods',
    rationale=(
        "The pod garbage collector deletes terminated pods only when there are more "
        "than --terminated-pod-gc-threshold of them (12500 by default). Until then "
        "they stay in etcd, which slows lists and watches. The CIS Benchmark asks for "
        "a threshold chosen for the cluster."),
    remediation=(
        "Set `--terminated-pod-gc-threshold` to a number that fits the cluster, e.g. "
        "`--terminated-pod-gc-threshold=10`."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.1', 'Ensure that the --terminated-pod-gc-threshold argument is set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_106', 'trivy': 'KCV-0033', 'cis': '1.3.1'},
    related={'kics': 'Terminated Pod Garbage Collector Threshold Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER)),
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--terminated-pod-gc-threshold=0")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--terminated-pod-gc-threshold=10")),
    ],
    opt_in="hardening",
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
