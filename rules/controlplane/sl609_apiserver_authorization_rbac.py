"""SL609 apiserver-authorization-rbac: kube-apiserver does not use RBAC."""

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

CONTROL = Mode("RBAC", include=True,
               risk="Roles and ClusterRoles are not enforced")

RULE = Rule(
    code="SL609",
    name="apiserver-authorization-rbac",
    severity=Severity.HIGH,
    summary='kube-apiserver does not use RBAC',
    rationale=(
        "Role-based access control is how Kubernetes grants least privilege to users "
        "and service accounts. Without the RBAC authorizer the cluster's Roles and "
        "bindings mean nothing."),
    remediation=(
        "Add RBAC to `--authorization-mode` (`--authorization-mode=Node,RBAC`)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.9', 'Ensure that the --authorization-mode argument includes RBAC'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_77', 'trivy': 'KCV-0009', 'cis': '1.2.9'},
    related={'kics': 'Authorization Mode RBAC Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=Node,Webhook")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=Node,RBAC")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
