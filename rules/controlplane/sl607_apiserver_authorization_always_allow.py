"""SL607 apiserver-authorization-always-allow: kube-apiserver authorizes every request (AlwaysAllow)."""

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

CONTROL = Mode("AlwaysAllow", include=False,
               risk="every authenticated request is allowed, whatever RBAC says")

RULE = Rule(
    code="SL607",
    name="apiserver-authorization-always-allow",
    severity=Severity.CRITICAL,
    summary='kube-apiserver authorizes every request (AlwaysAllow)',
    rationale=(
        "The AlwaysAllow authorizer permits every request of every authenticated user "
        "and service account: RBAC rules are not consulted. It is also what the API "
        "server uses when --authorization-mode is not given. A missing "
        "--authorization-mode is reported once, here (not also as missing Node and "
        "RBAC)."),
    remediation=(
        "Set `--authorization-mode=Node,RBAC` (or use `--authorization-config`)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.7', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_74', 'trivy': 'KCV-0007', 'cis': '1.2.7'},
    related={'kics': 'Authorization Mode Set To Always Allow'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=AlwaysAllow")),
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--anonymous-auth=false")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--authorization-mode=Node,RBAC")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
