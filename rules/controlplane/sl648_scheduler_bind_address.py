"""SL648 scheduler-bind-address: kube-scheduler listens on every network interface."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, loopback, cis
from .examples import static_pod
from .flags import SCHEDULER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(SCHEDULER, "bind-address", loopback, "127.0.0.1", default="0.0.0.0",
                  risk="its health, metrics and profiling endpoints listen on every interface "
                  "of the node")

RULE = Rule(
    code="SL648",
    name="scheduler-bind-address",
    severity=Severity.MEDIUM,
    summary='kube-scheduler listens on every network interface',
    rationale=(
        "The scheduler serves /healthz, /metrics and (unless turned off) /debug/pprof. "
        "Bound to 0.0.0.0 (the default) they are reachable from the network; bound to "
        "127.0.0.1 only from the node."),
    remediation=(
        "Add `--bind-address=127.0.0.1`."),
    references=[
        DOCS[SCHEDULER],
        cis('1.4.2', 'Ensure that the --bind-address argument is set to 127.0.0.1'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_115', 'trivy': 'KCV-0041', 'cis': '1.4.2'},
    related={'kics': 'Bind Address Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-scheduler.yaml", static_pod(SCHEDULER)),
        Example("kube-scheduler.yaml", static_pod(SCHEDULER,
                           "--bind-address=0.0.0.0")),
    ],
    passing=lambda: [
        Example("kube-scheduler.yaml", static_pod(SCHEDULER,
                           "--bind-address=127.0.0.1")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
