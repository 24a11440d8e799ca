"""SL615 apiserver-node-restriction: kube-apiserver does not enable the NodeRestriction admission plugin."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Plugin, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Plugin("NodeRestriction", enabled=True,
                 risk="a kubelet can change any Node and the pods of other nodes, and label "
                 "its Node to attract workloads it should not see")

RULE = Rule(
    code="SL615",
    name="apiserver-node-restriction",
    severity=Severity.MEDIUM,
    summary='kube-apiserver does not enable the NodeRestriction admission plugin',
    rationale=(
        "NodeRestriction limits what a kubelet may modify to its own Node and the pods "
        "bound to it, and forbids it the node-restriction.kubernetes.io/ labels that "
        "steer workloads. It is not on by default; without it one compromised node can "
        "tamper with the others."),
    remediation=(
        "Add NodeRestriction to `--enable-admission-plugins` (with Node in "
        "`--authorization-mode`)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.16', 'Ensure that the admission control plugin NodeRestriction is set'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0016', 'cis': '1.2.16'},
    related={'checkov': 'CKV_K8S_85', 'kics': 'Node Restriction Admission Control Plugin Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=PodSecurity")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
