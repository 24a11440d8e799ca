"""SL601 apiserver-token-auth-file: kube-apiserver authenticates with a static token file."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Forbidden, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Forbidden(APISERVER, "token-auth-file",
                    risk="static bearer tokens live in a plain file on the node, never expire and "
                    "cannot be revoked without restarting the API server",
                    remedy="remove the flag and authenticate with client certificates, service "
                    "account tokens or OIDC")

RULE = Rule(
    code="SL601",
    name="apiserver-token-auth-file",
    severity=Severity.MEDIUM,
    summary='kube-apiserver authenticates with a static token file',
    rationale=(
        "Tokens in a --token-auth-file are stored in clear text on the control-plane "
        "node, last forever and can only be changed by editing the file and restarting "
        "the API server: one leaked token is a permanent credential."),
    remediation=(
        "Remove `--token-auth-file`; use client certificates, service account tokens "
        "or an OIDC provider."),
    references=[
        DOCS[APISERVER],
        cis('1.2.2', 'Ensure that the --token-auth-file parameter is not set'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_70', 'trivy': 'KCV-0002', 'cis': '1.2.2'},
    related={'kics': 'Token Auth File Is Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--token-auth-file=/etc/kubernetes/tokens.csv")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--client-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
