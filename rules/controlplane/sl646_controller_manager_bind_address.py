"""SL646 controller-manager-bind-address: kube-controller-manager listens on every network interface."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, loopback, cis
from .examples import static_pod
from .flags import CONTROLLER_MANAGER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(CONTROLLER_MANAGER, "bind-address", loopback, "127.0.0.1", default="0.0.0.0",
                  risk="its health, metrics and profiling endpoints listen on every interface "
                  "of the node")

RULE = Rule(
    code="SL646",
    name="controller-manager-bind-address",
    severity=Severity.MEDIUM,
    summary='kube-controller-manager listens on every network interface',
    rationale=(
        "The controller manager serves /healthz, /metrics and (unless turned off) "
        "/debug/pprof. Bound to 0.0.0.0 (the default) they are reachable from the "
        "network; bound to 127.0.0.1 only from the node."),
    remediation=(
        "Add `--bind-address=127.0.0.1`."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.7', 'Ensure that the --bind-address argument is set to 127.0.0.1'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_113', 'trivy': 'KCV-0039', 'cis': '1.3.7'},
    related={'kics': 'Bind Address Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER)),
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--bind-address=0.0.0.0")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--bind-address=127.0.0.1")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
