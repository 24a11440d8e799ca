"""SL642 controller-manager-service-account-credentials: kube-controller-manager runs every controller with its own credentials."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import CONTROLLER_MANAGER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(CONTROLLER_MANAGER, "use-service-account-credentials", equals("true"), "true",
                  default="false", risk="every controller runs with the controller "
                  "manager's own, all-powerful credentials instead of a service account of its "
                  "own")

RULE = Rule(
    code="SL642",
    name="controller-manager-service-account-credentials",
    severity=Severity.MEDIUM,
    summary='kube-controller-manager runs every controller with its own credentials',
    rationale=(
        "With --use-service-account-credentials each controller uses a service account "
        "of its own, with only the rights its system:controller: role grants. Without "
        "it, every controller shares the controller manager's identity, so one flawed "
        "controller can do what any of them can."),
    remediation=(
        "Add `--use-service-account-credentials=true`."),
    references=[
        DOCS[CONTROLLER_MANAGER],
        cis('1.3.3', 'Ensure that the --use-service-account-credentials argument is set to true'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_108', 'trivy': 'KCV-0035', 'cis': '1.3.3'},
    related={'kics': 'Use Service Account Credentials Not Set To True'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER)),
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--use-service-account-credentials=false")),
    ],
    passing=lambda: [
        Example("kube-controller-manager.yaml", static_pod(CONTROLLER_MANAGER,
                           "--use-service-account-credentials=true")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
