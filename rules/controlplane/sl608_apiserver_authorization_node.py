"""SL608 apiserver-authorization-node: kube-apiserver does not use the Node authorizer."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Mode, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Mode("Node", include=True,
               risk="kubelets are authorized by RBAC alone, so a node's credentials read "
               "every Secret and Pod instead of only those of its own pods")

RULE = Rule(
    code="SL608",
    name="apiserver-authorization-node",
    severity=Severity.MEDIUM,
    summary='kube-apiserver does not use the Node authorizer',
    rationale=(
        "The Node authorizer limits each kubelet to the objects of the pods bound to "
        "its node. Without it, kubelets need broad RBAC rights, and one compromised "
        "node reads the Secrets of the whole cluster."),
    remediation=(
        "Add Node to `--authorization-mode` (`--authorization-mode=Node,RBAC`), with "
        "the NodeRestriction admission plugin."),
    references=[
        DOCS[APISERVER],
        cis('1.2.8', 'Ensure that the --authorization-mode argument includes Node'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_75', 'trivy': 'KCV-0008', 'cis': '1.2.8'},
    related={'kics': 'Authorization Mode Node Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=RBAC")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=Node,RBAC")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
