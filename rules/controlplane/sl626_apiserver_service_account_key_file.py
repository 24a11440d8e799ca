"""SL626 apiserver-service-account-key-file: kube-apiserver has no service account verification key."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Required, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Required(APISERVER, ("service-account-key-file",),
                   risk="service account tokens are verified with the serving key, so its rotation invalidates every token",
                   files=('/etc/kubernetes/pki/sa.pub',),
                   what="the public key of the controller manager's --service-account-private-key-file")

RULE = Rule(
    code="SL626",
    name="apiserver-service-account-key-file",
    severity=Severity.LOW,
    summary='kube-apiserver has no service account verification key',
    rationale=(
        "Without --service-account-key-file the API server verifies service account "
        "tokens with its TLS serving key. Rotating that certificate then invalidates "
        "every token, and the tokens' signing key cannot be managed on its own."),
    remediation=(
        "Set `--service-account-key-file` to the public key matching the controller "
        "manager's `--service-account-private-key-file` (kubeadm: sa.pub)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.25', 'Ensure that the --service-account-key-file argument is set as appropriate'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0025', 'cis': '1.2.25'},
    related={'checkov': 'CKV_K8S_97', 'kics': 'Service Account Key File Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--service-account-issuer=https://kubernetes.default.svc")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--service-account-key-file=/etc/kubernetes/pki/sa.pub")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
